"""Keeping the question log and feedback votes no longer than the retention period."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from bot.storage._store import Store

__all__ = ["retention_loop"]

log = logging.getLogger(__name__)


async def retention_loop(store: Store, *, days: int, interval_seconds: float = 3600.0) -> None:
    """Purge questions and votes older than `days`, now and every `interval_seconds`, until cancelled."""
    while True:
        cutoff = datetime.now(UTC) - timedelta(days=days)
        try:
            questions = await store.purge_questions(cutoff)
            votes = await store.purge_feedback(cutoff)
        except Exception:
            # A database hiccup must not end retention for the rest of the bot's life.
            log.exception("purging data before %s failed; trying again in %ss", cutoff, interval_seconds)
        else:
            level = logging.INFO if questions or votes else logging.DEBUG
            log.log(level, "purged %d questions and %d votes before %s", questions, votes, cutoff)
        await asyncio.sleep(interval_seconds)
