"""The PostgreSQL backend: an asyncpg pool, for several shards or processes sharing one database."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any

import asyncpg

from bot.storage._schema import (
    CREATE_VERSION_TABLE,
    CURRENT_VERSION,
    FAQ_CHANGES,
    FAQ_VERSION,
    POSTGRES,
    migration_statements,
)
from bot.storage._store import NOT_CONNECTED, Store, Transaction

__all__ = ["LISTENER_NAME", "PostgresStore"]

log = logging.getLogger(__name__)

# pg_advisory_xact_lock key ("faqb" in ASCII) that every faqbot process takes while migrating.
_MIGRATION_LOCK = 0x66617162
# A bot writes a few rows a second; a few connections are plenty and leave room for other shards.
_POOL_SIZE = 4
# The application_name of the connection that LISTENs for FAQ changes, as pg_stat_activity shows it.
LISTENER_NAME = "faqbot-faq-listener"
# The listening connection is checked this often, so a connection dropped without a word is noticed too.
_HEALTH_SECONDS = 15.0
_HEALTH_TIMEOUT = 5.0
_RECONNECT_FIRST, _RECONNECT_MAX = 0.2, 30.0  # seconds between reconnection attempts, doubling


class PostgresStore(Store):
    """A store in a PostgreSQL database, safe to share between processes."""

    def __init__(self, url: str, *, default_private: bool) -> None:
        super().__init__(default_private=default_private)
        self._url = url
        self._pool: asyncpg.Pool | None = None
        self._listener: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        pool = await asyncpg.create_pool(self._url, min_size=1, max_size=_POOL_SIZE)
        try:
            await _migrate(pool)
        except BaseException:
            await pool.close()
            raise
        self._pool = pool

    async def close(self) -> None:
        await self._stop_notifications()
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    async def _execute(self, query: str, *args: object) -> int:
        status: str = await self._open().execute(query, *args)
        # The status is "INSERT 0 1", "DELETE 3", ...: its last word is the row count.
        return int(status.rsplit(" ", 1)[-1])

    async def _fetch(self, query: str, *args: object) -> list[Sequence[Any]]:
        return [tuple(row) for row in await self._open().fetch(query, *args)]

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[Transaction]:
        async with self._open().acquire() as connection, connection.transaction():
            yield _PostgresTransaction(connection)

    def _open(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError(NOT_CONNECTED)
        return self._pool

    # Listening: one connection of its own (not the pool's), LISTENing until close().

    async def _start_listening(self) -> None:
        self._open()
        if self._listener is None:
            connection = await self._listen()  # the first one fails loudly; later ones are retried
            self._listener = asyncio.create_task(self._keep_listening(connection), name=LISTENER_NAME)

    async def _stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener

    async def _listen(self) -> asyncpg.Connection:
        connection = await asyncpg.connect(self._url, server_settings={"application_name": LISTENER_NAME})
        try:
            await connection.add_listener(FAQ_CHANGES, self._on_notification)
        except BaseException:
            connection.terminate()
            raise
        return connection

    def _on_notification(self, _connection: object, _pid: int, _channel: str, payload: object) -> None:
        try:
            version = int(str(payload))
        except ValueError:
            log.warning("ignored a FAQ change notification that is not a version number: %r", payload)
            return
        self._deliver(version)

    async def _keep_listening(self, connection: asyncpg.Connection) -> None:
        """Listen on `connection` until cancelled; when it drops, reconnect and tell subscribers the version
        then, since what changed meanwhile was not notified.
        """
        while True:
            try:
                await _until_lost(connection)
            finally:
                await _close_quietly(connection)
            log.error(
                "the PostgreSQL connection listening for FAQ changes was lost: teachings and reloads from "
                "other processes don't reach this one until it reconnects; reconnecting"
            )
            connection = await self._reconnect()
            try:
                version = await connection.fetchval(FAQ_VERSION)
            except Exception:
                log.warning("reading the FAQ version after reconnecting failed", exc_info=True)
                continue  # treated as lost again
            log.warning("listening for FAQ changes again, at FAQ version %d", version)
            self._deliver(int(version))

    async def _reconnect(self) -> asyncpg.Connection:
        delay = _RECONNECT_FIRST
        while True:
            await asyncio.sleep(delay)
            try:
                return await self._listen()
            except Exception as error:
                log.warning(
                    "reconnecting to listen for FAQ changes failed (%s); trying again in %.1fs",
                    error,
                    min(delay * 2, _RECONNECT_MAX),
                )
            delay = min(delay * 2, _RECONNECT_MAX)


class _PostgresTransaction(Transaction):
    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    async def fetch(self, query: str, *args: object) -> list[Sequence[Any]]:
        return [tuple(row) for row in await self._connection.fetch(query, *args)]

    async def notify(self, version: int) -> None:
        # Sent by PostgreSQL when the transaction commits, and only then, to every listening connection.
        await self._connection.execute("SELECT pg_notify($1, $2)", FAQ_CHANGES, str(version))


async def _until_lost(connection: asyncpg.Connection) -> None:
    """Return once `connection` is closed, or stops answering a health check."""
    lost = asyncio.Event()
    connection.add_termination_listener(lambda _connection: lost.set())
    while not connection.is_closed():
        try:
            await asyncio.wait_for(lost.wait(), _HEALTH_SECONDS)
            return
        except TimeoutError:
            pass
        try:
            await connection.fetchval("SELECT 1", timeout=_HEALTH_TIMEOUT)
        except Exception:
            log.warning("the connection listening for FAQ changes failed its health check", exc_info=True)
            return


async def _close_quietly(connection: asyncpg.Connection) -> None:
    try:
        await asyncio.wait_for(connection.close(), _HEALTH_TIMEOUT)
    except Exception:
        connection.terminate()


async def _migrate(pool: asyncpg.Pool) -> None:
    async with pool.acquire() as connection, connection.transaction():
        # Held until the transaction ends: a second process starting at once waits, then finds it done.
        await connection.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
        await connection.execute(CREATE_VERSION_TABLE)
        current = await connection.fetchval(CURRENT_VERSION)
        for statement in migration_statements(POSTGRES, current):
            await connection.execute(statement)
