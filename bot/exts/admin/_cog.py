"""/faqadmin: unanswered questions, feedback, settings and reloading the FAQ, for server managers."""

from __future__ import annotations

import asyncio
import logging
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import FaqBot
from bot.core import KnowledgeError
from bot.core.grouping import group_questions
from bot.exts._shared.bounds import database_bound
from bot.exts._shared.checks import Refused, require_manage_guild
from bot.exts._shared.localize import command_text, interaction_reader
from bot.exts.admin._render import (
    TOP_GROUPS,
    feedback_embed,
    reload_done,
    reload_failed,
    settings_embed,
    unanswered_embed,
    unanswered_file,
)
from bot.storage import MAX_THRESHOLD, MIN_THRESHOLD, Store

log = logging.getLogger(__name__)

# Questions read for one report: a busy server's week. Grouping that many all-different ones takes about
# 1.5 s, done off the event loop while Discord shows "thinking…".
MAX_LOGGED = 2000
Channel = discord.TextChannel | discord.VoiceChannel
_SETTINGS = ("private", "threshold", "mentions", "allow_channel", "disallow_channel")  # its options


@app_commands.guild_only()
@app_commands.allowed_installs(guilds=True, users=False)
@app_commands.default_permissions(manage_guild=True)
class AdminCog(
    commands.GroupCog,
    group_name=command_text("faqadmin.name"),
    group_description=command_text("faqadmin.description"),
):
    def __init__(self, bot: FaqBot) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        # default_permissions only hides the command: a server's command settings can show it to anyone.
        require_manage_guild(interaction)
        return True

    @app_commands.command(
        name=command_text("faqadmin.unanswered.name"),
        description=command_text("faqadmin.unanswered.description"),
    )
    @app_commands.rename(days=command_text("faqadmin.unanswered.days.name"))
    @app_commands.describe(days=command_text("faqadmin.unanswered.days.description"))
    async def unanswered(
        self, interaction: discord.Interaction[FaqBot], days: app_commands.Range[int, 1, 3650] = 7
    ) -> None:
        store = self._store()
        await interaction.response.defer(ephemeral=True, thinking=True)
        since = datetime.now(UTC) - timedelta(days=days)
        async with _bound(interaction):
            logged = await store.unanswered(interaction.guild_id, since, limit=MAX_LOGGED)
        groups = await asyncio.to_thread(group_questions, logged)
        capped = len(logged) == MAX_LOGGED
        embed = unanswered_embed(
            groups, days, len(logged), capped=capped, lang=interaction_reader(interaction)
        )
        files = [unanswered_file(groups)] if groups else []
        await interaction.followup.send(embed=embed, files=files, ephemeral=True)

    @app_commands.command(
        name=command_text("faqadmin.feedback.name"), description=command_text("faqadmin.feedback.description")
    )
    async def feedback(self, interaction: discord.Interaction[FaqBot]) -> None:
        store = self._store()
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with _bound(interaction):
            ranking = await store.feedback_ranking(interaction.guild_id, limit=TOP_GROUPS)
        reader = interaction_reader(interaction)
        embed = feedback_embed(ranking, self.bot.knowledge, self.bot.settings.retention_days, reader)
        await interaction.followup.send(embed=embed, ephemeral=True)

    @app_commands.command(
        name=command_text("faqadmin.settings.name"), description=command_text("faqadmin.settings.description")
    )
    @app_commands.rename(**{option: command_text(f"faqadmin.settings.{option}.name") for option in _SETTINGS})
    @app_commands.describe(
        private=command_text("faqadmin.settings.private.description"),
        threshold=command_text(
            "faqadmin.settings.threshold.description", low=MIN_THRESHOLD, high=MAX_THRESHOLD
        ),
        mentions=command_text("faqadmin.settings.mentions.description"),
        allow_channel=command_text("faqadmin.settings.allow_channel.description"),
        disallow_channel=command_text("faqadmin.settings.disallow_channel.description"),
    )
    async def settings(
        self,
        interaction: discord.Interaction[FaqBot],
        private: bool | None = None,
        threshold: app_commands.Range[float, MIN_THRESHOLD, MAX_THRESHOLD] | None = None,
        mentions: bool | None = None,
        allow_channel: Channel | None = None,
        disallow_channel: Channel | None = None,
    ) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None  # interaction_check refuses anywhere but a server
        store = self._store()
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with _bound(interaction):
            current = await store.get_settings(guild_id)  # the database's word, not a cached copy
            channels = _channels(current.allowed_channels, allow_channel, disallow_channel)
            changed = any(change is not None for change in (private, threshold, mentions, channels))
            if changed:
                current = await self.bot.guild_settings.update(
                    guild_id,
                    private=private,
                    threshold=threshold,
                    answer_mentions=mentions,
                    allowed_channels=channels,
                )
        embed = settings_embed(current, changed=changed, lang=interaction_reader(interaction))
        await interaction.followup.send(embed=embed, ephemeral=True)

    @app_commands.command(
        name=command_text("faqadmin.reload.name"), description=command_text("faqadmin.reload.description")
    )
    async def reload(self, interaction: discord.Interaction[FaqBot]) -> None:
        reader = interaction_reader(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            knowledge = await self.bot.reload_knowledge()
        except KnowledgeError as error:
            log.warning("reload from server %s failed; serving the old FAQ:\n%s", interaction.guild_id, error)
            await interaction.followup.send(reload_failed(error.problems, reader), ephemeral=True)
            return
        log.info("reload from server %s: %d entries", interaction.guild_id, len(knowledge.entries))
        await interaction.followup.send(reload_done(len(knowledge.entries), reader), ephemeral=True)

    def _store(self) -> Store:
        if self.bot.store is None:
            raise Refused("errors.no_database")
        return self.bot.store


def _bound(interaction: discord.Interaction[FaqBot]) -> AbstractAsyncContextManager[None]:
    """Every subcommand says "thinking…" first, then waits on the database for a bounded time only."""
    command = interaction.command.qualified_name if interaction.command else "faqadmin"
    return database_bound(f"/{command} in server {interaction.guild_id}", "errors.database_busy")


def _channels(
    allowed: frozenset[int], allow: Channel | None, disallow: Channel | None
) -> frozenset[int] | None:
    """The allowed channels after adding `allow` and removing `disallow`; None when nothing changes."""
    changed = set(allowed)
    if allow is not None:
        changed.add(allow.id)
    if disallow is not None:
        changed.discard(disallow.id)
    return frozenset(changed) if changed != allowed else None
