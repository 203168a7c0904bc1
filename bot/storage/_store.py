"""The `Store` interface: every method written once over SQL; backends supply a connection and two verbs."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from typing import Any, Self

from bot.core.text import neutral_mentions, storable
from bot.storage import _schema as sql
from bot.storage._models import (
    FeedbackCount,
    GuildSettings,
    LoggedQuestion,
    Teaching,
    UserHash,
    clamp_threshold,
)

__all__ = [
    "ANSWER_MENTIONS_DEFAULT",
    "NOT_CONNECTED",
    "ChangeCallback",
    "Store",
    "Subscription",
    "Transaction",
]

log = logging.getLogger(__name__)

ANSWER_MENTIONS_DEFAULT = True  # an @mention is someone asking the bot directly
NOT_CONNECTED = "the store is not connected: await store.connect() first, or use `async with open_store(url)`"

# Called with the FAQ version after a teaching, an undo or a reload anywhere; it may return an awaitable,
# which is run as a task. It runs on the event loop, so it should only schedule the rebuild of a matcher.
ChangeCallback = Callable[[int], object]

_MASS_MENTION = re.compile(r"@(everyone|here)\b")
_ALL = 2**62  # LIMIT for "no limit": SQLite refuses LIMIT NULL


class _Rollback(Exception):
    """Raised inside a transaction to undo it without an error reaching the caller."""


class Transaction(ABC):
    """Statements run in one database transaction, committed when the `_transaction()` block ends."""

    @abstractmethod
    async def fetch(self, query: str, *args: object) -> list[Sequence[Any]]:
        """Run one statement in the transaction and return its rows."""

    @abstractmethod
    async def notify(self, version: int) -> None:
        """Tell every subscriber, in every process, of FAQ version `version` once the transaction commits."""


class Subscription:
    """A callback registered with `Store.subscribe`; `cancel()` (or leaving `async with`) removes it."""

    def __init__(self, store: Store, callback: ChangeCallback) -> None:
        self._store, self.callback = store, callback

    def cancel(self) -> None:
        if self.callback in self._store._subscribers:
            self._store._subscribers.remove(self.callback)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.cancel()


class Store(ABC):
    """Feedback, the question log and per-server settings, in SQLite or PostgreSQL.

    Every write is committed before its method returns. Times must be timezone-aware; they are kept in UTC.
    """

    def __init__(self, *, default_private: bool) -> None:
        self._default_private = default_private
        self._subscribers: list[ChangeCallback] = []
        self._callback_tasks: set[asyncio.Future[Any]] = set()

    @abstractmethod
    async def connect(self) -> None:
        """Open the database and bring its schema up to date."""

    @abstractmethod
    async def close(self) -> None:
        """Close the database; safe to call twice or before connect."""

    @abstractmethod
    async def _execute(self, query: str, *args: object) -> int:
        """Run one statement and commit it; the number of rows it changed."""

    @abstractmethod
    async def _fetch(self, query: str, *args: object) -> list[Sequence[Any]]:
        """Run one statement, commit it, and return its rows."""

    @abstractmethod
    def _transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """A transaction: committed when the block ends, rolled back when it raises."""

    @abstractmethod
    async def _start_listening(self) -> None:
        """Start receiving FAQ changes for `_deliver`; called at the first subscription."""

    @abstractmethod
    async def _stop_listening(self) -> None:
        """Stop receiving FAQ changes; safe to call when not listening."""

    async def __aenter__(self) -> Self:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def record_question(
        self,
        *,
        text: str,
        user_hash: UserHash,
        guild_id: int | None,
        channel_id: int,
        entry_id: str | None,
        score: float,
        answered: bool,
        asked_at: datetime | None = None,
    ) -> None:
        """Log one question; `asked_at` defaults to now.

        Mentions in `text` are stored as "@user", "@role" and "#channel", never as the ids they carry, and
        what UTF-8 cannot encode as U+FFFD: a question is never lost over its characters.
        """
        moment = _utc(asked_at) if asked_at is not None else datetime.now(UTC)
        kept = storable(neutral_mentions(text))
        row = (moment, guild_id, channel_id, user_hash, kept, entry_id, float(score), answered)
        await self._execute(sql.RECORD_QUESTION, *row)

    async def unanswered(
        self, guild_id: int | None, since: datetime, limit: int = 50
    ) -> list[LoggedQuestion]:
        """Unanswered questions asked since `since`, newest first; guild_id None: every server and DM."""
        rows = await self._fetch(sql.UNANSWERED, guild_id, _utc(since), _positive(limit))
        return [
            LoggedQuestion(
                text=text,
                user_hash=UserHash(user_hash),
                guild_id=guild,
                channel_id=channel_id,
                entry_id=entry_id,
                score=score,
                answered=bool(answered),
                asked_at=_as_datetime(asked_at),
            )
            for text, user_hash, guild, channel_id, entry_id, score, answered, asked_at in rows
        ]

    async def purge_questions(self, older_than: datetime) -> int:
        """Delete questions asked before `older_than`; how many were deleted."""
        return await self._execute(sql.PURGE_QUESTIONS, _utc(older_than))

    async def purge_feedback(self, older_than: datetime) -> int:
        """Delete votes cast (or last changed) before `older_than`; how many were deleted."""
        return await self._execute(sql.PURGE_FEEDBACK, _utc(older_than))

    async def set_feedback(
        self, *, message_id: int, user_hash: UserHash, entry_id: str, guild_id: int | None, helpful: bool
    ) -> None:
        """Record a user's vote on one answer message, replacing their earlier vote on it."""
        await self._execute(
            sql.SET_FEEDBACK, message_id, user_hash, entry_id, guild_id, helpful, datetime.now(UTC)
        )

    async def feedback_ranking(self, guild_id: int | None, limit: int = 10) -> list[FeedbackCount]:
        """Entries with votes, most not-helpful votes first; guild_id None: every server and DM."""
        rows = await self._fetch(sql.FEEDBACK_RANKING, guild_id, _positive(limit))
        return [FeedbackCount(entry_id, helpful, not_helpful) for entry_id, helpful, not_helpful in rows]

    async def get_settings(self, guild_id: int | None) -> GuildSettings:
        """A server's settings, defaults for what it never chose; guild_id None (DMs) gets the defaults."""
        rows = await self._fetch(sql.GET_SETTINGS, guild_id) if guild_id is not None else []
        return self._settings(guild_id, rows[0] if rows else None)

    async def update_settings(
        self,
        guild_id: int,
        *,
        private: bool | None = None,
        allowed_channels: Iterable[int] | None = None,
        threshold: float | None = None,
        answer_mentions: bool | None = None,
    ) -> GuildSettings:
        """Change the settings given (None: leave as is); `threshold` is clamped to the safe bounds."""
        channels = None if allowed_channels is None else json.dumps(sorted(set(allowed_channels)))
        bounded = None if threshold is None else clamp_threshold(threshold)
        rows = await self._fetch(sql.UPDATE_SETTINGS, guild_id, private, channels, bounded, answer_mentions)
        return self._settings(guild_id, rows[0])

    # Teachings and FAQ changes

    async def faq_version(self) -> int:
        """The FAQ version: 0 before anything was taught, raised by one at each teaching and each undo."""
        [(version,)] = await self._fetch(sql.FAQ_VERSION)
        return int(version)

    async def add_teaching(
        self, *, text: str, entry_id: str | None, moderator: UserHash, at: datetime
    ) -> Teaching:
        """Store a teaching: `text` asks for `entry_id`, or (None) for something the article doesn't say.

        The text is stored as questions are (mentions as placeholders, @everyone and @here without their @),
        and raises the FAQ version by one; every subscriber, in every process, is told the new version.
        Checking that the phrasing is safe to teach is the caller's part.
        """
        kept, who, when = _teachable(text), _moderator(moderator), _utc(at)
        async with self._transaction() as transaction:
            [(version,)] = await transaction.fetch(sql.BUMP_FAQ_VERSION)
            [row] = await transaction.fetch(sql.ADD_TEACHING, when, who, kept, entry_id, version)
            await transaction.notify(int(version))
        return _teaching(row)

    async def teachings(self, limit: int | None = 50, *, include_undone: bool = False) -> list[Teaching]:
        """Teachings, newest first; undone ones only with `include_undone`; `limit` None: all of them."""
        rows = await self._fetch(sql.TEACHINGS, include_undone, _ALL if limit is None else _positive(limit))
        return [_teaching(row) for row in rows]

    async def undo_teaching(self, teaching_id: int, *, moderator: UserHash, at: datetime) -> Teaching | None:
        """Undo a teaching, raising the FAQ version by one; None (no change) when no such teaching is live."""
        who, when = _moderator(moderator), _utc(at)
        try:
            async with self._transaction() as transaction:
                # The version row first: its lock orders this undo after any other in flight.
                [(version,)] = await transaction.fetch(sql.BUMP_FAQ_VERSION)
                rows = await transaction.fetch(sql.UNDO_TEACHING, teaching_id, when, who, version)
                if not rows:
                    raise _Rollback
                await transaction.notify(int(version))
        except _Rollback:
            return None
        return _teaching(rows[0])

    async def announce_reload(self) -> int:
        """Tell every subscriber, in every process, to reload the FAQ; the FAQ version they are told."""
        async with self._transaction() as transaction:
            [(version,)] = await transaction.fetch(sql.FAQ_VERSION)
            await transaction.notify(int(version))
        return int(version)

    async def subscribe(self, callback: ChangeCallback) -> Subscription:
        """Call `callback(version)` at every teaching, undo or reload from now on, in this process or another.

        Listening starts at the first subscription and stops at `close()`. SQLite tells this process's
        subscribers directly and notices other processes' teachings within a second; PostgreSQL uses
        LISTEN/NOTIFY on a connection of its own, reconnecting if it drops.
        """
        if not self._subscribers:
            await self._start_listening()
        self._subscribers.append(callback)
        return Subscription(self, callback)

    def _deliver(self, version: int) -> None:
        for callback in list(self._subscribers):
            try:
                result = callback(version)
            except Exception:
                log.exception("a FAQ change subscriber failed at version %d", version)
                continue
            if inspect.isawaitable(result):
                task = asyncio.ensure_future(result)
                self._callback_tasks.add(task)
                task.add_done_callback(self._callback_done)

    def _callback_done(self, task: asyncio.Future[Any]) -> None:
        self._callback_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a FAQ change subscriber failed", exc_info=task.exception())

    async def _stop_notifications(self) -> None:
        """Drop every subscriber, stop listening and cancel callbacks still running; for `close()`."""
        self._subscribers.clear()
        await self._stop_listening()
        tasks, self._callback_tasks = self._callback_tasks, set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _settings(self, guild_id: int | None, row: Sequence[Any] | None) -> GuildSettings:
        private, channels, threshold, answer_mentions = row if row is not None else (None,) * 4
        return GuildSettings(
            guild_id=guild_id,
            private=self._default_private if private is None else bool(private),
            allowed_channels=frozenset(json.loads(channels)) if channels is not None else frozenset(),
            # Clamped on reading too, so rows written under wider bounds cannot escape today's.
            threshold=None if threshold is None else clamp_threshold(threshold),
            answer_mentions=ANSWER_MENTIONS_DEFAULT if answer_mentions is None else bool(answer_mentions),
        )


def _teachable(text: str) -> str:
    # A taught phrasing can end up in faq.yaml and in Discord messages: no ids, and nothing that pings.
    kept = _MASS_MENTION.sub(r"\1", storable(neutral_mentions(text))).strip()
    if not kept:
        raise ValueError("a teaching needs some text")
    return kept


def _moderator(moderator: UserHash) -> UserHash:
    if not isinstance(moderator, str) or moderator.isdigit():
        raise TypeError("a moderator is stored only as hash_user(user_id, salt), never as the raw id")
    return moderator


def _teaching(row: Sequence[Any]) -> Teaching:
    id_, text, entry_id, moderator, created_at, version, undone_at, undone_by, undo_version = row
    return Teaching(
        id=int(id_),
        text=text,
        entry_id=entry_id,
        moderator=UserHash(moderator),
        created_at=_as_datetime(created_at),
        version=int(version),
        undone_at=None if undone_at is None else _as_datetime(undone_at),
        undone_by=None if undone_by is None else UserHash(undone_by),
        undo_version=None if undo_version is None else int(undo_version),
    )


def _utc(moment: datetime) -> datetime:
    if moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone; pass an aware time such as datetime.now(UTC)")
    return moment.astimezone(UTC)


def _as_datetime(value: datetime | str) -> datetime:
    # PostgreSQL hands back datetimes, SQLite the ISO text it was given.
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _positive(limit: int) -> int:
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    return limit
