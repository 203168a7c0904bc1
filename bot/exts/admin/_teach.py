"""Teaching the FAQ from Discord, one flow for /faqadmin teach, the menus under /faqadmin unanswered and
the Undo buttons under /faqadmin taught: checked as `faqbot check` checks the file, stored with the
moderator's hash only, then answered from once this process has rebuilt its matcher."""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import discord

from bot.core.teaching import refusal
from bot.errors import Refused
from bot.exts.admin._render import taught, teach_refused, undone
from bot.storage import Store
from bot.utils.bounds import database_bound
from bot.utils.localize import interaction_reader

if TYPE_CHECKING:
    from bot.client import FaqBot, Rebuilt

# How long a reply waits for this process to answer from the change: a rebuild takes well under a second
# on the shipped FAQ; past this, the reply says it is stored and not yet live.
REBUILD_SECONDS = 10.0


def store_of(bot: FaqBot) -> Store:
    if bot.store is None:
        raise Refused("errors.no_database")
    return bot.store


async def teach(
    bot: FaqBot, interaction: discord.Interaction[FaqBot], text: str, entry_id: str | None
) -> None:
    """Teach `text` as a phrasing of `entry_id` (None: the article doesn't say), or say why not.

    `interaction` has been deferred ("thinking…", privately): the reply is a follow-up.
    """
    reader = interaction_reader(interaction)
    store = store_of(bot)
    knowledge = bot.knowledge  # what is served now, teachings included
    # The vagueness check builds a matcher: a few hundred milliseconds, off the event loop.
    reason = await asyncio.to_thread(refusal, knowledge, text, entry_id)
    if reason is not None:
        await interaction.followup.send(teach_refused(reason, reader), ephemeral=True)
        return
    async with _bound(interaction):
        teaching = await store.add_teaching(
            text=text, entry_id=entry_id, moderator=bot.hash_user(interaction.user.id), at=datetime.now(UTC)
        )
    rebuilt = await _serving(bot, teaching.version)
    await interaction.followup.send(taught(teaching, knowledge, rebuilt, reader), ephemeral=True)


async def undo(bot: FaqBot, interaction: discord.Interaction[FaqBot], teaching_id: int) -> None:
    """Take teaching `teaching_id` back in every process; `interaction` has been deferred."""
    store = store_of(bot)
    async with _bound(interaction):
        teaching = await store.undo_teaching(
            teaching_id, moderator=bot.hash_user(interaction.user.id), at=datetime.now(UTC)
        )
    if teaching is None:
        raise Refused("admin.undo_missing", id=teaching_id)
    rebuilt = await _serving(bot, teaching.undo_version or teaching.version)
    reply = undone(teaching, rebuilt, interaction_reader(interaction))
    await interaction.followup.send(reply, ephemeral=True)


async def _serving(bot: FaqBot, version: int) -> Rebuilt | None:
    if not bot.following_changes:  # not told by the store: rebuild here, the only process it can reach
        bot.request_rebuild()
    return await bot.until_serving(version, REBUILD_SECONDS)


def _bound(interaction: discord.Interaction[FaqBot]) -> AbstractAsyncContextManager[None]:
    return database_bound(f"teaching from server {interaction.guild_id}", "errors.database_busy")
