"""The controls of /faqadmin: a menu per unanswered question to teach it, and an Undo button per teaching.

Both check Manage Server when used, as the commands do. The menus hold the questions they teach, which
don't fit in a custom_id, so they live in this process for as long as the interaction does; the Undo
buttons carry the teaching's number and keep working after a restart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import discord

from bot.core import Entry, Matcher
from bot.core.grouping import QuestionGroup
from bot.errors import View, reported
from bot.exts.admin import _teach
from bot.exts.admin._render import (
    NOT_IN_ARTICLE_VALUE,
    SUGGESTED_ENTRIES,
    TEACHABLE_GROUPS,
    teach_options,
    teach_placeholder,
    undo_label,
)
from bot.utils.checks import require_manage_guild
from bot.utils.localize import localized

if TYPE_CHECKING:
    from bot.client import FaqBot

UNDO_ID = "faq:undo:{teaching}"
MENU_SECONDS = 15 * 60  # as long as Discord keeps the interaction that showed the menus


def teachable(matcher: Matcher, groups: Sequence[QuestionGroup], reader: str) -> list[Teachable]:
    """The groups shown with a menu, each with the entries the matcher finds nearest to its question."""
    knowledge = matcher.knowledge
    return [
        Teachable(g.question, [localized(knowledge, e, reader) for e in _nearest(matcher, g.question)])
        for g in groups[:TEACHABLE_GROUPS]
    ]


def _nearest(matcher: Matcher, question: str) -> list[Entry]:
    answer = matcher.answer(question)
    found = [answer.entry, answer.closest, *answer.suggestions, *(c.entry for c in answer.candidates)]
    # The served knowledge's own entries, whatever language the answer was localized to.
    unique = {e.id: matcher.knowledge.entry(e.id) for e in found if e is not None}
    return [e for e in unique.values() if e is not None][:SUGGESTED_ENTRIES]


@dataclass(frozen=True, slots=True)
class Teachable:
    """A grouped unanswered question and the entries it may be a phrasing of, best first."""

    question: str
    entries: list[Entry]


class TeachMenus(View):
    """Under /faqadmin unanswered: one menu per grouped question, "add as a phrasing of …" or "the
    article doesn't say this"."""

    def __init__(self, teachables: Sequence[Teachable], reader: str) -> None:
        super().__init__(timeout=MENU_SECONDS)
        for index, taught in enumerate(teachables):
            self.add_item(_TeachMenu(taught.question, taught.entries, reader, index))

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        require_manage_guild(interaction)  # whoever can see the message: only managers may teach
        return await super().interaction_check(interaction)


class _TeachMenu(discord.ui.Select[TeachMenus]):
    def __init__(self, question: str, entries: Sequence[Entry], reader: str, index: int) -> None:
        super().__init__(
            custom_id=f"faq:teach:{index}",
            placeholder=teach_placeholder(question, reader),
            options=teach_options(entries, reader),
            row=index,
        )
        self.question = question

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        bot = cast("FaqBot", interaction.client)
        await interaction.response.defer(ephemeral=True, thinking=True)
        [picked] = self.values
        entry_id = None if picked == NOT_IN_ARTICLE_VALUE else picked
        await _teach.teach(bot, interaction, self.question, entry_id)


def undo_buttons(teaching_ids: Sequence[int], reader: str) -> discord.ui.View | None:
    if not teaching_ids:
        return None
    view = discord.ui.View(timeout=None)
    for teaching_id in teaching_ids:
        view.add_item(UndoButton(teaching_id, undo_label(teaching_id, reader)))
    return view


class UndoButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"faq:undo:(?P<teaching>[0-9]{1,18})"
):
    """Takes one teaching back, in every process."""

    def __init__(self, teaching_id: int, label: str | None = None) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=label, style=discord.ButtonStyle.secondary, custom_id=UNDO_ID.format(teaching=teaching_id)
        )
        super().__init__(button)
        self.teaching_id = teaching_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> UndoButton:
        return cls(int(match["teaching"]))

    @reported
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        require_manage_guild(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await _teach.undo(cast("FaqBot", interaction.client), interaction, self.teaching_id)
