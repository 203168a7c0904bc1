"""/faqadmin for server managers: unanswered questions, feedback, settings, teaching and reloading the FAQ."""

from __future__ import annotations

import asyncio
import logging
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import FaqBot
from bot.core import limits
from bot.core.grouping import group_questions
from bot.errors import Refused
from bot.exts.admin import _teach
from bot.exts.admin._render import (
    TAUGHT_SHOWN,
    TOP_GROUPS,
    feedback_embed,
    reload_error,
    reload_failed,
    reloaded,
    settings_embed,
    taught_embed,
    unanswered_embed,
    unanswered_file,
)
from bot.exts.admin._views import TeachMenus, teachable, undo_buttons
from bot.storage import MAX_THRESHOLD, MIN_THRESHOLD, Store
from bot.utils.bounds import DATABASE_SECONDS, database_bound
from bot.utils.checks import require_manage_guild
from bot.utils.localize import command_text, interaction_reader
from bot.utils.transformers import EntryTransformer, Named

log = logging.getLogger(__name__)

# Questions read for one report: a busy server's week. Grouping that many all-different ones takes about
# 1.5 s, done off the event loop while Discord shows "thinking…".
MAX_LOGGED = 2000
Channel = discord.TextChannel | discord.VoiceChannel
_SETTINGS = ("private", "threshold", "mentions", "allow_channel", "disallow_channel")  # its options
_TEACH = ("question", "entry", "not_in_article")  # /faqadmin teach's options
# A question longer than a phrasing may be is still taken, so that the refusal can say why.
QUESTION_CHARS = 4 * limits.CHOICE_NAME


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
        if not groups:
            await interaction.followup.send(embed=embed, files=files, ephemeral=True)
            return
        # Each menu asks the matcher what its question may be a phrasing of: off the event loop.
        reader = interaction_reader(interaction)
        menus = TeachMenus(await asyncio.to_thread(teachable, self.bot.matcher, groups, reader), reader)
        await interaction.followup.send(embed=embed, files=files, view=menus, ephemeral=True)

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
        name=command_text("faqadmin.teach.name"), description=command_text("faqadmin.teach.description")
    )
    @app_commands.rename(**{option: command_text(f"faqadmin.teach.{option}.name") for option in _TEACH})
    @app_commands.describe(
        **{option: command_text(f"faqadmin.teach.{option}.description") for option in _TEACH}
    )
    async def teach(
        self,
        interaction: discord.Interaction[FaqBot],
        question: app_commands.Range[str, 1, QUESTION_CHARS],
        entry: app_commands.Transform[Named, EntryTransformer(by_id=True)] | None = None,
        not_in_article: bool = False,
    ) -> None:
        if not_in_article == (entry is not None):
            raise Refused("admin.teach_one_of")
        self._store()
        await interaction.response.defer(ephemeral=True, thinking=True)
        # An unknown id is the teaching check's to refuse, with the entries it may have meant.
        await _teach.teach(self.bot, interaction, question, entry.text if entry is not None else None)

    @app_commands.command(
        name=command_text("faqadmin.taught.name"), description=command_text("faqadmin.taught.description")
    )
    async def taught(self, interaction: discord.Interaction[FaqBot]) -> None:
        store = self._store()
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with _bound(interaction):
            teachings = await store.teachings(TAUGHT_SHOWN)
        applied = self.bot.taught
        skipped = {getattr(s.teaching, "id", -1): s.reason for s in applied.skipped} if applied else {}
        reader = interaction_reader(interaction)
        embed = taught_embed(teachings, skipped, reader)
        view = undo_buttons([t.id for t in teachings], reader)
        if view is None:
            await interaction.followup.send(embed=embed, ephemeral=True)
        else:
            await interaction.followup.send(embed=embed, view=view, ephemeral=True)

    @app_commands.command(
        name=command_text("faqadmin.reload.name"), description=command_text("faqadmin.reload.description")
    )
    async def reload(self, interaction: discord.Interaction[FaqBot]) -> None:
        reader = interaction_reader(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        announced = await self._announce_reload() if self.bot.store is not None else None
        # The announcement reaches this process too; this rebuild is the one it asks for, or right after.
        rebuilt = await self.bot.rebuild()
        if rebuilt.problems:
            log.warning("reload from server %s failed; serving the old FAQ", interaction.guild_id)
            await interaction.followup.send(reload_failed(rebuilt.problems, reader), ephemeral=True)
        elif not rebuilt.ok:
            await interaction.followup.send(reload_error(rebuilt, reader), ephemeral=True)
        else:
            log.info("reload from server %s: %d entries", interaction.guild_id, rebuilt.entries)
            text = reloaded(rebuilt, announced=announced, lang=reader)
            await interaction.followup.send(text, ephemeral=True)

    async def _announce_reload(self) -> bool:
        """Tell every process to reload; False when the database didn't take it."""
        store = self._store()
        try:
            async with asyncio.timeout(DATABASE_SECONDS):
                await store.announce_reload()
        except Exception as error:
            log.warning("announcing a reload to the other processes failed (%s)", error.__class__.__name__)
            return False
        return True

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
