"""The FAQ browser: a topic menu and Prev/Next pages, for the one who opened it.

Who opened it, the topic and the page are in each control's custom_id: the controls are DynamicItems
(registered by the extension's setup), so a browser posted before a restart still turns its pages.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

import discord

from bot.core import Knowledge
from bot.errors import reported
from bot.exts.browse._render import (
    ALL_OPTION,
    browse_embed,
    not_yours,
    page_count,
    topic_from_option,
    topic_options,
)
from bot.messages import message
from bot.utils.custom_ids import template
from bot.utils.localize import interaction_reader, localized, topic_label

if TYPE_CHECKING:
    from bot.client import FaqBot

# custom_id formats; `topic` is a topic menu option's value ("all" or the topic's position).
PAGE_ID = "faq:page:{owner_id}:{topic}:{page}:{move}"
TOPICS_ID = "faq:topics:{owner_id}"
PREVIOUS, NEXT = "p", "n"
_PARTS = {"owner_id": r"\d{1,20}", "topic": rf"{ALL_OPTION}|\d{{1,3}}", "page": r"\d{1,4}", "move": "[pn]"}


def _template(custom_id_format: str) -> str:
    return template(custom_id_format, _PARTS)


def _topic(knowledge: Knowledge, option: str) -> str | None:
    """The topic an option names; all topics when the FAQ has changed and it names none any more."""
    if option != ALL_OPTION and int(option) >= len(knowledge.topics):
        return None
    return topic_from_option(knowledge.topics, option)


def browser(
    knowledge: Knowledge, owner_id: int, topic: str | None, page: int, lang: str = "en"
) -> tuple[discord.Embed, discord.ui.View]:
    """One page of the browser (clamped to the pages there are) and its controls, for a reader of `lang`."""
    entries = knowledge.by_topic(topic) if topic else knowledge.entries
    pages = page_count(len(entries))
    page = min(max(page, 0), pages - 1)
    option = ALL_OPTION if topic is None else str(knowledge.topics.index(topic))
    view = discord.ui.View(timeout=None)
    labels = tuple(topic_label(knowledge, t, lang) for t in knowledge.topics)
    label = topic_label(knowledge, topic, lang) if topic else None
    view.add_item(TopicMenu(owner_id, labels, label, lang))
    view.add_item(PageButton(owner_id, option, page, PREVIOUS, disabled=page == 0, lang=lang))
    view.add_item(PageButton(owner_id, option, page, NEXT, disabled=page == pages - 1, lang=lang))
    shown = [localized(knowledge, e, lang) for e in entries]
    return browse_embed(shown, label, page, knowledge.source, lang), view


async def _turn(interaction: discord.Interaction, owner_id: int, topic: str | None, page: int) -> None:
    reader = interaction_reader(interaction)
    if interaction.user.id != owner_id:
        await interaction.response.send_message(not_yours(f"<@{owner_id}>", reader), ephemeral=True)
        return
    knowledge = cast("FaqBot", interaction.client).knowledge
    embed, view = browser(knowledge, owner_id, topic, page, reader)
    await interaction.response.edit_message(embed=embed, view=view)


class PageButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=_template(PAGE_ID)):
    """Prev or Next: shows the page before or after the one whose custom_id it carries."""

    def __init__(
        self, owner_id: int, topic: str, page: int, move: str, *, disabled: bool = False, lang: str = "en"
    ) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=message("browse.previous" if move == PREVIOUS else "browse.next", lang),
            emoji="◀️" if move == PREVIOUS else "▶️",
            style=discord.ButtonStyle.secondary,
            custom_id=PAGE_ID.format(owner_id=owner_id, topic=topic, page=page, move=move),
            disabled=disabled,
            row=1,
        )
        super().__init__(button)
        self.owner_id, self.topic, self.page, self.move = owner_id, topic, page, move

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PageButton:
        return cls(int(match["owner_id"]), match["topic"], int(match["page"]), match["move"])

    @reported
    async def callback(self, interaction: discord.Interaction) -> None:
        knowledge = cast("FaqBot", interaction.client).knowledge
        step = -1 if self.move == PREVIOUS else 1
        await _turn(interaction, self.owner_id, _topic(knowledge, self.topic), self.page + step)


class TopicMenu(discord.ui.DynamicItem[discord.ui.Select[Any]], template=_template(TOPICS_ID)):
    """The topic menu: shows the first page of the topic picked."""

    def __init__(
        self, owner_id: int, topics: tuple[str, ...] = (), selected: str | None = None, lang: str = "en"
    ) -> None:
        menu: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=TOPICS_ID.format(owner_id=owner_id),
            placeholder=message("browse.pick_topic", lang),
            options=topic_options(topics, selected, lang),
            row=0,
        )
        super().__init__(menu)
        self.owner_id = owner_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> TopicMenu:
        return cls(int(match["owner_id"]))

    @reported
    async def callback(self, interaction: discord.Interaction) -> None:
        knowledge = cast("FaqBot", interaction.client).knowledge
        await _turn(interaction, self.owner_id, _topic(knowledge, self.item.values[0]), 0)


DYNAMIC_ITEMS = (PageButton, TopicMenu)
