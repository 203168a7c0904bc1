"""How a server's settings are applied, and what /faqadmin and /privacy render: pure, no Discord needed."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.core import Answer, Candidate, Knowledge, Matcher, Problem, limits
from bot.core.grouping import QuestionGroup
from bot.exts._shared.server import allowed_here, placement
from bot.exts.admin._render import (
    feedback_embed,
    reload_failed,
    settings_embed,
    unanswered_csv,
    unanswered_embed,
)
from bot.exts.ask._decide import picked, with_threshold
from bot.exts.privacy._render import privacy_embed
from bot.storage import FeedbackCount, GuildSettings

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
SURE, UNSURE = "who is lin jian", "is putin friends with trump"


def server(
    *, private: bool = False, channels: frozenset[int] = frozenset(), threshold: float | None = None
) -> GuildSettings:
    return GuildSettings(1, private, channels, threshold, answer_mentions=True)


def channel(channel_id: int, parent_id: int | None = None) -> SimpleNamespace:
    return SimpleNamespace(id=channel_id, parent_id=parent_id)


@pytest.mark.parametrize(
    ("channels", "where", "allowed"),
    [
        pytest.param(frozenset(), channel(5), True, id="no-list-means-everywhere"),
        pytest.param(frozenset({5}), channel(5), True, id="listed"),
        pytest.param(frozenset({5}), channel(6), False, id="not-listed"),
        pytest.param(frozenset({5}), channel(9, parent_id=5), True, id="thread-in-a-listed-channel"),
        pytest.param(frozenset({5}), channel(9, parent_id=6), False, id="thread-elsewhere"),
        pytest.param(frozenset({5}), None, False, id="no-channel-known"),
    ],
)
def test_answers_are_public_only_in_the_allowed_channels(
    channels: frozenset[int], where: object, allowed: bool
) -> None:
    assert allowed_here(server(channels=channels), where) is allowed


@pytest.mark.parametrize(
    ("private_setting", "asked", "ephemeral"),
    [(False, None, False), (True, None, True), (True, False, False), (False, True, True)],
)
def test_the_asker_choice_wins_over_the_server_default(
    private_setting: bool, asked: bool | None, ephemeral: bool
) -> None:
    assert placement(server(private=private_setting), channel(5), asked).ephemeral is ephemeral


def test_outside_the_allowed_channels_every_answer_is_private_with_a_note_naming_them() -> None:
    where = placement(server(channels=frozenset({5, 7})), channel(6), private=False)
    assert where.ephemeral and where.note is not None
    assert "<#5>" in where.note and "<#7>" in where.note


def test_the_note_names_at_most_ten_channels() -> None:
    where = placement(server(channels=frozenset(range(100, 130))), channel(6), private=None)
    assert where.note is not None and where.note.count("<#") == 10 and "and 20 more" in where.note


def answered(knowledge: Knowledge, score: float) -> Answer:
    entry, runner_up = knowledge.entries[:2]
    candidates = tuple(
        Candidate(e, score - n * 0.1, 1.0, 1.0, 1.0, e.question) for n, e in enumerate((entry, runner_up))
    )
    return Answer("a question", True, entry, score, entry.citations, (), "clear winner", candidates)


def test_a_threshold_takes_away_answers_below_it_and_offers_them_as_suggestions(knowledge: Knowledge) -> None:
    unsure = answered(knowledge, 0.7)
    held = with_threshold(unsure, 0.8)
    assert not held.answered and held.entry is None and held.citations == ()
    assert held.suggestions == knowledge.entries[:2]
    assert with_threshold(answered(knowledge, 0.8), 0.8) == answered(knowledge, 0.8)


@pytest.mark.parametrize("threshold", [None, 0.5])
def test_without_a_threshold_or_with_a_low_one_the_matcher_decides(
    matcher: Matcher, threshold: float | None
) -> None:
    for question in (SURE, UNSURE, "Who painted the Mona Lisa?", "china"):
        answer = matcher.answer(question)
        assert with_threshold(answer, threshold) == answer  # a low threshold never makes it answer


def test_a_picked_faq_question_is_answered_whatever_the_threshold(knowledge: Knowledge) -> None:
    answer = with_threshold(picked(knowledge.entries[0]), 0.95)
    assert answer.answered and answer.entry == knowledge.entries[0]


# /faqadmin and /privacy


def group(question: str, count: int, *others: str) -> QuestionGroup:
    return QuestionGroup(question, (question, *others), count, NOW)


def embed_size(embed: object) -> int:
    return len(embed)  # type: ignore[arg-type]


def test_unanswered_shows_ten_groups_within_discords_limits_however_long_the_questions() -> None:
    groups = [group(f"question {n} " + "x" * 1990, 50 - n, "other wording") for n in range(40)]
    embed = unanswered_embed(groups, 7, total=900, capped=False)
    assert embed.description is not None and len(embed.description.splitlines()) == 10
    assert embed_size(embed) <= limits.EMBED_TOTAL
    assert embed.footer.text == "900 questions in 40 groups · every group is in the attached CSV"


def test_unanswered_says_when_only_the_newest_questions_were_read() -> None:
    embed = unanswered_embed([group("a", 1)], 1, total=2000, capped=True)
    assert embed.footer.text is not None and "only the newest 2000" in embed.footer.text


def test_unanswered_echoes_questions_without_pinging_anyone() -> None:
    embed = unanswered_embed([group("@everyone **look**", 2)], 7, total=2, capped=False)
    assert embed.description is not None
    assert "@everyone" not in embed.description and "\\*\\*" in embed.description


def test_the_csv_has_every_group_and_defuses_spreadsheet_formulas() -> None:
    groups = [group("=cmd|' /C calc'!A0", 3, "+1", "plain"), group("who?", 1)]
    table = list(csv.reader(io.StringIO(unanswered_csv(groups).decode("utf-8"))))
    assert table == [
        ["question", "count", "last_asked", "also_asked_as"],
        ["'=cmd|' /C calc'!A0", "3", "2025-03-10T12:00:00+00:00", "'+1 | plain"],
        ["who?", "1", "2025-03-10T12:00:00+00:00", ""],
    ]


def test_feedback_names_each_entry_and_marks_those_no_longer_in_the_faq(knowledge: Knowledge) -> None:
    first = knowledge.entries[0]
    ranking = [FeedbackCount(first.id, 1, 4), FeedbackCount("gone-entry", 0, 1)]
    embed = feedback_embed(ranking, knowledge, retention_days=90)
    assert embed.description is not None
    assert embed.description.splitlines() == [
        f"👎 4 · 👍 1 — `{first.id}` {first.question}",
        "👎 1 · 👍 0 — `gone-entry` (no longer in the FAQ)",
    ]
    assert embed.footer.text is not None and "90 days" in embed.footer.text


def test_settings_say_what_each_one_does() -> None:
    shown = settings_embed(server(private=True, channels=frozenset({5}), threshold=0.8), changed=True)
    fields = {f.name: f.value or "" for f in shown.fields}
    assert shown.title == "Settings updated"
    assert fields["Answers"].startswith("private") and "<#5>" in fields["Channels"]
    assert fields["Threshold"].startswith("0.80")
    low = settings_embed(server(threshold=0.5), changed=False)
    assert "changes nothing" in next(f.value or "" for f in low.fields if f.name == "Threshold")


def test_a_failed_reload_lists_file_line_and_problem_and_fits_one_message() -> None:
    problems = [
        Problem(Path("/srv/knowledge/faq.yaml"), n, f"problem {n} " + "y" * 150) for n in range(1, 60)
    ]
    text = reload_failed(problems)
    assert len(text) <= limits.CONTENT
    assert "faq.yaml:1: problem 1" in text and "/srv/knowledge" not in text
    assert "more; `faqbot check`" in text


def test_a_failed_reload_without_a_line_names_the_file() -> None:
    text = reload_failed([Problem(Path("/k/article.txt"), None, "cannot read file: No such file")])
    assert "article.txt: cannot read file" in text and "more" not in text


def test_privacy_names_the_retention_period() -> None:
    fields = {f.name: f.value for f in privacy_embed(14).fields}
    assert fields["How long"] == (
        "Questions are deleted 14 days after they were asked, and votes 14 days after they were cast or last "
        "changed."
    )
