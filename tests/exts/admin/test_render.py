"""What /faqadmin renders: unanswered questions, feedback, settings, failed reloads."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from bot.core import Knowledge, Problem, limits
from bot.core.grouping import QuestionGroup
from bot.exts.admin._render import (
    feedback_embed,
    reload_failed,
    settings_embed,
    unanswered_csv,
    unanswered_embed,
)
from bot.storage import FeedbackCount, GuildSettings

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def server(
    *, private: bool = False, channels: frozenset[int] = frozenset(), threshold: float | None = None
) -> GuildSettings:
    return GuildSettings(1, private, channels, threshold, answer_mentions=True)


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
