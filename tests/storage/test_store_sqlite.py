"""What only the SQLite backend does: files, directories, journal mode."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.storage import open_store


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
