"""The buttons under an answer. They are DynamicItems: their state is in the custom_id, so they keep
working after a restart once `FaqBot.setup_hook` has registered DYNAMIC_ITEMS."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import discord

from bot.core import Citation, Entry, Knowledge, limits
from bot.errors import reported
from bot.exts._shared.records import record_vote
from bot.exts._shared.render import (
    FEEDBACK_NOT_RECORDED,
    answer_embed,
    button_label,
    cooldown_message,
    feedback_thanks,
    paragraph_button_label,
    paragraphs_embed,
)
from bot.exts._shared.server import interaction_placement

if TYPE_CHECKING:
    from bot.client import FaqBot

# custom_id formats, one per kind of button; the templates that parse them are derived from these.
ANSWER_ID = "faq:ans:{entry_id}"
FEEDBACK_ID = "faq:fb:{entry_id}:{helpful}"
PARAGRAPH_ID = "faq:para:{entry_id}"
_PARTS = {"entry_id": r"[a-z0-9-]+", "helpful": "[01]"}
MAX_RELATED = 5  # one row of buttons

GONE = "That question is no longer in the FAQ. Try /ask again."


def _template(custom_id_format: str) -> str:
    escaped = re.escape(custom_id_format)
    return re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m[1]}>{_PARTS[m[1]]})", escaped)


def fits(entry_id: str) -> bool:
    """Whether every button for this entry has a custom_id within Discord's limit."""
    longest = FEEDBACK_ID.format(entry_id=entry_id, helpful=1)
    return len(longest) <= limits.CUSTOM_ID


def _bot(interaction: discord.Interaction) -> FaqBot:
    return cast("FaqBot", interaction.client)


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=_template(ANSWER_ID)):
    """Answers one entry: a related question under an answer, or a "did you mean" suggestion."""

    def __init__(self, entry_id: str, label: str | None = None) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=button_label(label) if label else None,
            style=discord.ButtonStyle.primary,
            custom_id=ANSWER_ID.format(entry_id=entry_id),
        )
        super().__init__(button)
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> AnswerButton:
        return cls(match["entry_id"])

    @reported
    async def callback(self, interaction: discord.Interaction) -> None:
        bot = _bot(interaction)
        entry = bot.knowledge.entry(self.entry_id)
        if entry is None:
            await interaction.response.send_message(GONE, ephemeral=True)
            return
        retry_after = bot.answer_cooldown.retry_after(interaction.user.id)
        if retry_after:
            await interaction.response.send_message(cooldown_message(retry_after), ephemeral=True)
            return
        await show_answer(interaction, entry, bot.knowledge)


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=_template(FEEDBACK_ID)):
    """The "Helpful" and "Not helpful" buttons under an answer."""

    def __init__(self, entry_id: str, helpful: bool) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label="Helpful" if helpful else "Not helpful",
            emoji="👍" if helpful else "👎",
            style=discord.ButtonStyle.secondary,
            custom_id=FEEDBACK_ID.format(entry_id=entry_id, helpful=int(helpful)),
        )
        super().__init__(button)
        self.entry_id = entry_id
        self.helpful = helpful

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FeedbackButton:
        return cls(match["entry_id"], match["helpful"] == "1")

    @reported
    async def callback(self, interaction: discord.Interaction) -> None:
        # Thanked only once the vote is stored: "Recorded" must be true.
        recorded = interaction.message is not None and await record_vote(
            _bot(interaction),
            message_id=interaction.message.id,
            entry_id=self.entry_id,
            guild_id=interaction.guild_id,
            user_id=interaction.user.id,
            helpful=self.helpful,
        )
        text = feedback_thanks(self.helpful) if recorded else FEEDBACK_NOT_RECORDED
        await interaction.response.send_message(text, ephemeral=True)


class ParagraphButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=_template(PARAGRAPH_ID)):
    """Shows the whole paragraphs an answer quotes from, to the one who asks."""

    def __init__(self, entry_id: str, label: str | None = None) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=label,
            emoji="📄",
            style=discord.ButtonStyle.secondary,
            custom_id=PARAGRAPH_ID.format(entry_id=entry_id),
        )
        super().__init__(button)
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ParagraphButton:
        return cls(match["entry_id"])

    @reported
    async def callback(self, interaction: discord.Interaction) -> None:
        knowledge = _bot(interaction).knowledge
        entry = knowledge.entry(self.entry_id)
        if entry is None:
            await interaction.response.send_message(GONE, ephemeral=True)
            return
        embed = paragraphs_embed(entry, knowledge.article, knowledge.source)
        await interaction.response.send_message(embed=embed, ephemeral=True)


DYNAMIC_ITEMS = (AnswerButton, FeedbackButton, ParagraphButton)


def answer_buttons(entries: list[Entry]) -> list[AnswerButton]:
    """One answer button per entry (each once, at most a row), skipping ids too long for a custom_id."""
    unique = list({e.id: e for e in entries if fits(e.id)}.values())
    return [AnswerButton(e.id, e.question) for e in unique[:MAX_RELATED]]


def answer_view(entry: Entry, knowledge: Knowledge) -> discord.ui.View:
    """Related questions on the first row; feedback and the whole paragraph on the second."""
    view = discord.ui.View(timeout=None)
    related = [e for e in map(knowledge.entry, entry.related) if e is not None]
    for button in answer_buttons(related):
        button.row = 0
        view.add_item(button)
    if fits(entry.id):
        for item in (
            FeedbackButton(entry.id, helpful=True),
            FeedbackButton(entry.id, helpful=False),
            ParagraphButton(entry.id, paragraph_button_label(entry)),
        ):
            item.row = 1
            view.add_item(item)
    return view


async def send_answer(
    interaction: discord.Interaction,
    entry: Entry,
    knowledge: Knowledge,
    *,
    ephemeral: bool,
    content: str | None = None,
    citations: Sequence[Citation] | None = None,
) -> None:
    """Respond to `interaction` with the answer embed and its buttons."""
    await interaction.response.send_message(
        content,
        embed=answer_embed(entry, knowledge.source, citations),
        view=answer_view(entry, knowledge),
        ephemeral=ephemeral,
    )


async def show_answer(interaction: discord.Interaction, entry: Entry, knowledge: Knowledge) -> None:
    """Answer a button click: in place on a message only the clicker sees, else as a new message placed
    by the server's settings, like /ask (private by its choice, and always outside its allowed channels)."""
    message = interaction.message
    if message is not None and message.flags.ephemeral:
        embed = answer_embed(entry, knowledge.source)
        await interaction.response.edit_message(content=None, embed=embed, view=answer_view(entry, knowledge))
        return
    where = await interaction_placement(_bot(interaction), interaction)
    await send_answer(interaction, entry, knowledge, ephemeral=where.ephemeral, content=where.note)
