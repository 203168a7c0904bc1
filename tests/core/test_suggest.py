"""`faqbot suggest`: proposals from unanswered questions, as pure logic and through the command line."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.core import Article, Citation, Entry, Knowledge, Matcher, Source
from bot.core.suggest import NEAR_SCORE, NewAlternates, NewEntry, as_yaml, propose
from bot.settings import Settings
from bot.storage import hash_user, open_store
from tests.conftest import KNOWLEDGE_DIR, ROOT

NOW = datetime.now(UTC)
PARAGRAPHS = (
    "Rubio told Breitbart that the world should not have one superpower.",
    "Russia sells more oil to China than ever, with exports rising in 2024.",
    "Kissinger travelled to Beijing in 1971 to open relations with China.",
)


def entry(entry_id: str, question: str, alternate: str, answer: str, paragraph: int) -> Entry:
    citation = Citation(PARAGRAPHS[paragraph - 1], paragraph)
    return Entry(entry_id, "Topic", question, (alternate,), answer, (citation,))


@pytest.fixture(scope="module")
def small_matcher() -> Matcher:
    """A three-entry FAQ, so these tests don't move when the shipped FAQ is edited."""
    entries = (
        entry("rubio-breitbart", "What did Rubio tell Breitbart?", "rubio breitbart interview", "No.", 1),
        entry("oil-exports", "How much oil does Russia sell to China?", "russian oil exports", "More.", 2),
        entry("kissinger-beijing", "Why did Kissinger go to Beijing?", "kissinger 1971 trip", "To talk.", 3),
    )
    source = Source("An article", "BBC", "2025-03-10", "Someone")
    return Matcher(Knowledge(source, Article(PARAGRAPHS), entries))


@dataclass(frozen=True)
class Logged:
    text: str
    asked_at: datetime


def asked(*texts: str) -> list[Logged]:
    return [Logged(text, NOW - timedelta(minutes=n)) for n, text in enumerate(texts)]


def test_questions_close_to_an_entry_become_new_alternates_for_it(small_matcher: Matcher) -> None:
    [proposal] = propose(
        asked("Rubio on Breitbart?", "rubio on breitbart", "Rubio and Breitbart?"), small_matcher
    )
    assert isinstance(proposal, NewAlternates)
    assert proposal.entry_id == "rubio-breitbart" and proposal.score >= NEAR_SCORE
    assert proposal.asked == 3
    assert set(proposal.alternates) == {"Rubio on Breitbart?", "Rubio and Breitbart?"}


def test_questions_nothing_comes_close_to_become_a_new_entry_with_paragraph_hints(
    small_matcher: Matcher,
) -> None:
    [proposal] = propose(
        asked("How many troops does Russia have?", "how many troops has russia"), small_matcher
    )
    assert isinstance(proposal, NewEntry)
    assert proposal.id == "many-troops-russia"
    assert (proposal.question, proposal.alternates) == (
        "How many troops does Russia have?",
        ("how many troops has russia",),
    )
    assert 2 in proposal.paragraphs  # the paragraph about Russia is where an answer would be, if anywhere


def test_questions_asked_fewer_than_min_count_times_are_left_out(small_matcher: Matcher) -> None:
    questions = asked("who is angela merkel", "Who is Angela Merkel?", "best pizza recipe")
    assert [p.asked for p in propose(questions, small_matcher, min_count=2)] == [2]
    assert len(propose(questions, small_matcher, min_count=1)) == 2
    assert propose(questions, small_matcher, min_count=3) == []


def test_wordings_already_in_the_faq_are_never_proposed_again(small_matcher: Matcher) -> None:
    assert propose(asked("Rubio Breitbart interview", "rubio breitbart interview!"), small_matcher) == []


def test_a_new_entry_never_reuses_an_existing_id(small_matcher: Matcher) -> None:
    knowledge = small_matcher.knowledge
    renamed = replace(knowledge.entries[2], id="angela-merkel")  # about Kissinger, whatever its id says
    matcher = Matcher(replace(knowledge, entries=(*knowledge.entries[:2], renamed)))
    [proposal] = propose(asked("Who is Angela Merkel?", "who is angela merkel"), matcher)
    assert isinstance(proposal, NewEntry) and proposal.id == "angela-merkel-2"


def test_new_entry_ids_are_unique_among_the_proposals(small_matcher: Matcher) -> None:
    proposals = propose(asked("merkel!!", "Merkel?", "pizza merkel", "pizza merkel"), small_matcher)
    ids = [p.id for p in proposals if isinstance(p, NewEntry)]
    assert len(ids) == len(set(ids))


def test_the_yaml_parses_and_says_what_to_do_with_each_proposal(small_matcher: Matcher) -> None:
    questions = asked(
        "Rubio on Breitbart?", "Rubio and Breitbart?", "who is angela merkel", "Angela Merkel who?"
    )
    text = as_yaml(propose(questions, small_matcher))
    alternates, new_entry = yaml.safe_load(text)
    assert alternates == {
        "add_alternates_to": "rubio-breitbart",
        "alternates": ["Rubio on Breitbart?", "Rubio and Breitbart?"],
    }
    assert new_entry["id"] == "angela-merkel" and new_entry["alternates"] == ["Angela Merkel who?"]
    assert (new_entry["answer"], new_entry["citations"]) == ("TODO", [])
    assert "nearest entry rubio-breitbart" in text and "no entry is close" in text
    assert "Nothing was written to faq.yaml" in text


def test_no_proposals_say_so_in_a_comment() -> None:
    assert yaml.safe_load(as_yaml([])) is None
    assert as_yaml([]).startswith("# No unanswered question")


# --- the command line -------------------------------------------------------------------------------------


async def log_unanswered(url: str, texts: list[str], *, days_ago: float = 0) -> None:
    async with open_store(url) as store:
        for number, text in enumerate(texts):
            await store.record_question(
                text=text,
                user_hash=hash_user(number, b"salt"),
                guild_id=1,
                channel_id=2,
                entry_id=None,
                score=0.1,
                answered=False,
                asked_at=NOW - timedelta(days=days_ago),
            )


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)  # no .env
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    url = f"sqlite:///{tmp_path / 'faqbot.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_suggest_prints_yaml_from_the_logged_questions_and_writes_no_file(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(log_unanswered(database, ["Who is Angela Merkel?", "who is angela merkel", "pizza?"]))
    asyncio.run(log_unanswered(database, ["Who is Olaf Scholz?", "Who is Olaf Scholz?"], days_ago=40))
    faq_before = (KNOWLEDGE_DIR / "faq.yaml").read_bytes()
    assert main(["--knowledge", str(KNOWLEDGE_DIR), "suggest", "--days", "30", "--min-count", "2"]) == 0
    out, err = capsys.readouterr()
    [proposal] = yaml.safe_load(out)
    assert proposal["question"].casefold().rstrip("?") == "who is angela merkel"  # Scholz: before the 30 days
    assert "3 unanswered questions" in err and "1 suggestions" in err
    assert (KNOWLEDGE_DIR / "faq.yaml").read_bytes() == faq_before


def test_suggest_with_a_bad_database_url_says_which_setting_to_fix(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://faqbot:hunter2@db/faqbot")
    assert main(["suggest"]) == 1
    err = capsys.readouterr().err
    assert "DATABASE_URL" in err and "hunter2" not in err


def test_suggest_does_not_load_discord(database: str) -> None:
    code = (
        "import sys; from bot.cli import main; main(['suggest']);"
        "sys.exit(1 if 'discord' in sys.modules else 0)"
    )
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=environment
    )
    assert result.returncode == 0, result.stdout + result.stderr
