"""The PostgreSQL backend: an asyncpg pool, for several shards or processes sharing one database."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from bot.storage._schema import CREATE_VERSION_TABLE, CURRENT_VERSION, POSTGRES, migration_statements
from bot.storage._store import NOT_CONNECTED, Store

__all__ = ["PostgresStore"]

# pg_advisory_xact_lock key ("faqb" in ASCII) that every faqbot process takes while migrating.
_MIGRATION_LOCK = 0x66617162
# A bot writes a few rows a second; a few connections are plenty and leave room for other shards.
_POOL_SIZE = 4


class PostgresStore(Store):
    """A store in a PostgreSQL database, safe to share between processes."""

    def __init__(self, url: str, *, default_private: bool) -> None:
        super().__init__(default_private=default_private)
        self._url = url
        self._pool: asyncpg.Pool | None = None

    async def connect(self) -> None:
        pool = await asyncpg.create_pool(self._url, min_size=1, max_size=_POOL_SIZE)
        try:
            await _migrate(pool)
        except BaseException:
            await pool.close()
            raise
        self._pool = pool

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    async def _execute(self, query: str, *args: object) -> int:
        status: str = await self._open().execute(query, *args)
        # The status is "INSERT 0 1", "DELETE 3", ...: its last word is the row count.
        return int(status.rsplit(" ", 1)[-1])

    async def _fetch(self, query: str, *args: object) -> list[Sequence[Any]]:
        return [tuple(row) for row in await self._open().fetch(query, *args)]

    def _open(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError(NOT_CONNECTED)
        return self._pool


async def _migrate(pool: asyncpg.Pool) -> None:
    async with pool.acquire() as connection, connection.transaction():
        # Held until the transaction ends: a second process starting at once waits, then finds it done.
        await connection.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
        await connection.execute(CREATE_VERSION_TABLE)
        current = await connection.fetchval(CURRENT_VERSION)
        for statement in migration_statements(POSTGRES, current):
            await connection.execute(statement)
