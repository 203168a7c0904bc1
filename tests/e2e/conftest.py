"""Fixtures for end-to-end tests against the fake Discord."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# Harness modules are imported as tests.e2e.* / tests.support.*. That needs the repository root on
# sys.path, which pytest only arranges while tests/ has an __init__.py; keep it working regardless.
_REPO_ROOT = str(Path(__file__).resolve().parents[2])
if _REPO_ROOT not in sys.path:
    sys.path.insert(0, _REPO_ROOT)

from bot.cli import main  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.e2e.fake_discord import (  # noqa: E402
    FAKE_TOKEN,
    EntryPointRun,
    FakeDiscord,
    assert_follows_spec,
    run_entry_point,
    serve_entry_point,
)


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """A running fake Discord that discord.py talks to for the duration of the test."""
    async with FakeDiscord() as fake:
        fake.redirect_discord_py(monkeypatch)
        yield fake
        fake.assert_no_crashes()


@dataclass
class FaqbotRun(EntryPointRun[Any]):
    """One `faqbot run` against the fake: EntryPointRun plus every record logged at WARNING or above."""

    problems: list[logging.LogRecord] = field(default_factory=list)

    def problem_lines(self) -> list[str]:
        return [f"{record.levelname} {record.name}: {record.getMessage()}" for record in self.problems]

    def assert_every_exchange_follows_spec(self) -> None:
        """Every body the bot sent, and every answer the fake gave, as Discord's OpenAPI spec says."""
        for request in self.fake.requests:
            assert_follows_spec(request)


class FaqbotCli:
    """Runs the real `faqbot` command line in this process, against a fake Discord on another thread."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, database: Path) -> None:
        self.monkeypatch = monkeypatch
        self.database = database

    def run(self, scenario: Callable[[FakeDiscord], Awaitable[Any]], *argv: str) -> FaqbotRun:
        """`faqbot run ARGV`; `scenario(fake)` runs once the bot is on the gateway, then SIGTERM stops it."""
        with _problems_logged() as problems:
            served = serve_entry_point(lambda: main(["run", *argv]), scenario, self.monkeypatch)
        return FaqbotRun(served.exit_code, served.result, served.fake, problems)

    def invoke(
        self, *argv: str, stop_after: float = 10.0, prepare: Callable[[FakeDiscord], None] | None = None
    ) -> FaqbotRun:
        """`faqbot ARGV`, expected to end by itself; `result` is True when it had to be stopped.

        `prepare(fake)` runs before the command starts, e.g. to make the login fail.
        """
        with _problems_logged() as problems:
            ran = run_entry_point(
                lambda: main(list(argv)), self.monkeypatch, stop_after=stop_after, prepare=prepare
            )
        return FaqbotRun(ran.exit_code, ran.result, ran.fake, problems)


@pytest.fixture
def faqbot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FaqbotCli]:
    """The `faqbot` CLI with a fake token, a SQLite file in tmp_path, no .env, and logging put back after."""
    monkeypatch.chdir(tmp_path)  # no .env from the working tree
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    database = tmp_path / "faqbot.sqlite3"
    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    # Warming reads the whole index in a thread for about two seconds after start-up, and every scenario
    # asks within them: on a busy two-CPU machine the first answers would share the CPU with it and miss
    # Discord's 3 s. Warming itself is tested with simcord (tests/exts/test_client.py).
    monkeypatch.setenv("WARM_INDEX", "false")
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield FaqbotCli(monkeypatch, database)
    finally:
        root.handlers[:] = handlers  # `faqbot run` installs its own handler on the root logger
        root.setLevel(level)
        logging.captureWarnings(False)


class _Collect(logging.Handler):
    def __init__(self, into: list[logging.LogRecord]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record)


@contextlib.contextmanager
def _problems_logged() -> Iterator[list[logging.LogRecord]]:
    problems: list[logging.LogRecord] = []
    handler = _Collect(problems)
    logging.getLogger().addHandler(handler)
    try:
        yield problems
    finally:
        logging.getLogger().removeHandler(handler)
