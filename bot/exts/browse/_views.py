"""The FAQ browser: a topic menu and Prev/Next pages, for the one who opened it, until it times out."""

from __future__ import annotations

import contextlib
from typing import Any

import discord

from bot.core import Entry, Knowledge
from bot.exts.browse._render import browse_embed, not_yours, page_count, topic_from_option, topic_options

BROWSE_TIMEOUT = 300  # seconds; well inside the 15 minutes an interaction token can edit its message


class BrowseView(discord.ui.View):
    def __init__(self, knowledge: Knowledge, owner_id: int, topic: str | None) -> None:
        super().__init__(timeout=BROWSE_TIMEOUT)
        self.knowledge = knowledge
        self.owner_id = owner_id
        self.topic = topic
        self.page = 0
        self.interaction: discord.Interaction | None = None  # set once sent; used to disable on timeout
        self._update_controls()

    def entries(self) -> tuple[Entry, ...]:
        return self.knowledge.by_topic(self.topic) if self.topic else self.knowledge.entries

    def embed(self) -> discord.Embed:
        return browse_embed(self.entries(), self.topic, self.page, self.knowledge.source)

    @discord.ui.select(cls=discord.ui.Select, placeholder="Pick a topic", row=0)
    async def topic_menu(self, interaction: discord.Interaction, menu: discord.ui.Select[Any]) -> None:
        self.topic = topic_from_option(self.knowledge.topics, menu.values[0])
        self.page = 0
        await self._show(interaction)

    @discord.ui.button(label="Prev", emoji="◀️", style=discord.ButtonStyle.secondary, row=1)
    async def previous_page(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        self.page -= 1
        await self._show(interaction)

    @discord.ui.button(label="Next", emoji="▶️", style=discord.ButtonStyle.secondary, row=1)
    async def next_page(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        self.page += 1
        await self._show(interaction)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(not_yours(f"<@{self.owner_id}>"), ephemeral=True)
        return False

    async def on_timeout(self) -> None:
        self.topic_menu.disabled = self.previous_page.disabled = self.next_page.disabled = True
        if self.interaction is not None:
            with contextlib.suppress(discord.HTTPException):  # the message may be gone; nothing to disable
                await self.interaction.edit_original_response(view=self)

    async def _show(self, interaction: discord.Interaction) -> None:
        self._update_controls()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    def _update_controls(self) -> None:
        pages = page_count(len(self.entries()))
        self.page = min(max(self.page, 0), pages - 1)
        self.previous_page.disabled = self.page == 0
        self.next_page.disabled = self.page == pages - 1
        self.topic_menu.options = topic_options(self.knowledge.topics, self.topic)
