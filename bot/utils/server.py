"""A server's settings as the features apply them: where an answer may be public, and who sees it.

Outside a server's allowed channels the bot never posts publicly: commands answer privately with a note
saying where answers are public, and @mentions there are not answered (a reply would be public).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.storage import GuildSettings, Store
from bot.utils.localize import interaction_reader
from bot.utils.render import elsewhere_note

if TYPE_CHECKING:
    import discord

    from bot.client import FaqBot

log = logging.getLogger(__name__)

# Discord wants a reply within 3 s: a database that hangs gets this long before the defaults apply.
SETTINGS_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Placement:
    """How to send an answer: privately or not, and the note to show above it (None: no note)."""

    ephemeral: bool
    note: str | None = None


class SettingsCache:
    """Each server's settings, read from the store once and then kept, so answers don't wait on the database.

    The copy stays true: only /faqadmin settings changes them, through `update`, and Discord sends everything
    from one server to the same shard, so to this process.
    """

    def __init__(self, store: Store | None, defaults: GuildSettings) -> None:
        self.store = store
        self.defaults = defaults
        self._known: dict[int, GuildSettings] = {}
        self._reading: dict[int, asyncio.Task[GuildSettings]] = {}

    async def get(self, guild_id: int) -> GuildSettings:
        """The server's settings; the defaults when the store can't be read (it is tried again next time)."""
        if guild_id in self._known:
            return self._known[guild_id]
        if self.store is None:
            return self.defaults
        reading = self._reading.get(guild_id)
        if reading is None:  # one read per server, however many questions arrive while it runs
            reading = self._reading[guild_id] = asyncio.create_task(self._read(self.store, guild_id))
        return await asyncio.shield(reading)

    async def update(
        self,
        guild_id: int,
        *,
        private: bool | None,
        threshold: float | None,
        answer_mentions: bool | None,
        allowed_channels: Iterable[int] | None,
    ) -> GuildSettings:
        """Change the settings given (None: leave as is) in the store, then here."""
        if self.store is None:
            raise RuntimeError("there is no store to keep settings in")
        try:
            changed = await self.store.update_settings(
                guild_id,
                private=private,
                threshold=threshold,
                answer_mentions=answer_mentions,
                allowed_channels=allowed_channels,
            )
        except BaseException:
            # Cut off or failed, the write may still land: the next answer reads the database's word again.
            self._known.pop(guild_id, None)
            raise
        self._known[guild_id] = changed
        return changed

    async def _read(self, store: Store, guild_id: int) -> GuildSettings:
        try:
            async with asyncio.timeout(SETTINGS_SECONDS):
                settings = await store.get_settings(guild_id)
        except Exception:
            # Answering with the defaults beats not answering while the database is away.
            log.exception("reading the settings of server %s failed; using the defaults", guild_id)
            return self.defaults
        finally:
            del self._reading[guild_id]
        return self._known.setdefault(guild_id, settings)  # an update made meanwhile is newer


async def server_settings(bot: FaqBot, guild_id: int | None) -> GuildSettings:
    """A server's settings where the bot is installed; the defaults in DMs and where it's only a user app."""
    if guild_id is None or bot.get_guild(guild_id) is None:
        return bot.guild_settings.defaults
    return await bot.guild_settings.get(guild_id)


def allowed_here(server: GuildSettings, channel: object) -> bool:
    """Whether answers may be public in `channel`; a thread counts as its parent channel."""
    if not server.allowed_channels:
        return True
    ids = (getattr(channel, "id", None), getattr(channel, "parent_id", None))
    return any(i in server.allowed_channels for i in ids)


def placement(server: GuildSettings, channel: object, private: bool | None, lang: str = "en") -> Placement:
    """Private when asked for, or by the server's choice when not; always outside the allowed channels
    (with a note for a reader of `lang`)."""
    if not allowed_here(server, channel):
        return Placement(ephemeral=True, note=elsewhere_note(sorted(server.allowed_channels), lang))
    return Placement(ephemeral=server.private if private is None else private)


async def interaction_placement(
    bot: FaqBot, interaction: discord.Interaction, private: bool | None = None, *, lang: str | None = None
) -> Placement:
    """Where to answer `interaction`, by the settings of the server it came from; its note for a reader of
    `lang` (by default, of the client's language)."""
    server = await server_settings(bot, interaction.guild_id)
    reader = interaction_reader(interaction) if lang is None else lang
    return placement(server, interaction.channel, private, reader)
