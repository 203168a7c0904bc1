"""What only the SQLite backend does: files, journal mode, durability, a file deleted under it."""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.storage import UserHash, database_file_problem, open_store
from bot.storage._store import Store


async def test_the_database_directory_is_created(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "there" / "faqbot.sqlite3"
    async with open_store(f"sqlite:///{path}"):
        pass
    assert path.is_file()


async def test_a_relative_path_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with open_store("sqlite:///data/faqbot.sqlite3"):
        pass
    assert (tmp_path / "data" / "faqbot.sqlite3").is_file()


async def test_the_database_is_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "faqbot.sqlite3"
    async with open_store(f"sqlite:///{path}"):
        pass
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


async def test_an_in_memory_store_works_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with open_store("sqlite:///:memory:") as store:
        updated = await store.update_settings(1, private=True)
        assert await store.get_settings(1) == updated
    assert list(tmp_path.iterdir()) == []


async def test_every_commit_is_synced_to_disk_in_wal_mode(tmp_path: Path) -> None:
    # What can be checked of "an acknowledged row survives power loss": the settings that promise it are in
    # force on the store's own connection (synchronous is per connection, so only from inside).
    async with open_store(f"sqlite:///{tmp_path / 'faqbot.sqlite3'}") as store:
        assert await store._fetch("PRAGMA journal_mode") == [("wal",)]
        assert await store._fetch("PRAGMA synchronous") == [(2,)]  # FULL: fsync at every commit


async def ask(store: Store, text: str) -> None:
    await store.record_question(
        text=text, user_hash=UserHash("h"), guild_id=1, channel_id=2, entry_id=None, score=0.1, answered=False
    )


@pytest.mark.parametrize("how", ["deleted", "replaced"])
async def test_a_database_file_deleted_or_replaced_under_the_store_is_logged_once_as_an_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, how: str
) -> None:
    path = tmp_path / "faqbot.sqlite3"
    async with open_store(f"sqlite:///{path}") as store:
        await ask(store, "before")
        assert store.file_problem() is None  # type: ignore[attr-defined]
        path.unlink()
        if how == "replaced":
            path.write_bytes(b"")
        with caplog.at_level(logging.WARNING, logger="bot.storage"):
            await ask(store, "after")
            await ask(store, "and after")
        errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 1
        assert f"the database file {path} was {how}" in errors[0] and "lost when faqbot stops" in errors[0]
        assert store.file_problem() == errors[0]  # type: ignore[attr-defined]


async def test_a_database_file_put_back_is_logged_as_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path, aside = tmp_path / "faqbot.sqlite3", tmp_path / "aside.sqlite3"
    async with open_store(f"sqlite:///{path}") as store:
        os.rename(path, aside)
        with caplog.at_level(logging.WARNING, logger="bot.storage"):
            with pytest.raises(sqlite3.OperationalError):
                await ask(store, "while away")  # SQLite refuses to write to a file that moved
            os.rename(aside, path)
            await ask(store, "back")
        assert [r.levelname for r in caplog.records] == ["ERROR", "WARNING"]
        assert "is back in place" in caplog.records[-1].getMessage()


async def test_a_database_deleted_under_a_running_bot_is_named_by_its_leftover_write_ahead_log(
    tmp_path: Path,
) -> None:
    path = tmp_path / "faqbot.sqlite3"
    url = f"sqlite:///{path}"
    async with open_store(url) as store:
        await ask(store, "kept in the log")
        assert database_file_problem(url) is None
        path.unlink()
        problem = database_file_problem(url)
        assert problem is not None and "deleted while faqbot had it open" in problem
    assert database_file_problem(url) is not None  # left behind, it would be replayed into a new file
    for leftover in tmp_path.glob("faqbot.sqlite3-*"):
        leftover.rename(tmp_path / f"aside-{leftover.name}")
    assert database_file_problem(url) is None
    assert database_file_problem("sqlite:///:memory:") is None
    assert database_file_problem("postgresql://db/faqbot") is None
