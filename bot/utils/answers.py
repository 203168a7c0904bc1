"""One answer message, built in one place (`answer_message`): the embed and the controls under it, and the
controls under "the article doesn't say".

The controls are DynamicItems: their state is in the custom_id (or, for a menu, in the option picked), so
they keep working after a restart once `FaqBot.setup_hook` has registered DYNAMIC_ITEMS."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import discord

from bot.core import MAX_PASSAGES, Article, Citation, Entry, Knowledge, Passage, Source, limits, passages
from bot.errors import reported
from bot.messages import message
from bot.utils.custom_ids import template
from bot.utils.localize import interaction_reader, localized
from bot.utils.records import record_vote
from bot.utils.render import (
    SOURCE_COLOUR,
    button_label,
    fit_embed,
    glance_embed,
    question_options,
    source_footer,
)
from bot.utils.server import interaction_placement

if TYPE_CHECKING:
    from bot.client import FaqBot

# custom_id formats, one per kind of control; the templates that parse them are derived from these.
ANSWER_ID = "faq:ans:{entry_id}"  # the related and "did you mean" buttons of messages sent before the menus
MENU_ID = "faq:menu:{menu}"  # a menu of questions: the option picked is the entry id to answer
FEEDBACK_ID = "faq:fb:{entry_id}:{helpful}"
PARAGRAPH_ID = "faq:para:{entry_id}"
DELETE_ID = "faq:del:{asker}"  # the asker's user id: only they may delete the answer
_PARTS = {"entry_id": r"[a-z0-9-]+", "helpful": "[01]", "menu": "rel|sug", "asker": "[0-9]{1,20}"}
RELATED, SUGGESTED = "rel", "sug"
MENU_PLACEHOLDERS = {RELATED: "answer.related_questions", SUGGESTED: "answer.did_you_mean"}  # catalogue keys


def _template(custom_id_format: str) -> str:
    return template(custom_id_format, _PARTS)


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
        await _answer_picked(interaction, self.entry_id)


class QuestionMenu(discord.ui.DynamicItem[discord.ui.Select[Any]], template=_template(MENU_ID)):
    """A menu of questions: related ones under an answer, or "did you mean" when the article doesn't
    say. Picking one answers it, placed as a related click is (`show_answer`)."""

    def __init__(self, menu: str, entries: Sequence[Entry] = (), lang: str = "en") -> None:
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=MENU_ID.format(menu=menu),
            placeholder=message(MENU_PLACEHOLDERS[menu], lang),
            options=question_options(entries),
        )
        super().__init__(select)
        self.menu = menu

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> QuestionMenu:
        return cls(match["menu"])

    @reported
    async def callback(self, interaction: discord.Interaction) -> None:
        await _answer_picked(interaction, self.item.values[0])


def question_menu(menu: str, entries: Sequence[Entry], lang: str = "en") -> QuestionMenu | None:
    """The menu offering `entries` (as their reader reads them), or None when there is nothing to offer."""
    return QuestionMenu(menu, entries, lang) if question_options(entries) else None


async def _answer_picked(interaction: discord.Interaction, entry_id: str) -> None:
    bot = _bot(interaction)
    reader = interaction_reader(interaction)
    entry = bot.knowledge.entry(entry_id)
    if entry is None:
        await interaction.response.send_message(message("answer.gone", reader), ephemeral=True)
        return
    bot.answer_cooldown.check(interaction.user.id)
    await show_answer(interaction, localized(bot.knowledge, entry, reader), bot.knowledge, lang=reader)


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=_template(FEEDBACK_ID)):
    """The "Helpful" and "Not helpful" buttons under an answer."""

    def __init__(self, entry_id: str, helpful: bool, lang: str = "en") -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=message("answer.helpful" if helpful else "answer.not_helpful", lang),
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
        reader = interaction_reader(interaction)
        not_recorded = message("answer.vote_not_recorded", reader)
        text = feedback_thanks(self.helpful, reader) if recorded else not_recorded
        await interaction.response.send_message(text, ephemeral=True)


class ParagraphButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=_template(PARAGRAPH_ID)):
    """Shows the whole paragraphs an answer quotes excerpts of, or left out to be read at a glance, to the
    one who asks."""

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
        reader = interaction_reader(interaction)
        entry = knowledge.entry(self.entry_id)
        if entry is None:
            await interaction.response.send_message(message("answer.gone", reader), ephemeral=True)
            return
        shown = localized(knowledge, entry, reader)
        whole = _answer_embed(shown, knowledge, None, reader)[1]
        embed = paragraphs_embed(shown, knowledge.article, knowledge.source, whole, lang=reader)
        await interaction.response.send_message(embed=embed, ephemeral=True)


class DeleteButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=_template(DELETE_ID)):
    """Deletes a public answer, for the person who asked for it only."""

    def __init__(self, asker: int, lang: str = "en") -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=message("answer.delete", lang),
            emoji="🗑️",
            style=discord.ButtonStyle.secondary,
            custom_id=DELETE_ID.format(asker=asker),
        )
        super().__init__(button)
        self.asker = asker

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DeleteButton:
        return cls(int(match["asker"]))

    @reported
    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.asker:
            reader = interaction_reader(interaction)
            await interaction.response.send_message(message("answer.not_the_asker", reader), ephemeral=True)
            return
        # Through the interaction, not the channel: this works where the bot is only a user app too.
        await interaction.response.defer()
        await interaction.delete_original_response()


DYNAMIC_ITEMS = (QuestionMenu, AnswerButton, FeedbackButton, ParagraphButton, DeleteButton)


def _is_excerpt(passage: Passage, citations: Sequence[Citation], article: Article) -> bool:
    cited = [c for c in citations if c.paragraph in passage.paragraphs]
    return any(c.quote.strip() != article.paragraph(c.paragraph).strip() for c in cited)


def _excerpts(citations: Sequence[Citation], article: Article) -> list[int]:
    """The paragraphs, in article order, of the shown passages that are excerpts, not whole paragraphs."""
    shown = passages(citations)[:MAX_PASSAGES]
    return sorted({n for p in shown if _is_excerpt(p, citations, article) for n in p.paragraphs})


def _answer_embed(
    entry: Entry, knowledge: Knowledge, citations: Sequence[Citation] | None, lang: str
) -> tuple[discord.Embed, list[int]]:
    """The answer embed (within its glance budget), and the paragraphs, in article order, that a reader
    can see whole only with "Show the whole paragraph": excerpts, and passages cut for the glance."""
    quoted = entry.citations if citations is None else citations
    shown = passages(quoted)[:MAX_PASSAGES]
    footer = source_footer(knowledge.source, lang)
    glance = glance_embed(title=entry.question, text=entry.answer, shown=shown, footer=footer)
    more = set(_excerpts(quoted, knowledge.article)) | set(glance.cut)
    return glance.embed, sorted(more)


@dataclass(frozen=True, slots=True)
class AnswerMessage:
    embed: discord.Embed
    view: discord.ui.View


def answer_message(
    entry: Entry,
    knowledge: Knowledge,
    citations: Sequence[Citation] | None = None,
    *,
    asker: int | None = None,
    lang: str = "en",
) -> AnswerMessage:
    """One answer: the embed and the controls under it, for a reader of `lang`.

    The embed: the entry's question as title; its answer, then at most 3 passages (lead first, as cited:
    the most relevant is the one a glance takes in) as blockquotes labelled with their paragraphs, none
    repeating what the answer quotes, while the embed stays within its glance budget (`glance_embed`:
    always the lead passage, at least its first sentence); the source.
    `citations` are the matcher's for a question (the entry's, perhaps with a sibling's lead passage);
    `entry` is already as its reader reads it.

    The controls, at most two rows: a "Related questions" menu; then Helpful, Not helpful, "Show the whole
    paragraph" only when a passage is shown as an excerpt of its paragraph or left out for the glance,
    Delete for the `asker` of a public answer (None: a private answer, which its reader can dismiss), and a
    link to the article when the FAQ gives its `source.url`.
    """
    embed, more = _answer_embed(entry, knowledge, citations, lang)
    view = discord.ui.View(timeout=None)
    related = [localized(knowledge, e, lang) for e in map(knowledge.entry, entry.related) if e is not None]
    menu = question_menu(RELATED, related, lang)
    if menu is not None:
        menu.row = 0
        view.add_item(menu)
    buttons: list[discord.ui.Item[Any]] = []
    if fits(entry.id):
        buttons += [FeedbackButton(entry.id, True, lang), FeedbackButton(entry.id, False, lang)]
        if more:
            buttons.append(ParagraphButton(entry.id, paragraph_button_label(more, lang)))
    if asker is not None:
        buttons.append(DeleteButton(asker, lang))
    if knowledge.source.url:  # the whole article, a click away, when the FAQ says where it is
        label = message("answer.read_article", lang)
        buttons.append(discord.ui.Button(label=label, url=knowledge.source.url))
    for item in buttons:  # at most 5 of Discord's 5 a row
        item.row = 1
        view.add_item(item)
    return AnswerMessage(embed, view)


async def send_answer(
    interaction: discord.Interaction,
    entry: Entry,
    knowledge: Knowledge,
    *,
    ephemeral: bool,
    content: str | None = None,
    citations: Sequence[Citation] | None = None,
    lang: str = "en",
) -> None:
    """Respond to `interaction` with the answer message (Delete for its asker when public)."""
    asker = None if ephemeral else interaction.user.id
    answer = answer_message(entry, knowledge, citations, asker=asker, lang=lang)
    await interaction.response.send_message(
        content, embed=answer.embed, view=answer.view, ephemeral=ephemeral
    )


async def show_answer(
    interaction: discord.Interaction, entry: Entry, knowledge: Knowledge, *, lang: str = "en"
) -> None:
    """Answer a button click: in place on a message only the clicker sees, else as a new message placed
    by the server's settings, like /ask (private by its choice, and always outside its allowed channels)."""
    clicked = interaction.message
    if clicked is not None and clicked.flags.ephemeral:
        answer = answer_message(entry, knowledge, lang=lang)
        await interaction.response.edit_message(content=None, embed=answer.embed, view=answer.view)
        return
    where = await interaction_placement(_bot(interaction), interaction, lang=lang)
    await send_answer(interaction, entry, knowledge, ephemeral=where.ephemeral, content=where.note, lang=lang)


def cited_paragraphs(entry: Entry) -> list[int]:
    """The paragraphs an entry cites, each once, in article order."""
    return sorted({c.paragraph for c in entry.citations})


def paragraph_button_label(paragraphs: Sequence[int], lang: str = "en") -> str:
    many = len(paragraphs) > 1
    return button_label(message("answer.show_paragraphs" if many else "answer.show_paragraph", lang))


def paragraphs_embed(
    entry: Entry, article: Article, source: Source, paragraphs: Sequence[int] = (), *, lang: str = "en"
) -> discord.Embed:
    """The full text of `paragraphs` (by default every paragraph the entry cites), for reading a quote
    in context."""
    numbers = list(paragraphs) or cited_paragraphs(entry)
    fields = [(message("answer.paragraph", lang, number=n), article.paragraph(n)) for n in numbers]
    listed = message("common.list_separator", lang).join(map(str, numbers))
    title = (
        message("answer.paragraphs", lang, numbers=listed)
        if len(numbers) > 1
        else message("answer.paragraph", lang, number=listed)
    )
    return fit_embed(
        title=title,
        description=message("answer.passages_behind", lang, question=entry.question),
        fields=fields,
        footer=source_footer(source, lang),
        colour=SOURCE_COLOUR,
    )


def feedback_thanks(helpful: bool, lang: str = "en") -> str:
    return message("answer.thanks_helpful" if helpful else "answer.thanks_not_helpful", lang)
