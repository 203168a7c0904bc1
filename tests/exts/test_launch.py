"""`faqbot run`, `sync` and `doctor`: one clear line per failure, the right exit code, never the token."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import discord
import pytest
import simcord

from bot.cli import main
from bot.client import FaqBot
from bot.core import Knowledge
from bot.launch import BAD_TOKEN, NO_TOKEN, command_differences, invite_url, sync_commands
from bot.settings import Settings
from bot.storage import hash_user, open_store
from tests.conftest import KNOWLEDGE_DIR

# Shaped like a real token, so the log redaction would catch it too; it is not one.
TOKEN = "MTAxNTk1NjQ2NDk4NjA0NDQ4Mg.GhJkLm.abcdefghijklmnopqrstuvwxyz0123456789AB"
MENU = "“Find answer” (message menu)"


@pytest.fixture(autouse=True)
def clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No .env, no settings from the real environment, and logging put back as it was."""
    monkeypatch.chdir(tmp_path)
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def broken_knowledge(tmp_path: Path) -> Path:
    directory = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, directory)
    faq = directory / "faq.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("id: who-is-lin-jian", "id: Not A Slug"), "utf-8")
    return directory


def test_run_without_a_token_says_where_to_put_it_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"]) == 2
    assert capsys.readouterr().err == f"faqbot: {NO_TOKEN}\n"


def test_run_with_invalid_knowledge_says_so_in_one_line_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    assert main(["--knowledge", str(broken_knowledge(tmp_path)), "run"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "faq.yaml:" in err and "lowercase slug" in err


def test_run_with_an_invalid_setting_names_it_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("COOLDOWN_RATE", "0")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("faqbot: setting COOLDOWN_RATE is invalid") and err.count("\n") == 1


def test_run_with_shard_ids_but_no_shard_count_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    assert main(["run", "--shard-ids", "0,1"]) == 2
    assert "--shard-count" in capsys.readouterr().err


def test_a_rejected_token_is_one_line_no_traceback_and_never_printed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    async def reject(self: object, token: str) -> None:
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(discord.http.HTTPClient, "static_login", reject)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    assert main(["run"]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines()[-1] == f"faqbot: {BAD_TOKEN}"  # after discord.py's own log lines
    assert TOKEN not in out + err + caplog.text
    assert "Traceback" not in err


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_closes_the_bot_cleanly_and_exits_0(
    monkeypatch: pytest.MonkeyPatch, signum: signal.Signals
) -> None:
    closed: list[bool] = []

    async def serve_until_closed(self: FaqBot, token: str, *, reconnect: bool = True) -> None:
        os.kill(os.getpid(), signum)
        while not self.is_closed():
            await asyncio.sleep(0.01)
        closed.append(True)

    def must_not_be_reached(*_: object) -> None:
        raise AssertionError(f"{signum.name} reached the default handler: run installed none")

    monkeypatch.setattr(FaqBot, "start", serve_until_closed)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    previous = signal.signal(signum, must_not_be_reached)
    try:
        assert main(["run"]) == 0
    finally:
        signal.signal(signum, previous)
    assert closed == [True]


def test_sync_without_a_token_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", "--guild", "1"]) == 2
    assert NO_TOKEN in capsys.readouterr().err


def test_the_invite_asks_for_bot_and_commands_scopes_and_only_the_permissions_used() -> None:
    query = parse_qs(urlsplit(invite_url(1234)).query)
    assert query["client_id"] == ["1234"]
    assert query["scope"] == ["bot applications.commands"]
    wanted = discord.Permissions(
        send_messages=True, send_messages_in_threads=True, embed_links=True, read_message_history=True
    )
    assert query["permissions"] == [str(wanted.value)]


def test_doctor_offline_checks_everything_but_discord(
    knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    assert main(["doctor", "--offline"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "ok   settings",
        "ok   knowledge",
        "ok   database",
        "ok   token",
        "skip discord",
    ]
    entries, paragraphs = len(knowledge.entries), len(knowledge.article)
    assert f"{entries} entries, 100.0% of {paragraphs} paragraphs cited" in lines[1]


def test_doctor_gives_each_failure_a_fix_and_never_prints_secrets(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://faqbot:hunter2@db/faqbot")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    failures = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert [line.split(":")[0] for line in failures] == ["FAIL database", "FAIL token"]
    assert all("— fix:" in line for line in failures)
    assert NO_TOKEN in out and "skip discord: not contacted (no token)" in out
    assert "hunter2" not in out


def test_doctor_reports_invalid_knowledge_and_does_not_contact_discord(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    assert main(["--knowledge", str(broken_knowledge(tmp_path)), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "FAIL knowledge: the knowledge is invalid" in out
    assert "skip discord: not contacted (the knowledge is invalid)" in out


def test_doctor_with_invalid_settings_says_which_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    assert main(["doctor", "--offline"]) == 1
    assert capsys.readouterr().out.startswith("FAIL settings: setting LOG_LEVEL is invalid")


async def test_sync_registers_every_command_globally_or_on_one_guild_and_clear_removes_them(
    bot: FaqBot, guild: simcord.GuildHandle
) -> None:
    everywhere = sorted(c.name for c in await sync_commands(bot, guild_id=None, clear=False))
    assert everywhere == ["Find answer", "about", "ask", "faq", "faqadmin", "privacy", "source"]
    on_guild = await sync_commands(bot, guild_id=guild.id, clear=False)
    assert sorted(c.name for c in on_guild) == everywhere
    assert all(c.guild_id == guild.id for c in on_guild)
    assert await sync_commands(bot, guild_id=guild.id, clear=True) == []
    assert await sync_commands(bot, guild_id=None, clear=True) == []
    assert await bot.tree.fetch_commands() == []


async def test_command_differences_name_each_command_missing_from_discord(bot: FaqBot) -> None:
    assert await command_differences(bot, await bot.tree.fetch_commands()) == []
    assert bot.application_id is not None
    await bot.http.bulk_upsert_global_commands(bot.application_id, [])
    differences = await command_differences(bot, await bot.tree.fetch_commands())
    assert differences == [
        f"{name} is not on Discord"
        for name in ("/about", "/ask", "/faq", "/faqadmin", "/privacy", "/source", MENU)
    ]


def test_run_opens_the_store_for_the_bot_purges_old_questions_and_closes_it_on_sigterm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "faqbot.sqlite3"
    asyncio.run(log_question(database, "asked long ago", datetime.now(UTC) - timedelta(days=40)))
    seen: list[FaqBot] = []

    async def serve_then_stop(self: FaqBot, token: str, *, reconnect: bool = True) -> None:
        seen.append(self)
        assert self.store is not None
        await self.store.record_question(
            text="asked now",
            user_hash=self.hash_user(1),
            guild_id=None,
            channel_id=2,
            entry_id=None,
            score=0.1,
            answered=False,
        )
        os.kill(os.getpid(), signal.SIGTERM)
        while not self.is_closed():
            await asyncio.sleep(0.01)

    monkeypatch.setattr(FaqBot, "start", serve_then_stop)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("RETENTION_DAYS", "30")
    assert main(["run"]) == 0
    [bot] = seen
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("SELECT text FROM questions").fetchall() == [("asked now",)]
    with pytest.raises(RuntimeError, match="not connected"):
        asyncio.run(bot.store.get_settings(1))  # type: ignore[union-attr]


def test_sighup_reloads_the_knowledge_directory_the_bot_was_started_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, directory)
    swapped: list[bool] = []

    async def reload_then_stop(self: FaqBot, token: str, *, reconnect: bool = True) -> None:
        serving = self.matcher
        os.kill(os.getpid(), signal.SIGHUP)
        async with asyncio.timeout(10):
            while self.matcher is serving:
                await asyncio.sleep(0.01)
        swapped.append(self.settings.knowledge_dir == directory)
        os.kill(os.getpid(), signal.SIGTERM)
        while not self.is_closed():
            await asyncio.sleep(0.01)

    monkeypatch.setattr(FaqBot, "start", reload_then_stop)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    assert main(["--knowledge", str(directory), "run"]) == 0
    assert swapped == [True]


def test_run_with_a_database_it_cannot_open_says_so_in_one_line_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'a-file'}/faqbot.sqlite3")
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("faqbot: cannot open the sqlite database") and "DATABASE_URL" in err
    assert err.count("\n") == 1


async def log_question(database: Path, text: str, asked_at: datetime) -> None:
    async with open_store(f"sqlite:///{database}") as store:
        await store.record_question(
            text=text,
            user_hash=hash_user(1, b"salt"),
            guild_id=None,
            channel_id=2,
            entry_id=None,
            score=0.1,
            answered=False,
            asked_at=asked_at,
        )


def test_run_hands_the_token_and_the_salt_to_the_log_redactor_even_when_neither_looks_like_a_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Neither is shaped like a Discord token, so only the wiring from the settings can redact them.
    token, salt = "plain-token-words-1234", "correct horse battery staple"

    async def leak_then_stop(self: FaqBot, given: str, *, reconnect: bool = True) -> None:
        logging.getLogger("discord.client").warning("logging in with %s", given)
        logging.getLogger("bot.storage").error("hashing with salt=%s", salt, extra={"salt": salt})
        os.kill(os.getpid(), signal.SIGTERM)
        while not self.is_closed():
            await asyncio.sleep(0.01)

    monkeypatch.setattr(FaqBot, "start", leak_then_stop)
    monkeypatch.setenv("DISCORD_TOKEN", token)
    monkeypatch.setenv("USER_HASH_SALT", salt)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///:memory:")
    assert main(["run"]) == 0
    err = capsys.readouterr().err
    assert "logging in with [REDACTED]" in err and "hashing with salt=[REDACTED]" in err
    assert token not in err and salt not in err


def test_doctor_says_when_the_database_was_deleted_under_a_running_bot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "faqbot.sqlite3"
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    with closing(sqlite3.connect(database, isolation_level=None)) as running_bot:
        running_bot.execute("PRAGMA journal_mode = WAL")
        running_bot.execute("CREATE TABLE questions (text TEXT)")
        assert main(["doctor", "--offline"]) == 0
        database.unlink()
        assert main(["doctor", "--offline"]) == 1
    out = capsys.readouterr().out
    [failure] = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert failure.startswith(f"FAIL database: {database} is missing but its write-ahead log")
    assert "deleted while faqbot had it open" in failure and "— fix: stop faqbot" in failure


async def test_command_differences_see_commands_synced_without_their_chinese_names(bot: FaqBot) -> None:
    assert bot.application_id is not None and bot.tree.translator is not None
    synced = await bot.tree.fetch_commands()
    assert await command_differences(bot, synced) == []
    assert any(discord.Locale.chinese in c.name_localizations for c in synced)  # what sync sent
    kept = ("name", "description", "type", "options", "dm_permission", "default_member_permissions", "nsfw")
    bare = [{k: v for k, v in c.to_dict().items() if k in kept} for c in synced]  # no other languages
    await bot.http.bulk_upsert_global_commands(bot.application_id, bare)
    differences = await command_differences(bot, await bot.tree.fetch_commands())
    assert "/ask has changed" in differences and "/faq has changed" in differences
