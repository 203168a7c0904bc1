"""Whether to answer: the matcher's decision, held to a server's own threshold."""

from __future__ import annotations

from dataclasses import replace

from bot.core import Answer, Entry

MAX_SUGGESTIONS = 5  # one row of buttons


def picked(entry: Entry) -> Answer:
    """The answer to a question picked from the FAQ (an autocomplete choice): that entry, for certain."""
    reason = "picked from the FAQ"
    return Answer(entry.question, True, entry, 1.0, entry.citations, (), reason, lang=entry.lang)


def with_threshold(answer: Answer, threshold: float | None) -> Answer:
    """`answer`, turned into an abstention when its score is below a server's `threshold`.

    A threshold only ever takes answers away: when the matcher abstained, no threshold makes it answer,
    because its clear-winner rule, not only its score, said the article may not say.
    """
    if threshold is None or not answer.answered or answer.score >= threshold:
        return answer
    return replace(
        answer,
        answered=False,
        entry=None,
        citations=(),
        suggestions=tuple(c.entry for c in answer.candidates)[:MAX_SUGGESTIONS],
        reason=f"score {answer.score:.2f} < this server's threshold {threshold:.2f}",
        outcome="unclear",
    )
