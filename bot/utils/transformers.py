"""App command options that name an FAQ entry: one Transformer offers the entries as you type and looks up
the one picked (as discord.py's examples/app_commands/transformers.py does), for /ask, /faq show and
/faqadmin teach."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands

from bot.core import Entry, Knowledge, limits
from bot.utils.localize import suggested
from bot.utils.render import entry_choices

if TYPE_CHECKING:
    from bot.client import FaqBot


@dataclass(frozen=True, slots=True)
class Named:
    """What was given for an entry option: the text, trimmed, and the entry it names by id (None: none)."""

    text: str
    entry: Entry | None


def named(knowledge: Knowledge, text: str) -> Named:
    """`text`, and the entry it names when it is an entry id (what an autocomplete choice sends)."""
    text = text.strip()
    return Named(text, knowledge.entry(text))


class EntryTransformer(app_commands.Transformer):
    """An option whose autocomplete offers FAQ questions for what is typed, each named by its question and
    valued by its entry id (with `by_id`, first the entries whose id starts with what is typed); the value
    arrives as `Named`, looked up in the FAQ served now. `max_length` bounds what may be typed."""

    def __init__(self, *, by_id: bool = False, max_length: int | None = None) -> None:
        self.by_id = by_id
        self.max_length = max_length

    @property
    def min_value(self) -> int | None:
        return 1 if self.max_length is not None else None

    @property
    def max_value(self) -> int | None:
        return self.max_length

    async def transform(self, interaction: discord.Interaction, value: str, /) -> Named:
        return named(cast("FaqBot", interaction.client).knowledge, value)

    async def autocomplete(  # type: ignore[override]  # the stub allows int and float choices too
        self, interaction: discord.Interaction, value: str, /
    ) -> list[app_commands.Choice[str]]:
        matcher = cast("FaqBot", interaction.client).matcher
        typed = value.strip().casefold()
        by_id = [e for e in matcher.knowledge.entries if self.by_id and typed and e.id.startswith(typed)]
        found = suggested(matcher, value, interaction.locale, limits.MAX_CHOICES)
        return entry_choices(list({e.id: e for e in [*by_id, *found]}.values()))
