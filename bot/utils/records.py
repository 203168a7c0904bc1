"""Writing the question log and feedback votes. Users are stored only as a salted hash of their id."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING

import discord

from bot.core import Answer
from bot.core.matcher import MAX_QUESTION_CHARS

if TYPE_CHECKING:
    from bot.client import FaqBot

log = logging.getLogger(__name__)

# A vote is thanked only once stored, and Discord wants a reply within 3 s: past this, say it wasn't.
VOTE_SECONDS = 2.0


async def record_question(
    bot: FaqBot, answer: Answer, *, guild_id: int | None, channel_id: int | None, user_id: int
) -> None:
    """Log a question and how it was answered. Never raises: a lost log line must not cost an answer.

    Greetings and thanks (outcome "chat") are not logged: they are no question the FAQ failed to answer.
    """
    if bot.store is None or answer.outcome == "chat":
        return
    best = answer.entry or (answer.candidates[0].entry if answer.candidates else None)
    try:
        await bot.store.record_question(
            text=answer.question[:MAX_QUESTION_CHARS],
            user_hash=bot.hash_user(user_id),
            guild_id=guild_id,
            # A DM channel's id names the two people in it: stored as 0, like a channel Discord didn't name.
            channel_id=channel_id if channel_id and guild_id is not None else 0,
            entry_id=best.id if best else None,
            score=answer.score,
            answered=answer.answered,
        )
    except Exception:
        log.exception("logging a question from channel %s failed; the answer went ahead", channel_id)


def log_answered(
    *, command: str, guild_id: int | None, asked_at: datetime, answer: Answer | None = None
) -> None:
    """One log line per answered interaction: where, what, which entry, how sure, and how fast."""
    latency_ms = round((discord.utils.utcnow() - asked_at).total_seconds() * 1000)
    entry = answer.entry.id if answer and answer.entry else None
    score = round(answer.score, 3) if answer else None
    fields = {"command": command, "guild": guild_id, "entry": entry, "score": score, "latency_ms": latency_ms}
    log.info("answered %s in guild %s: entry=%s score=%s in %d ms", *fields.values(), extra=fields)


async def record_vote(
    bot: FaqBot, *, message_id: int, entry_id: str, guild_id: int | None, user_id: int, helpful: bool
) -> bool:
    """Store a user's vote on one answer message, replacing their earlier one; False when it could not be."""
    if bot.store is None:
        return False
    try:
        async with asyncio.timeout(VOTE_SECONDS):
            await bot.store.set_feedback(
                message_id=message_id,
                user_hash=bot.hash_user(user_id),
                entry_id=entry_id,
                guild_id=guild_id,
                helpful=helpful,
            )
    except Exception:
        log.exception("storing a vote on message %s failed", message_id)
        return False
    return True
