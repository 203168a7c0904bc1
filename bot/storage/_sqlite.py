"""The SQLite backend: one aiosqlite connection in autocommit mode, WAL journal, fsync on every commit."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage._schema import (
    CREATE_VERSION_TABLE,
    CURRENT_VERSION,
    FAQ_VERSION,
    SQLITE,
    migration_statements,
)
from bot.storage._store import NOT_CONNECTED, Store, Transaction

__all__ = ["SqliteStore", "deleted_database"]

log = logging.getLogger(__name__)

_MEMORY = ":memory:"
_MIN_VERSION = (3, 35)  # RETURNING arrived in 3.35, aggregate FILTER in 3.30
_BUSY_SECONDS = 5  # how long to wait for another process using the database before failing
_WAL_RETRY_SECONDS = 0.05
# How often a subscribed store looks for FAQ changes made by another process (`faqbot teach` beside the bot).
_POLL_SECONDS = 0.5
_PRAGMAS = (
    f"PRAGMA busy_timeout = {_BUSY_SECONDS * 1000}",
    # fsync at every commit: an acknowledged row survives power loss (where the disk honours fsync), not
    # only a killed process; the bot writes a few rows a second, so the cost does not show.
    "PRAGMA synchronous = FULL",
)


class SqliteStore(Store):
    """A store in one SQLite file (or in memory); for a bot that runs as one process.

    A file deleted or replaced under the open store is noticed at the next statement and logged as an error:
    SQLite keeps writing to the file it opened, and what it writes there is lost when the bot stops.

    FAQ changes made through this store reach its subscribers directly; teachings and undos made by another
    process are noticed by polling (`PRAGMA data_version`, no table read unless something changed). A
    reload announced by another process is not seen: with SQLite the bot is one process.
    """

    def __init__(self, path: str, *, default_private: bool) -> None:
        super().__init__(default_private=default_private)
        self._path = path
        self._connection: aiosqlite.Connection | None = None
        self._identity: tuple[int, int] | None = None  # (device, inode) of the file opened
        self._problem: str | None = None  # what was last logged about the file, None while all is well
        # One connection serves every task: a transaction must not take in other tasks' statements.
        self._lock = asyncio.Lock()
        self._poller: asyncio.Task[None] | None = None
        self._seen_version = 0  # the FAQ version subscribers were last told

    async def connect(self) -> None:
        if sqlite3.sqlite_version_info < _MIN_VERSION:
            raise RuntimeError(f"SQLite {sqlite3.sqlite_version} is too old; faqbot needs 3.35 or newer")
        if self._path != _MEMORY:
            Path(self._path).parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None is autocommit: each statement is its own transaction, committed as it ends.
        connection = await aiosqlite.connect(self._path, isolation_level=None)
        try:
            for pragma in _PRAGMAS:
                await connection.execute(pragma)
            await _use_wal(connection)
            await _migrate(connection)
        except BaseException:
            await connection.close()
            raise
        self._connection = connection
        self._identity = _identity(self._path) if self._path != _MEMORY else None
        self._problem = None

    def file_problem(self) -> str | None:
        """What is wrong with the database file the store has open, None while it is still in place."""
        if self._identity is None:
            return None
        now = _identity(self._path)
        if now == self._identity:
            return None
        what = "deleted" if now is None else "replaced by another file"
        return (
            f"the database file {self._path} was {what} while faqbot had it open: what is written from now "
            "on goes to the old file and is lost when faqbot stops; put the file back or restart faqbot"
        )

    async def close(self) -> None:
        await self._stop_notifications()
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.close()

    async def _execute(self, query: str, *args: object) -> int:
        async with self._lock:
            try:
                async with self._open().execute(_placeholders(query), _bind(args)) as cursor:
                    return cursor.rowcount
            finally:
                self._watch_file()  # also after a failure: a moved file makes SQLite's writes fail

    async def _fetch(self, query: str, *args: object) -> list[Sequence[Any]]:
        async with self._lock:
            try:
                return list(await self._open().execute_fetchall(_placeholders(query), _bind(args)))
            finally:
                self._watch_file()

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[Transaction]:
        async with self._lock:
            connection = self._open()
            # IMMEDIATE takes the write lock at once, so another process's transaction cannot come between.
            await connection.execute("BEGIN IMMEDIATE")
            transaction = _SqliteTransaction(connection)
            try:
                yield transaction
            except BaseException:
                await connection.execute("ROLLBACK")
                raise
            finally:
                self._watch_file()
            await connection.execute("COMMIT")
        for version in transaction.versions:
            self._seen_version = max(self._seen_version, version)
            self._deliver(version)

    async def _start_listening(self) -> None:
        connection = self._open()
        self._seen_version = await self.faq_version()
        if self._path != _MEMORY and self._poller is None:
            async with self._lock:
                [(data_version,)] = await connection.execute_fetchall("PRAGMA data_version")
            self._poller = asyncio.create_task(self._poll(data_version), name="faqbot-sqlite-faq-changes")

    async def _stop_listening(self) -> None:
        poller, self._poller = self._poller, None
        if poller is not None:
            poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poller

    async def _poll(self, data_version: int) -> None:
        # data_version changes when another connection commits; only then is the FAQ version read.
        while True:
            await asyncio.sleep(_POLL_SECONDS)
            try:
                async with self._lock:
                    connection = self._open()
                    [(now,)] = await connection.execute_fetchall("PRAGMA data_version")
                    if now == data_version:
                        continue
                    data_version = now
                    [(version,)] = await connection.execute_fetchall(FAQ_VERSION)
            except Exception:
                log.warning("looking for FAQ changes in %s failed; trying again", self._path, exc_info=True)
                continue
            if version != self._seen_version:
                self._seen_version = version
                self._deliver(version)

    def _watch_file(self) -> None:
        # One stat() a statement; said once when the file goes, and once when it is back.
        problem = self.file_problem()
        if problem == self._problem:
            return
        if problem is not None:
            log.error("%s", problem)
        else:
            log.warning("the database file %s is back in place", self._path)
        self._problem = problem

    def _open(self) -> aiosqlite.Connection:
        if self._connection is None:
            raise RuntimeError(NOT_CONNECTED)
        return self._connection


class _SqliteTransaction(Transaction):
    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection
        self.versions: list[int] = []  # told to subscribers once the transaction commits

    async def fetch(self, query: str, *args: object) -> list[Sequence[Any]]:
        return list(await self._connection.execute_fetchall(_placeholders(query), _bind(args)))

    async def notify(self, version: int) -> None:
        self.versions.append(version)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return status.st_dev, status.st_ino


def deleted_database(path: str) -> bool:
    """Whether `path` is gone while its write-ahead log is still there: deleted under a running faqbot.

    SQLite removes the -wal file only when the last connection closes cleanly.
    """
    return not os.path.exists(path) and os.path.exists(f"{path}-wal")


async def _use_wal(connection: aiosqlite.Connection) -> None:
    # WAL: readers never block the writer. The switch ignores busy_timeout (it fails at once while another
    # process switches too), hence the retries.
    for _ in range(int(_BUSY_SECONDS / _WAL_RETRY_SECONDS)):
        try:
            await connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode != sqlite3.SQLITE_BUSY:
                raise
        await asyncio.sleep(_WAL_RETRY_SECONDS)
    await connection.execute("PRAGMA journal_mode = WAL")


async def _migrate(connection: aiosqlite.Connection) -> None:
    # IMMEDIATE takes the write lock first: a second process starting at once waits, then finds it done.
    await connection.execute("BEGIN IMMEDIATE")
    try:
        await connection.execute(CREATE_VERSION_TABLE)
        [(current,)] = await connection.execute_fetchall(CURRENT_VERSION)
        for statement in migration_statements(SQLITE, current):
            await connection.execute(statement)
    except BaseException:
        await connection.execute("ROLLBACK")
        raise
    await connection.execute("COMMIT")


@functools.cache
def _placeholders(query: str) -> str:
    return re.sub(r"\$(\d+)", r"?\1", query)


def _bind(args: tuple[object, ...]) -> tuple[object, ...]:
    # Times arrive in UTC; fixed-width ISO text keeps text order equal to time order.
    return tuple(a.isoformat(timespec="microseconds") if isinstance(a, datetime) else a for a in args)
