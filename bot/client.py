"""The Discord client: dependencies in through the constructor, features loaded as extensions."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import Knowledge, KnowledgeError, Matcher, Problem, load_knowledge
from bot.core.teaching import Applied, apply_teachings
from bot.errors import report_error
from bot.settings import Settings
from bot.storage import ANSWER_MENTIONS_DEFAULT, GuildSettings, Teaching, UserHash, hash_user
from bot.utils.answers import DYNAMIC_ITEMS
from bot.utils.checks import AnswerCooldown
from bot.utils.localize import CommandTranslator
from bot.utils.records import log_answered
from bot.utils.server import SettingsCache

if TYPE_CHECKING:
    from bot.storage import Store, Subscription

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
# Reading the teachings before a rebuild: as long as /faqadmin waits on the database, no longer.
TEACHINGS_SECONDS = 8.0
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """How one rebuild of the served FAQ (the files plus the teachings in force) went.

    `failure` is empty when the new FAQ is served; else it is why the old one still is: "knowledge" (the
    files have `problems`), "database" (the teachings could not be read) or "error" (see the log).
    """

    version: int | None  # the FAQ version read before building; None when nothing was read
    entries: int
    taught: int  # teachings applied
    problems: tuple[Problem, ...] = ()
    failure: str = ""

    @property
    def ok(self) -> bool:
        return not self.failure


class FaqBot(commands.AutoShardedBot):
    """Answers questions about one article. Build it with its dependencies; it reads no settings itself.

    Features read `matcher` (and `knowledge`) from the bot at each use, never keep them: a reload swaps it.
    Without a `store` (sync, doctor) nothing is logged, votes are not recorded and every server gets the
    defaults. With one, the bot follows its FAQ changes from start-up (`follow_changes`): at every teaching,
    undo or reload, in any process, it rebuilds its matcher and swaps it in.
    """

    def __init__(
        self,
        matcher: Matcher,
        settings: Settings,
        *,
        store: Store | None = None,
        shard_ids: list[int] | None = None,
        shard_count: int | None = None,
        follow_changes: bool = True,
    ) -> None:
        super().__init__(
            # No prefix commands: a message starts with none of no prefixes, so Bot.on_message leaves every
            # message to the ask extension's listener (mentions and DMs).
            command_prefix=(),
            help_command=None,
            # Servers and channels (placement, a server's language) and the messages that mention the bot
            # or DM it; no privileged intent: without message_content Discord still sends those messages'
            # content. (aiohttp's default connector already caps requests in flight at 100.)
            intents=discord.Intents(guilds=True, guild_messages=True, dm_messages=True),
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
        self._answering: set[asyncio.Task[Any]] = set()
        self._follow_changes = follow_changes
        self.faq_version = 0  # the FAQ version the served matcher was built at
        self.taught: Applied | None = None  # the teachings in the served matcher, and those skipped
        self._subscription: Subscription | None = None
        # Rebuilds asked for and done: one task builds at a time; requests made meanwhile share one more.
        self._rebuilds_asked = 0
        self._rebuilds_done = 0
        self._last_rebuild: Rebuilt | None = None
        self._rebuilt = asyncio.Condition()
        self._rebuilder: asyncio.Task[None] | None = None
        self._warming: asyncio.Task[None] | None = None

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

    async def close(self) -> None:
        """Let answers already being written reach Discord before the HTTP session closes."""
        await self.finish_answers()
        if self._subscription is not None:
            self._subscription.cancel()
            self._subscription = None
        for task in (self._rebuilder, self._warming):
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        self._rebuilder = self._warming = None
        await super().close()

    def handling(self) -> None:
        """Count the running task as answering someone (a command, a control, a mention): `close` lets it
        finish first. The tree, views, dynamic items and the mention listener call this as they start."""
        task = asyncio.current_task()
        if task is not None and task not in self._answering:
            self._answering.add(task)
            task.add_done_callback(self._answering.discard)

    async def finish_answers(self) -> None:
        current = asyncio.current_task()
        running = [t for t in self._answering if t is not current and not t.done()]
        if running:
            await asyncio.wait(running, timeout=ANSWERS_GRACE_SECONDS)

    async def reload_knowledge(self) -> Knowledge:
        """Read the knowledge directory (and the teachings in force) again and answer from them; on
        KnowledgeError, or any other failure, the old FAQ stays."""
        rebuilt = await self.rebuild()
        if rebuilt.problems:
            raise KnowledgeError(list(rebuilt.problems))
        if not rebuilt.ok:
            raise RuntimeError(f"the FAQ was not rebuilt ({rebuilt.failure}); see the log")
        return self.knowledge

    @property
    def following_changes(self) -> bool:
        """Whether the store tells this bot of every teaching, undo and reload (it rebuilds by itself)."""
        return self._subscription is not None

    def faq_changed(self, version: int) -> None:
        """The store's callback: a teaching, an undo or a reload, in this process or another."""
        log.info("FAQ version %d announced; rebuilding the FAQ", version)
        self.request_rebuild()

    def request_rebuild(self) -> int:
        """Start a rebuild unless one is due already; the number `rebuild` and `until_rebuilt` wait for."""
        self._rebuilds_asked += 1
        if self._rebuilder is None or self._rebuilder.done():
            self._rebuilder = asyncio.create_task(self._keep_rebuilding(), name="faqbot-rebuild")
        return self._rebuilds_asked

    async def rebuild(self) -> Rebuilt:
        """Rebuild the FAQ now (after the rebuild running, if any) and say how it went."""
        asked = self.request_rebuild()
        async with self._rebuilt:
            await self._rebuilt.wait_for(lambda: self._rebuilds_done >= asked)
        assert self._last_rebuild is not None
        return self._last_rebuild

    async def until_serving(self, version: int, timeout: float) -> Rebuilt | None:
        """Wait for a rebuild at FAQ `version` or later (a teaching's own); None if none came in time."""

        def reached() -> bool:
            last = self._last_rebuild
            return last is not None and last.version is not None and last.version >= version

        try:
            async with asyncio.timeout(timeout), self._rebuilt:
                await self._rebuilt.wait_for(reached)
        except TimeoutError:
            return None
        return self._last_rebuild

    async def _keep_rebuilding(self) -> None:
        while self._rebuilds_done < self._rebuilds_asked:
            asked = self._rebuilds_asked
            rebuilt = await self._rebuild()
            async with self._rebuilt:
                self._last_rebuild, self._rebuilds_done = rebuilt, asked
                self._rebuilt.notify_all()

    async def _rebuild(self) -> Rebuilt:
        """Build the knowledge, the teachings and the matcher off the event loop, then swap them in whole:
        the old matcher answers until then, and keeps answering when anything fails."""
        version: int | None = None
        try:
            version, teachings = await self._teachings_in_force()
        except Exception as error:
            log.error(
                "the FAQ was not rebuilt: reading the teachings failed (%s); still serving the old FAQ",
                _described(error),
            )
            return self._failed(version, "database")
        try:
            # Parsing and indexing take a few hundred milliseconds: off the event loop, so the gateway
            # keeps up.
            applied = await asyncio.to_thread(
                _build, self.settings.knowledge_dir, teachings, self.settings.warm_index
            )
        except KnowledgeError as error:
            log.error("the FAQ was not rebuilt; still serving the old one:\n%s", error)
            return self._failed(version, "knowledge", error.problems)
        except Exception:
            log.exception("the FAQ was not rebuilt; still serving the old one")
            return self._failed(version, "error")
        self.matcher, self.taught = applied.matcher, applied
        if version is not None:
            self.faq_version = version
        for skipped in applied.skipped:
            log.warning("a teaching is not applied: %s", skipped.reason)
        entries = len(applied.knowledge.entries)
        taught = len(applied.applied)
        log.info("serving FAQ version %d: %d entries, %d teachings", self.faq_version, entries, taught)
        return Rebuilt(version, entries, taught)

    def _failed(self, version: int | None, failure: str, problems: Sequence[Problem] = ()) -> Rebuilt:
        taught = len(self.taught.applied) if self.taught else 0
        return Rebuilt(version, len(self.knowledge.entries), taught, tuple(problems), failure)

    async def _teachings_in_force(self) -> tuple[int | None, list[Teaching]]:
        """The FAQ version and its teachings, oldest first; none without a store."""
        if self.store is None:
            return None, []
        async with asyncio.timeout(TEACHINGS_SECONDS):
            # The version first: teachings read after it are at least as new, never older.
            version = await self.store.faq_version()
            teachings = await self.store.teachings(None)
        return version, teachings[::-1]

    async def setup_hook(self) -> None:
        # Commands are synced with their zh-CN and zh-TW names and descriptions from the catalogue.
        await self.tree.set_translator(CommandTranslator())
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        if self.settings.warm_index:
            self._warming = asyncio.create_task(asyncio.to_thread(self.matcher.warm), name="faqbot-warm")
        if self.store is not None and self._follow_changes:
            await self._follow_faq_changes(self.store)

    async def _follow_faq_changes(self, store: Store) -> None:
        """Rebuild at every teaching, undo or reload from any process; serve what is taught from the start."""
        try:
            self._subscription = await store.subscribe(self.faq_changed)
            taught = await store.teachings(1)
        except Exception as error:
            log.error(
                "cannot follow FAQ changes (%s): teachings and reloads from other processes won't reach "
                "this one until it restarts",
                _described(error),
            )
            return
        if taught:
            await self.rebuild()

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

    async def interaction_check(self, interaction: discord.Interaction[FaqBot], /) -> bool:
        interaction.client.handling()
        return True

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


def _build(directory: Path, teachings: list[Teaching], warm: bool) -> Applied:
    applied = apply_teachings(load_knowledge(directory), teachings)
    if warm:  # served warm: the first question after a reload doesn't build the Chinese index on the loop
        applied.matcher.warm()
    return applied


def _described(error: BaseException) -> str:
    # The class and message only: a database error names no user, and the log redacts secrets anyway.
    return f"{error.__class__.__name__}: {error}" if str(error) else error.__class__.__name__
