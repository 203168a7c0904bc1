"""Whether to answer: the matcher's decision held to a server's threshold."""

from __future__ import annotations

import pytest

from bot.core import Answer, Candidate, Knowledge, Matcher
from bot.exts.ask._decide import picked, with_threshold

SURE, UNSURE = "who is lin jian", "is putin friends with trump"


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
