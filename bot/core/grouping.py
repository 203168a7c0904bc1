"""Group logged questions that ask the same thing in different words, for admins and `faqbot suggest`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from rapidfuzz import fuzz, process

from bot.core.text import normalize, tokens

__all__ = ["SIMILARITY", "Asked", "QuestionGroup", "group_questions"]

# token_set_ratio of the content words, 0..100. 80 joins "when is the next election" with "election date?"
# and a question with a more specific form of itself ("merkel?" / "merkel on china": the same missing
# topic), but keeps "who is angela merkel" apart from "what does merkel think" (67).
SIMILARITY = 80


class Asked(Protocol):
    """One logged question: what was asked and when (the store's LoggedQuestion fits)."""

    @property
    def text(self) -> str: ...

    @property
    def asked_at(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """Questions asking the same thing; `question` is its most asked phrasing, `phrasings` all of them."""

    question: str
    phrasings: tuple[str, ...]
    count: int
    last_asked: datetime


@dataclass(slots=True)
class _Phrasing:
    text: str
    key: str
    count: int
    last_asked: datetime


def group_questions(asked: Iterable[Asked], similarity: float = SIMILARITY) -> list[QuestionGroup]:
    """Similar questions grouped, most asked group first (then most recent, then alphabetical)."""
    groups: list[list[_Phrasing]] = []
    keys: list[str] = []  # each group's first (most asked) phrasing key: the one others are compared to
    for phrasing in _phrasings(asked):
        match = process.extractOne(
            phrasing.key, keys, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=similarity
        )
        if match is None:
            groups.append([phrasing])
            keys.append(phrasing.key)
        else:
            groups[match[2]].append(phrasing)
    built = [_group(members) for members in groups]
    return sorted(built, key=lambda g: (-g.count, -g.last_asked.timestamp(), g.question))


def _phrasings(asked: Iterable[Asked]) -> list[_Phrasing]:
    """One entry per distinct wording (case and punctuation aside), most asked first."""
    by_wording: dict[str, list[Asked]] = defaultdict(list)
    for question in asked:
        by_wording[normalize(question.text)].append(question)
    phrasings = []
    for questions in by_wording.values():
        latest = max(questions, key=lambda q: q.asked_at)
        text = " ".join(latest.text.split())
        phrasings.append(_Phrasing(text, _key(text), len(questions), latest.asked_at))
    return sorted(phrasings, key=lambda p: (-p.count, -p.last_asked.timestamp(), p.key))


def _key(text: str) -> str:
    # Compared on content words, stemmed: "Angela Merkel who?" asks what "who is angela merkel" does. A
    # question of stop words only ("what?") keeps its plain words so it still has something to compare.
    return " ".join(tokens(text)) or normalize(text)


def _group(members: list[_Phrasing]) -> QuestionGroup:
    return QuestionGroup(
        question=members[0].text,
        phrasings=tuple(m.text for m in members),
        count=sum(m.count for m in members),
        last_asked=max(m.last_asked for m in members),
    )
