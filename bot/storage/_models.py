"""Typed values the store hands out and takes in."""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime
from typing import NewType

__all__ = [
    "MAX_THRESHOLD",
    "MIN_THRESHOLD",
    "FeedbackCount",
    "GuildSettings",
    "LoggedQuestion",
    "Teaching",
    "UserHash",
    "clamp_threshold",
    "hash_user",
]

MIN_THRESHOLD = 0.5  # below this a server would get answers that share too little with the question
MAX_THRESHOLD = 0.95  # above this even a close paraphrase of an FAQ question would go unanswered

# A distinct type so a raw Discord user id cannot be passed where only its hash may be stored.
UserHash = NewType("UserHash", str)


def hash_user(user_id: int, salt: bytes) -> UserHash:
    """HMAC-SHA256 of a Discord user id under `salt`, as hex: the only form a user is stored in."""
    if not salt:
        raise ValueError("hash_user needs a non-empty salt; without one a user id is easy to recover")
    return UserHash(hmac.new(salt, str(user_id).encode(), hashlib.sha256).hexdigest())


def clamp_threshold(threshold: float) -> float:
    """`threshold` moved into MIN_THRESHOLD..MAX_THRESHOLD; NaN is refused because it compares as nothing."""
    if math.isnan(threshold):
        raise ValueError("threshold is NaN; pass a number between MIN_THRESHOLD and MAX_THRESHOLD")
    return min(max(threshold, MIN_THRESHOLD), MAX_THRESHOLD)


@dataclass(frozen=True, slots=True)
class FeedbackCount:
    """Votes on the answers given from one FAQ entry."""

    entry_id: str
    helpful: int
    not_helpful: int


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    """One question as it was logged; `entry_id` is the best match, None when nothing matched."""

    text: str
    user_hash: UserHash
    guild_id: int | None
    channel_id: int
    entry_id: str | None
    score: float
    answered: bool
    asked_at: datetime


@dataclass(frozen=True, slots=True)
class GuildSettings:
    """How the bot behaves in one server (guild_id None: in DMs, where only the defaults apply).

    `threshold` None means the matcher's own threshold; `allowed_channels` empty means every channel.
    """

    guild_id: int | None
    private: bool
    allowed_channels: frozenset[int]
    threshold: float | None
    answer_mentions: bool

    def allows(self, channel_id: int) -> bool:
        return not self.allowed_channels or channel_id in self.allowed_channels


@dataclass(frozen=True, slots=True)
class Teaching:
    """A phrasing a moderator taught: `entry_id` is the entry it asks for, None for "the article doesn't say".

    `version` is the FAQ version the teaching made; an undone one also has when, by whom and the version its
    undoing made. Moderators are only ever held as their hash.
    """

    id: int
    text: str
    entry_id: str | None
    moderator: UserHash
    created_at: datetime
    version: int
    undone_at: datetime | None = None
    undone_by: UserHash | None = None
    undo_version: int | None = None

    @property
    def moderator_hash(self) -> UserHash:
        return self.moderator

    @property
    def live(self) -> bool:
        """Whether the teaching is in force (not undone)."""
        return self.undone_at is None
