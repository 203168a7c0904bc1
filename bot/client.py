"""The Discord client: dependencies in through the constructor, features loaded as extensions."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import Knowledge, Matcher
from bot.exts._shared.buttons import DYNAMIC_ITEMS
from bot.exts._shared.checks import AnswerCooldown
from bot.exts._shared.render import cooldown_message
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.storage import Store

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.exts.ask", "bot.exts.browse", "bot.exts.source", "bot.exts.about")
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."


class FaqBot(commands.AutoShardedBot):
    """Answers questions about one article. Build it with its dependencies; it reads no settings itself."""

    def __init__(
        self,
        matcher: Matcher,
        settings: Settings,
        *,
        store: Store | None = None,
        shard_ids: list[int] | None = None,
        shard_count: int | None = None,
    ) -> None:
        super().__init__(
            # Mentions are answered by the ask extension; no prefix commands exist (see on_message).
            command_prefix=commands.when_mentioned,
            help_command=None,
            # Intents.default() leaves out every privileged intent, message_content included: Discord
            # still sends the content of messages that mention the bot, and of DMs.
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=FaqTree,
            shard_ids=shard_ids,  # type: ignore[arg-type]  # None: Discord decides (the stub says list only)
            shard_count=shard_count,
        )
        self.matcher = matcher
        self.settings = settings
        self.store = store
        self.answer_cooldown = AnswerCooldown(settings.cooldown_rate, settings.cooldown_seconds)

    @property
    def knowledge(self) -> Knowledge:
        return self.matcher.knowledge

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.add_dynamic_items(*DYNAMIC_ITEMS)

    async def on_message(self, message: discord.Message, /) -> None:
        """Overrides commands.Bot's prefix-command processing: this bot has only app commands."""


class FaqTree(app_commands.CommandTree[FaqBot]):
    """The one error handler for app commands: a polite private reply, and the traceback in the log."""

    async def on_error(
        self, interaction: discord.Interaction[FaqBot], error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandOnCooldown):
            await _reply_privately(interaction, cooldown_message(error.retry_after))
            return
        command = interaction.command.qualified_name if interaction.command else "?"
        log.error("app command /%s failed", command, exc_info=error)
        await _reply_privately(interaction, SORRY)


async def _reply_privately(interaction: discord.Interaction[FaqBot], text: str) -> None:
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not tell the user about an error (interaction %s)", interaction.id, exc_info=True)
