"""How long an interaction may wait on the database once it has said "thinking…", and what happens past it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.errors import Refused

log = logging.getLogger(__name__)

# Past the SQLite store's busy timeout (5 s) once, so a lock another process holds briefly is waited out;
# far inside the 15 minutes a deferred interaction stays open, and about as long as a person waits.
DATABASE_SECONDS = 8.0


@asynccontextmanager
async def database_bound(what: str, refusal: str) -> AsyncIterator[None]:
    """At most DATABASE_SECONDS of database work for `what`; past it, Refused(refusal) tells the user
    (`refusal` is a message catalogue key)."""
    try:
        async with asyncio.timeout(DATABASE_SECONDS):
            yield
    except TimeoutError as error:
        log.warning("%s: the database gave no answer in %ss", what, DATABASE_SECONDS)
        raise Refused(refusal) from error
