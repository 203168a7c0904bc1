"""`faqbot suggest`: turn groups of unanswered questions into FAQ changes for a person to review."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import yaml

from bot.core import limits
from bot.core.grouping import Asked, QuestionGroup, group_questions
from bot.core.matcher import Matcher
from bot.core.text import STOPWORDS, normalize

__all__ = ["NEAR_SCORE", "NewAlternates", "NewEntry", "Proposal", "as_yaml", "propose"]

# Matcher score (0..1) from which the nearest entry is taken to be what was asked: just under the answer
# threshold (0.58), where an alternate in the asker's words would tip it. Lower, the nearest entry shares a
# word or two with the question but is usually about something else ("how many troops" -> article-sections).
NEAR_SCORE = 0.55
ID_WORDS = 5  # enough words for a readable id, few enough to keep it short
HINT_PARAGRAPHS = 3
TODO = "TODO"


@dataclass(frozen=True, slots=True)
class NewAlternates:
    """Phrasings to add to an entry that nearly answered them."""

    entry_id: str
    alternates: tuple[str, ...]
    asked: int
    score: float


@dataclass(frozen=True, slots=True)
class NewEntry:
    """A skeleton entry for questions nothing in the FAQ comes close to; `paragraphs` are reading hints."""

    id: str
    question: str
    alternates: tuple[str, ...]
    asked: int
    paragraphs: tuple[int, ...]


Proposal = NewAlternates | NewEntry


def propose(asked: Iterable[Asked], matcher: Matcher, *, min_count: int = 2) -> list[Proposal]:
    """For each group of similar questions asked at least `min_count` times, most asked first: new
    alternates for the nearest entry when it is close, else a new entry skeleton."""
    entries = matcher.knowledge.entries
    known = {normalize(p) for e in entries for p in (e.question, *e.alternates)}
    taken = {e.id for e in entries}
    proposals: list[Proposal] = []
    for group in group_questions(asked):
        if group.count < min_count:
            continue
        phrasings = _new_phrasings(group.phrasings, known)
        if not phrasings:
            continue  # every wording is already in the FAQ: nothing to add
        ranked = matcher.rank(group.question)
        if ranked and ranked[0].score >= NEAR_SCORE:
            proposals.append(NewAlternates(ranked[0].entry.id, phrasings, group.count, ranked[0].score))
        else:
            proposals.append(_new_entry(group, phrasings, matcher, taken))
    return proposals


def as_yaml(proposals: Sequence[Proposal]) -> str:
    """The proposals as commented YAML, for a person to review and copy into faq.yaml by hand."""
    if not proposals:
        return "# No unanswered question was asked often enough to suggest a change.\n"
    header = (
        "# FAQ changes suggested by unanswered questions. Nothing was written to faq.yaml: review each,\n"
        "# copy what is right into it by hand, write answers with verbatim citations, run `faqbot check`.\n"
    )
    return header + "\n".join(_block(p) for p in proposals)


def _new_phrasings(phrasings: Sequence[str], known: set[str]) -> tuple[str, ...]:
    """Wordings not already in the FAQ (the validator refuses a phrasing two entries share), each once."""
    fresh: dict[str, str] = {}
    for text in phrasings:
        key = normalize(text)
        if key and key not in known and len(text) <= limits.CHOICE_NAME:
            fresh.setdefault(key, text)
    return tuple(fresh.values())


def _new_entry(
    group: QuestionGroup, phrasings: tuple[str, ...], matcher: Matcher, taken: set[str]
) -> NewEntry:
    entry_id = _unique(_slug(group.question), taken)
    taken.add(entry_id)
    question, *alternates = phrasings
    hints = tuple(c.paragraph for c in matcher.search_article(group.question, HINT_PARAGRAPHS))
    return NewEntry(entry_id, question, tuple(alternates), group.count, hints)


def _slug(question: str) -> str:
    words = [w for w in normalize(question).split() if w not in STOPWORDS]
    return "-".join(words[:ID_WORDS]) or "new-entry"


def _unique(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def _block(proposal: Proposal) -> str:
    if isinstance(proposal, NewAlternates):
        comment = (
            f"# asked {proposal.asked}×; nearest entry {proposal.entry_id} (score {proposal.score:.2f}): "
            "add these to its alternates"
        )
        item = {"add_alternates_to": proposal.entry_id, "alternates": list(proposal.alternates)}
    else:
        where = ", ".join(map(str, proposal.paragraphs)) or "none found"
        comment = (
            f"# asked {proposal.asked}×; no entry is close: a new entry, if the article answers it "
            f"(paragraphs sharing its words: {where})"
        )
        item = {
            "id": proposal.id,
            "topic": TODO,
            "question": proposal.question,
            "alternates": list(proposal.alternates),
            "answer": TODO,
            "citations": [],
        }
    return f"{comment}\n{_dump([item])}"


def _dump(value: object) -> str:
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=110)
