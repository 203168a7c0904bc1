"""Pages of FAQ questions, topic menus and choices, and the browse feature's refusals."""

from __future__ import annotations

import math
from collections.abc import Sequence

import discord
from discord import app_commands

from bot.core import Entry, Source, limits
from bot.exts._shared.render import clip, echo, fit_embed, source_footer

PAGE_SIZE = 10
ALL_TOPICS = "All topics"
ALL_OPTION = "all"  # select option values are "all" or a topic's position: always short, never ambiguous


def page_count(total: int) -> int:
    return max(1, math.ceil(total / PAGE_SIZE))


def browse_embed(entries: Sequence[Entry], topic: str | None, page: int, source: Source) -> discord.Embed:
    """One page of questions with the ids /faq show takes."""
    pages = page_count(len(entries))
    shown = entries[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    lines = [f"`{e.id}` — {e.question}" for e in shown]
    return fit_embed(
        title=f"FAQ · {topic or ALL_TOPICS}",
        description="\n".join(lines) or "No questions here yet.",
        footer=f"Page {page + 1} of {pages} · open one with /faq show · {source_footer(source)}",
    )


def topic_options(topics: Sequence[str], selected: str | None) -> list[discord.SelectOption]:
    """ "All topics" then each topic (at most 25 in all), the shown one marked as chosen."""
    options = [discord.SelectOption(label=ALL_TOPICS, value=ALL_OPTION, default=selected is None)]
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


def unknown_topic(topic: str, topics: Sequence[str]) -> str:
    return clip(f"There's no topic “{echo(topic)}”. The topics are: {', '.join(topics)}.", limits.CONTENT)


def unknown_entry(text: str) -> str:
    text = f"No FAQ entry “{echo(text)}”. Start typing and pick a question from the list."
    return clip(text, limits.CONTENT)


def not_yours(owner_mention: str) -> str:
    return f"Only {owner_mention} can turn these pages. Run /faq browse to get your own."
