"""What `faqbot check` warns about: knowledge that loads but would mislead a reader.

The loader rejects what is broken (bot/core/knowledge.py); these are curation faults a machine can see:
a quote shown without the line that says whose it is, more passages than an answer shows, an answer that
quotes words no passage it shows has, or copies a passage it also quotes, and a synonym that maps a word
onto its opposite.
"""

from __future__ import annotations

import re

from bot.core.models import MAX_PASSAGES, Knowledge, passages, shown
from bot.core.text import normalize

__all__ = ["warnings"]

_NEGATIONS = ("in", "un", "non", "dis", "im", "il", "ir")
_COPIED_WORDS = 12  # an answer may quote a phrase; a whole passage this long is a copy
_QUOTED = re.compile(r"“([^”]+)”")  # the article's words an answer quotes: a passage it shows must have them


def warnings(knowledge: Knowledge) -> list[str]:
    """One line per fault, entry id first."""
    found: list[str] = []
    paragraphs = knowledge.article.paragraphs
    for entry in knowledge.entries:
        cited = [c.paragraph for c in entry.citations]
        if len(passages(entry.citations)) > MAX_PASSAGES:
            found.append(f"{entry.id}: more than {MAX_PASSAGES} passages; answers show only the first ones")
        for i, number in enumerate(cited):
            text = paragraphs[number - 1]
            if text.rstrip().endswith(":") and cited[i + 1 : i + 2] != [number + 1]:
                found.append(f"{entry.id}: ¶{number} introduces a quote; cite ¶{number + 1} right after it")
            intro = paragraphs[number - 2] if number > 1 else ""
            if intro.rstrip().endswith(":") and cited[i - 1 : i] != [number - 1]:
                found.append(
                    f"{entry.id}: ¶{number} is a quote without its speaker; cite ¶{number - 1} before it"
                )
        answer = normalize(entry.answer)
        shown_text = normalize(" ".join(c.quote for c in shown(entry.citations)))
        for quoted in _QUOTED.findall(entry.answer):
            if normalize(quoted) not in shown_text:
                found.append(f"{entry.id}: the answer quotes “{quoted}”, which no passage it shows has")
        for citation in entry.citations:
            quote = normalize(citation.quote)
            if len(quote.split()) >= _COPIED_WORDS and quote in answer:
                found.append(f"{entry.id}: the answer copies ¶{citation.paragraph}, which it also quotes")
    for canonical, variants in knowledge.synonyms.items():
        target = normalize(canonical)
        for variant in variants:
            word = normalize(variant)
            if any(word == p + target or target == p + word for p in _NEGATIONS):
                found.append(f"synonyms: {variant!r} is the opposite of {canonical!r}")
    return found
