"""Storage fixtures: each `database` test runs once on SQLite and once on a throwaway PostgreSQL server."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.storage import Store, open_store

# CI sets this so a machine without PostgreSQL fails the run instead of quietly testing one backend.
REQUIRE_POSTGRES = os.environ.get("FAQBOT_REQUIRE_POSTGRES") == "1"
INSTALL_HINT = "apt-get install -y postgresql"


@dataclass(frozen=True)
class Database:
    """A fresh, empty database and a way to look inside it behind the store's back."""

    url: str
    backend: str

    async def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.backend == "sqlite":
            path = self.url.removeprefix("sqlite:///")
            with closing(sqlite3.connect(path, isolation_level=None)) as connection:
                return connection.execute(sql).fetchall()
        connection = await asyncpg.connect(self.url)
        try:
            return [tuple(row) for row in await connection.fetch(sql)]
        finally:
            await connection.close()

    async def all_cells(self) -> list[Any]:
        """Every value in every table."""
        tables = await self.query(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            if self.backend == "sqlite"
            else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        )
        cells: list[Any] = []
        for (table,) in tables:
            cells.extend(cell for row in await self.query(f"SELECT * FROM {table}") for cell in row)
        return cells


def _postgres_bin() -> Path | None:
    """The newest Debian-packaged PostgreSQL's bin directory (they are not on PATH), else pg_ctl's on PATH."""
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: float(p.parts[-3]))
    on_path = shutil.which("pg_ctl")
    pg_ctl = debian[-1] if debian else Path(on_path) if on_path else None
    return pg_ctl.parent if pg_ctl else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_server_owner(directory: Path) -> list[str]:
    """The command prefix that runs PostgreSQL's tools in `directory`; PostgreSQL refuses to run as root."""
    if os.geteuid() != 0:
        return []
    owner = pwd.getpwnam("postgres")
    os.chown(directory, owner.pw_uid, owner.pw_gid)
    return ["runuser", "-u", "postgres", "--"]


def _run(command: list[str], log: Path | None = None) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        server_log = log.read_text() if log is not None and log.exists() else ""
        pytest.fail(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}{server_log}", pytrace=False)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The admin URL of a PostgreSQL server started for this test session."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        reason = f"PostgreSQL server binaries not found; install them with `{INSTALL_HINT}`"
        if REQUIRE_POSTGRES:
            pytest.fail(f"{reason} (FAQBOT_REQUIRE_POSTGRES=1 forbids skipping)", pytrace=False)
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="faqbot-pg-"))
    data, log, port = root / "data", root / "server.log", _free_port()
    owner = _as_server_owner(root)
    pg_ctl = [*owner, str(bin_dir / "pg_ctl"), "-D", str(data)]
    # A throwaway server: fsync off trades crash safety we never test for speed.
    options = f"-k {root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
    try:
        _run([*owner, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"])
        _run([*pg_ctl, "-l", str(log), "-o", options, "-w", "start"], log)
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "-w", "stop"], capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgres"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    if request.param == "sqlite":
        yield Database(f"sqlite:///{tmp_path / 'faqbot.sqlite3'}", "sqlite")
        return
    server: str = request.getfixturevalue("postgres_server")
    name = f"test_{uuid.uuid4().hex}"
    admin = Database(server, "postgres")
    await admin.query(f"CREATE DATABASE {name}")
    yield Database(f"{server.rsplit('/', 1)[0]}/{name}", "postgres")
    await admin.query(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
async def store(database: Database) -> AsyncIterator[Store]:
    async with open_store(database.url) as connected:
        yield connected
