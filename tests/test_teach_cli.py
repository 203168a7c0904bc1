"""`faqbot teach`, `taught`, `export`, and `ask` with what was taught, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from bot.cli import main
from bot.core import Matcher, load_knowledge
from bot.storage import open_store
from tests.conftest import KNOWLEDGE_DIR
from tests.storage.conftest import postgres_server  # noqa: F401 (the session's server, when asked for)

NEW_PHRASING = "what's the tea on the wedge thing"
NOT_SAID = "did rubio like the food in moscow"


async def _create(url: str) -> None:
    async with open_store(url):  # as the bot does at its first start
        pass


@pytest.fixture(params=["sqlite", "postgres"])
def database(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A database the bot has created, named by DATABASE_URL; the working directory has no .env."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("USER_HASH_SALT", "test salt")
    monkeypatch.delenv("KNOWLEDGE_DIR", raising=False)
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
        asyncio.run(_create(url))
        monkeypatch.setenv("DATABASE_URL", url)
        yield url
        return
    server: str = request.getfixturevalue("postgres_server")
    name = f"teach_{uuid.uuid4().hex}"
    asyncio.run(_admin(server, f"CREATE DATABASE {name}"))
    url = f"{server.rsplit('/', 1)[0]}/{name}"
    asyncio.run(_create(url))
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    asyncio.run(_admin(server, f"DROP DATABASE {name} WITH (FORCE)"))


async def _admin(url: str, sql: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_teach_then_ask_answers_the_taught_phrasing(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "ask", "--json", NEW_PHRASING)
    assert code == 0 and json.loads(out)["answered"] is False
    code, out, err = run(capsys, "teach", NEW_PHRASING, "split-russia-china")
    assert code == 0, err
    assert out.startswith("taught #1: ") and "split-russia-china" in out
    code, out, _ = run(capsys, "ask", "--json", "Whats the tea on the wedge thing?")
    record = json.loads(out)
    assert record["answered"] and record["faq_id"] == "split-russia-china"


def test_teach_not_in_article_then_ask_and_chat_give_the_honest_reply(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, "teach", "--not-in-article", NOT_SAID)
    assert code == 0, err
    code, out, _ = run(capsys, "ask", "--json", NOT_SAID + "?")
    record = json.loads(out)
    assert record["reason"] == "not_in_article" and record["closest"] is not None
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO(NOT_SAID + "\n"))
    code, out, _ = run(capsys, "chat")
    assert code == 0 and "The article doesn't say." in out and "Related — what the article does say" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("teach", "What is this article about?", "split-russia-china"), "entry 'article-about'"),
        (("teach", "russia", "nixon-1972"), "reads as one common word"),
        (("teach", NEW_PHRASING, "no-such-entry"), "there is no entry 'no-such-entry'"),
        (("teach", "--not-in-article", "what is this article about"), "entry 'article-about'"),
    ],
)
def test_teach_refuses_unsafe_phrasings_with_the_reason_and_stores_nothing(
    database: str, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], expected: str
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 1 and "not taught: " in err and expected in err
    code, out, _ = run(capsys, "taught")
    assert code == 0 and out.startswith("nothing taught yet")


@pytest.mark.parametrize("args", [("teach", NEW_PHRASING), ("teach", "--not-in-article", NEW_PHRASING, "x")])
def test_teach_needs_an_entry_or_not_in_article_but_not_both(
    database: str, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2 and "usage: faqbot teach" in err


def test_taught_lists_newest_first_and_undo_takes_one_back(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "teach", NEW_PHRASING, "split-russia-china")[0] == 0
    assert run(capsys, "teach", "--not-in-article", NOT_SAID)[0] == 0
    code, out, _ = run(capsys, "taught")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("#2") and "not in the article" in lines[0] and NOT_SAID in lines[0]
    assert lines[1].startswith("#1") and "split-russia-china" in lines[1] and " UTC " in lines[1]
    code, out, _ = run(capsys, "taught", "--undo", "1")
    assert code == 0 and out.startswith("undone #1")
    code, _, err = run(capsys, "taught", "--undo", "1")
    assert code == 1 and "no teaching #1 is in force" in err
    code, out, _ = run(capsys, "taught")
    assert [line[:2] for line in out.splitlines()] == ["#2"]
    code, out, _ = run(capsys, "ask", "--json", NEW_PHRASING)
    assert json.loads(out)["answered"] is False  # undone: no longer taught


def test_a_cli_teaching_is_stored_under_the_hashed_operator(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import cli_moderator
    from bot.settings import Settings

    assert run(capsys, "teach", NEW_PHRASING, "split-russia-china")[0] == 0

    async def stored() -> str:
        async with open_store(database) as store:
            return (await store.teachings())[0].moderator

    moderator = asyncio.run(stored())
    assert moderator == cli_moderator(Settings()) and len(moderator) == 64 and "cli" not in moderator


def test_export_merges_the_live_teachings_into_faq_yaml_adding_lines_only(
    database: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "teach", NEW_PHRASING, "split-russia-china")
    run(capsys, "teach", "--not-in-article", NOT_SAID)
    run(capsys, "teach", "what did rubio tell breitbart news exactly then", "rubio-breitbart")
    run(capsys, "taught", "--undo", "3")
    shipped = (KNOWLEDGE_DIR / "faq.yaml").read_text(encoding="utf-8")
    code, out, err = run(capsys, "export")
    assert code == 0, err
    assert "2 taught phrasings merged" in err
    before, after = shipped.splitlines(True), out.splitlines(True)
    for line in before:  # every line kept, in order
        after.remove(line)
    assert after == [
        f"      - {NEW_PHRASING}\n",
        "\n",
        "# Questions the article doesn't answer (taught with faqbot teach --not-in-article): each\n",
        "# gets the honest reply. None may be a phrasing of an entry.\n",
        "not_in_article:\n",
        f"  - {NOT_SAID}\n",
    ]
    directory = tmp_path / "exported"
    shutil.copytree(KNOWLEDGE_DIR, directory)
    code, _, err = run(capsys, "export", "--out", str(directory / "faq.yaml"))
    assert code == 0, err
    exported = Matcher(load_knowledge(directory))
    assert exported.answer(NEW_PHRASING).entry is not None
    assert exported.answer(NOT_SAID).outcome == "not_in_article"
    # Exported phrasings are the file's now: a second export adds nothing more.
    code, out, err = run(capsys, "--knowledge", str(directory), "export")
    assert code == 0 and out == (directory / "faq.yaml").read_text(encoding="utf-8")
    assert "0 taught phrasings merged, 2 already in faq.yaml" in err


def test_ask_without_the_database_file_answers_as_before_and_creates_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'nowhere' / 'bot.sqlite3'}")
    code, out, err = run(capsys, "ask", "--json", "What did Rubio tell Breitbart?")
    assert code == 0 and err == "" and json.loads(out)["faq_id"] == "rubio-breitbart"
    monkeypatch.delenv("DATABASE_URL")  # the default, data/faqbot.sqlite3 here
    code, out, err = run(capsys, "ask", "--json", "What did Rubio tell Breitbart?")
    assert code == 0 and err == "" and json.loads(out)["answered"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [("teach", NEW_PHRASING, "split-russia-china"), ("taught",), ("export",)])
def test_teaching_commands_without_the_database_say_where_they_looked_and_create_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: tuple[str, ...],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("USER_HASH_SALT", "test salt")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'bot.sqlite3'}")
    code, out, err = run(capsys, *command)
    assert code == 1 and out == "" and "no database at" in err
    assert list(tmp_path.iterdir()) == []


def test_an_unreadable_postgres_database_costs_ask_one_line_not_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody:secret@127.0.0.1:9/none")
    code, out, err = run(capsys, "ask", "--json", "What did Rubio tell Breitbart?")
    assert code == 0 and json.loads(out)["faq_id"] == "rubio-breitbart"
    assert "answering without taught phrasings" in err and "secret" not in err
