"""The naive matchers people reach for first: the most similar phrasing in the whole FAQ wins."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from bot.core import Answer, Entry, Knowledge
from bot.core.evaluation import EvalItem, EvalReport, evaluate

Best = Callable[[str, float], tuple[Entry, float] | None]  # (question, cutoff) -> owner and score 0..100


@dataclass(frozen=True, slots=True)
class Naive:
    """Answers with the entry owning the most similar phrasing when it scores at least `cutoff`."""

    name: str
    knowledge: Knowledge
    best: Best
    cutoff: float

    def answer(self, question: str) -> Answer:
        found = self.best(question, self.cutoff)
        if found is None or found[1] < self.cutoff:
            return Answer(question, False, None, 0.0, (), (), f"nothing scores {self.cutoff}+")
        entry, score = found
        return Answer(question, True, entry, score / 100, entry.citations, (), f"{self.name} {score:.0f}")


def _phrasings(knowledge: Knowledge) -> tuple[list[str], list[Entry]]:
    # Cleaned once up front, as anyone would (lowercase, punctuation to spaces); questions per call.
    pairs = [(default_process(p), e) for e in knowledge.entries for p in (e.question, *e.alternates)]
    return [p for p, _ in pairs], [e for _, e in pairs]


def wratio(knowledge: Knowledge, cutoff: float) -> Naive:
    """rapidfuzz `extractOne` with WRatio over every question and alternate."""
    choices, owners = _phrasings(knowledge)

    def best(question: str, cutoff: float) -> tuple[Entry, float] | None:
        found = process.extractOne(
            default_process(question), choices, scorer=fuzz.WRatio, processor=None, score_cutoff=cutoff
        )
        return (owners[found[2]], found[1]) if found else None

    return Naive("rapidfuzz WRatio", knowledge, best, cutoff)


def close_matches(knowledge: Knowledge, cutoff: float) -> Naive:
    """`difflib.get_close_matches(n=1)` over the same strings; its ratio is scaled to 0..100."""
    choices, owners = _phrasings(knowledge)
    owner_of = dict(zip(reversed(choices), reversed(owners), strict=True))  # the first owner wins a tie

    def best(question: str, cutoff: float) -> tuple[Entry, float] | None:
        text = default_process(question)
        found = difflib.get_close_matches(text, choices, n=1, cutoff=cutoff / 100)
        if not found:
            return None
        return owner_of[found[0]], 100 * difflib.SequenceMatcher(None, text, found[0]).ratio()

    return Naive("difflib", knowledge, best, cutoff)


def sweep(naive: Naive, items: list[EvalItem], grid: Sequence[float]) -> dict[float, EvalReport]:
    """Dev-set figures of `naive` at every cutoff in `grid`, matching each question once."""
    found = {item.question: naive.best(item.question, min(grid)) for item in items}
    replays = {
        cutoff: replace(naive, best=lambda question, _: found[question], cutoff=cutoff) for cutoff in grid
    }
    return {cutoff: evaluate(replay, items) for cutoff, replay in replays.items()}  # type: ignore[arg-type]


def fair_cutoff(reports: dict[float, EvalReport]) -> float:
    """The cutoff answering the fewest off-topic questions, then the most in-questions, then the fewest
    near misses: what the bot must do (not answer when the article doesn't say), tuned as ours was."""
    return min(
        reports,
        key=lambda c: (reports[c].percent("off"), -reports[c].percent("in"), reports[c].percent("near")),
    )
