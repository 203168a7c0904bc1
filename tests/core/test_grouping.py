"""Grouping logged questions that ask the same thing, for /faqadmin unanswered and `faqbot suggest`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.grouping import group_questions

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Logged:
    text: str
    asked_at: datetime


def asked(*texts: str) -> list[Logged]:
    """Questions asked an hour apart, the first the most recent."""
    return [Logged(text, NOW - timedelta(hours=n)) for n, text in enumerate(texts)]


def test_the_same_question_in_other_case_and_punctuation_is_one_wording() -> None:
    [group] = group_questions(
        asked("Who is Angela Merkel?", "who is angela merkel", "WHO IS ANGELA MERKEL!!")
    )
    assert (group.count, group.phrasings) == (3, ("Who is Angela Merkel?",))


def test_rewordings_of_one_question_are_grouped_and_each_wording_is_kept() -> None:
    [group] = group_questions(asked("who is angela merkel", "Angela Merkel who?", "who's angela merkel"))
    assert group.count == 3
    assert set(group.phrasings) == {"who is angela merkel", "Angela Merkel who?", "who's angela merkel"}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("when is the next election", "election date?", id="shared-topic-word"),
        pytest.param("merkel?", "what does merkel say about china", id="more-specific-form"),
    ],
)
def test_similar_questions_share_a_group(first: str, second: str) -> None:
    assert len(group_questions(asked(first, second))) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("who is angela merkel", "what does merkel think", id="same-name-other-question"),
        pytest.param("best pizza recipe", "when is the next election", id="unrelated"),
    ],
)
def test_different_questions_stay_apart(first: str, second: str) -> None:
    assert len(group_questions(asked(first, second))) == 2


def test_groups_come_most_asked_first_and_are_named_by_their_most_asked_wording() -> None:
    groups = group_questions(
        asked("pizza?", "merkel?", "who is merkel", "who is merkel", "pizza?", "merkel?")
    )
    assert [(g.question, g.count) for g in groups] == [("merkel?", 4), ("pizza?", 2)]


def test_a_group_knows_when_it_was_last_asked() -> None:
    [group] = group_questions(asked("merkel?", "who is merkel", "merkel?"))
    assert group.last_asked == NOW


def test_equal_counts_put_the_most_recently_asked_group_first() -> None:
    groups = group_questions(asked("pizza?", "merkel?"))
    assert [g.question for g in groups] == ["pizza?", "merkel?"]


def test_questions_of_stop_words_only_still_group_by_their_words() -> None:
    groups = group_questions(asked("what?", "What?", "why?"))
    assert sorted((g.question, g.count) for g in groups) == [("what?", 2), ("why?", 1)]  # the latest spelling


def test_nothing_asked_gives_no_groups() -> None:
    assert group_questions([]) == []


@given(st.lists(st.text(max_size=40), max_size=30))
def test_every_question_is_counted_in_exactly_one_group(texts: list[str]) -> None:
    groups = group_questions(asked(*texts))
    assert sum(g.count for g in groups) == len(texts)
    assert all(g.question == g.phrasings[0] for g in groups)
