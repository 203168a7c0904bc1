"""Grade the matcher on a question file in the shared eval format, in process, with the graders' figures."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.matcher import Matcher
from bot.core.models import passages, verbatim

__all__ = ["EvalItem", "EvalReport", "evaluate", "load_questions"]

# The graders' folding, kept identical so `faqbot eval` and grade.py agree to the question.
_GRADER_FOLD = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-", "\u2013": "-"}
MAX_GROUNDED_QUOTE = 400
COUNTED_CITATIONS = 3


@dataclass(frozen=True, slots=True)
class EvalItem:
    section: str  # "in", "off" or "near"
    question: str
    phrases: tuple[str, ...]


@dataclass(slots=True)
class EvalReport:
    totals: dict[str, list[int]] = field(
        default_factory=lambda: {"in": [0, 0], "off": [0, 0], "near": [0, 0]}
    )
    quotes: int = 0
    grounded: int = 0
    misses: list[str] = field(default_factory=list)

    def percent(self, section: str) -> float:
        hits, total = self.totals[section]
        return 100.0 * hits / max(1, total)

    @property
    def grounded_percent(self) -> float:
        return 100.0 * self.grounded / max(1, self.quotes)

    @property
    def count(self) -> int:
        return sum(total for _, total in self.totals.values())

    def summary(self) -> str:
        return (
            f"in={self.percent('in'):.1f}% off_answered={self.percent('off'):.1f}% "
            f"near_answered={self.percent('near'):.1f}% grounded={self.grounded_percent:.1f}% n={self.count}"
        )


def grader_fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    for mark, plain in _GRADER_FOLD.items():
        text = text.replace(mark, plain)
    return re.sub(r"\s+", " ", text).casefold().strip()


def load_questions(path: Path) -> list[EvalItem]:
    """Read `[section]` headers and `question | phrase | phrase` lines; `#` starts a comment line."""
    items, section = [], "in"
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        question, *phrases = (part.strip() for part in line.split("|"))
        items.append(EvalItem(section, question, tuple(phrases)))
    return items


def evaluate(matcher: Matcher, items: list[EvalItem]) -> EvalReport:
    article = grader_fold("\n".join(matcher.knowledge.article.paragraphs))
    report = EvalReport()
    for item in items:
        result = matcher.answer(item.question)
        quotes = [verbatim(p, result.citations) for p in passages(result.citations)]  # as JSON has them
        for quote in quotes:
            folded = grader_fold(quote)
            report.quotes += 1
            report.grounded += bool(folded) and len(folded) <= MAX_GROUNDED_QUOTE and folded in article
        totals = report.totals.setdefault(item.section, [0, 0])
        totals[1] += 1
        faq_id = result.entry.id if result.entry else None
        if item.section == "in":
            hay = grader_fold(" ".join([result.text or "", *quotes[:COUNTED_CITATIONS]]))
            ok = result.answered and any(grader_fold(p) in hay for p in item.phrases)
            totals[0] += ok
            if not ok:
                state = "answered" if result.answered else "abstained"
                report.misses.append(f"MISS [{state}] {item.question!r} -> {faq_id}")
        else:
            totals[0] += result.answered
            if result.answered:
                report.misses.append(f"FALSE ANSWER [{item.section}] {item.question!r} -> {faq_id}")
    return report
