"""Pages of FAQ questions, topic menus and choices, and the browse feature's refusals."""

from __future__ import annotations

import math
from collections.abc import Sequence

import discord
from discord import app_commands

from bot.core import Entry, Source, limits
from bot.messages import message
from bot.utils.render import clip, echo, fit_embed, source_footer

PAGE_SIZE = 10
ALL_OPTION = "all"  # select option values are "all" or a topic's position: always short, never ambiguous


def page_count(total: int) -> int:
    return max(1, math.ceil(total / PAGE_SIZE))


def browse_embed(
    entries: Sequence[Entry], topic: str | None, page: int, source: Source, lang: str = "en"
) -> discord.Embed:
    """One page of questions with the ids /faq show takes, for a reader of `lang` (the entries already
    as they read them)."""
    pages = page_count(len(entries))
    shown = entries[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    lines = [f"`{e.id}` — {e.question}" for e in shown]
    footer = message("browse.footer", lang, page=page + 1, pages=pages, source=source_footer(source, lang))
    return fit_embed(
        title=message("browse.title", lang, topic=topic or message("browse.all_topics", lang)),
        description="\n".join(lines) or message("browse.empty", lang),
        footer=footer,
    )


def topic_options(
    topics: Sequence[str], selected: str | None, lang: str = "en"
) -> list[discord.SelectOption]:
    """ "All topics" then each topic (at most 25 in all), the shown one marked as chosen."""
    everything = message("browse.all_topics", lang)
    options = [discord.SelectOption(label=everything, value=ALL_OPTION, default=selected is None)]
    for position, topic in enumerate(topics[: limits.SELECT_OPTIONS - 1]):
        label = clip(topic, limits.SELECT_OPTION_LABEL)
        options.append(discord.SelectOption(label=label, value=str(position), default=topic == selected))
    return options


def topic_from_option(topics: Sequence[str], value: str) -> str | None:
    return None if value == ALL_OPTION else topics[int(value)]


def topic_choices(topics: Sequence[str], typed: str) -> list[app_commands.Choice[str]]:
    """Topics containing what was typed (case-insensitive), within Discord's choice limits."""
    wanted = typed.casefold().strip()
    fitting = [t for t in topics if wanted in t.casefold() and len(t) <= limits.CHOICE_VALUE]
    return [
        app_commands.Choice(name=clip(t, limits.CHOICE_NAME), value=t) for t in fitting[: limits.MAX_CHOICES]
    ]


def unknown_topic(topic: str, topics: Sequence[str], lang: str = "en") -> str:
    listed = message("common.list_separator", lang).join(topics)
    return clip(message("browse.unknown_topic", lang, topic=echo(topic), topics=listed), limits.CONTENT)


def unknown_entry(text: str, lang: str = "en") -> str:
    return clip(message("browse.unknown_entry", lang, entry=echo(text)), limits.CONTENT)


def not_yours(owner_mention: str, lang: str = "en") -> str:
    return message("browse.not_yours", lang, owner=owner_mention)
