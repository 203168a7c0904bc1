"""The `Store` interface: every method written once over SQL; backends supply a connection and two verbs."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Self

from bot.core.text import neutral_mentions, storable
from bot.storage import _schema as sql
from bot.storage._models import FeedbackCount, GuildSettings, LoggedQuestion, UserHash, clamp_threshold

__all__ = ["ANSWER_MENTIONS_DEFAULT", "NOT_CONNECTED", "Store"]

ANSWER_MENTIONS_DEFAULT = True  # an @mention is someone asking the bot directly
NOT_CONNECTED = "the store is not connected: await store.connect() first, or use `async with open_store(url)`"


class Store(ABC):
    """Feedback, the question log and per-server settings, in SQLite or PostgreSQL.

    Every write is committed before its method returns. Times must be timezone-aware; they are kept in UTC.
    """

    def __init__(self, *, default_private: bool) -> None:
        self._default_private = default_private

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
