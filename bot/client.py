"""The Discord client: dependencies in through the constructor, features loaded as extensions."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.core import Knowledge, Matcher, load_knowledge
from bot.errors import report_error
from bot.exts._shared.buttons import DYNAMIC_ITEMS
from bot.exts._shared.checks import AnswerCooldown
from bot.exts._shared.localize import CommandTranslator
from bot.exts._shared.records import log_answered
from bot.exts._shared.server import SettingsCache
from bot.settings import Settings
from bot.storage import ANSWER_MENTIONS_DEFAULT, GuildSettings, UserHash, hash_user

if TYPE_CHECKING:
    from bot.storage import Store

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.exts.ask",
    "bot.exts.browse",
    "bot.exts.source",
    "bot.exts.about",
    "bot.exts.admin",
    "bot.exts.privacy",
)
# At shutdown, answers and writes still running get this long: inside the 10 s Docker allows before SIGKILL.
WRITES_GRACE_SECONDS = 5.0
ANSWERS_GRACE_SECONDS = 3.0  # Discord's own deadline for acknowledging an interaction
# discord.py names the tasks that run interaction and mention handlers; these are the ones to let finish.
_HANDLER_TASKS = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch-",
    "discord-ui-dynamic-item-",
    "discord.py: on_",
)
# One socket per request in flight: a burst of interactions must not exhaust the process's file descriptors.
MAX_CONNECTIONS = 100
T = TypeVar("T")


class FaqBot(commands.AutoShardedBot):
    """Answers questions about one article. Build it with its dependencies; it reads no settings itself.

    Features read `matcher` (and `knowledge`) from the bot at each use, never keep them: a reload swaps it.
    Without a `store` (sync, doctor) nothing is logged, votes are not recorded and every server gets the
    defaults.
    """

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
        self.guild_settings = SettingsCache(store, _defaults(settings))
        self._writes: set[asyncio.Task[Any]] = set()

    @property
    def knowledge(self) -> Knowledge:
        return self.matcher.knowledge

    def hash_user(self, user_id: int) -> UserHash:
        """The only form in which a user is stored."""
        return hash_user(user_id, self.settings.user_salt())

    def start_write(self, write: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Run a store write alongside the reply; `finish_writes` waits for it at shutdown."""
        task = asyncio.create_task(write)
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)
        return task

    async def finish_writes(self) -> None:
        """Wait for the writes still running, so that closing the store cuts none of them off."""
        if not self._writes:
            return
        _, unfinished = await asyncio.wait(set(self._writes), timeout=WRITES_GRACE_SECONDS)
        if unfinished:
            log.warning(
                "%d writes were still running after %ss; closing anyway",
                len(unfinished),
                WRITES_GRACE_SECONDS,
            )

    async def login(self, token: str) -> None:
        # The connector needs the running loop, so it is made here rather than in __init__.
        self.http.connector = aiohttp.TCPConnector(limit=MAX_CONNECTIONS)
        await super().login(token)

    async def close(self) -> None:
        """Let answers already being written reach Discord before the HTTP session closes."""
        await self.finish_answers()
        await super().close()

    async def finish_answers(self) -> None:
        current = asyncio.current_task()
        running = [
            t
            for t in asyncio.all_tasks()
            if t is not current and not t.done() and t.get_name().startswith(_HANDLER_TASKS)
        ]
        if running:
            await asyncio.wait(running, timeout=ANSWERS_GRACE_SECONDS)

    async def reload_knowledge(self) -> Knowledge:
        """Read the knowledge directory again and answer from it; on KnowledgeError the old FAQ stays."""
        # Parsing and indexing take a few hundred milliseconds: off the event loop, so the gateway keeps up.
        matcher = await asyncio.to_thread(_build_matcher, self.settings.knowledge_dir)
        self.matcher = matcher
        return matcher.knowledge

    async def setup_hook(self) -> None:
        # Commands are synced with their zh-CN and zh-TW names and descriptions from the catalogue.
        await self.tree.set_translator(CommandTranslator())
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.add_dynamic_items(*DYNAMIC_ITEMS)

    async def on_message(self, message: discord.Message, /) -> None:
        """Overrides commands.Bot's prefix-command processing: this bot has only app commands."""

    async def on_app_command_completion(
        self,
        interaction: discord.Interaction[FaqBot],
        command: app_commands.Command[Any, ..., Any] | app_commands.ContextMenu,
    ) -> None:
        log_answered(
            command=command.qualified_name,
            guild_id=interaction.guild_id,
            asked_at=interaction.created_at,
            answer=interaction.extras.get("answer"),
        )


class FaqTree(app_commands.CommandTree[FaqBot]):
    """App commands take the one error path: a private reply that says what happened, tracebacks logged."""

    async def on_error(
        self, interaction: discord.Interaction[FaqBot], error: app_commands.AppCommandError
    ) -> None:
        await report_error(interaction, error)


def _defaults(settings: Settings) -> GuildSettings:
    """What a server that never chose gets, and DMs."""
    return GuildSettings(
        guild_id=None,
        private=settings.default_private,
        allowed_channels=frozenset(),
        threshold=None,
        answer_mentions=ANSWER_MENTIONS_DEFAULT,
    )


def _build_matcher(directory: Path) -> Matcher:
    return Matcher(load_knowledge(directory))
