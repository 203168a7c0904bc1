"""The values the core hands out: what an entry's one-line summary is."""

from __future__ import annotations

from bot.core import Knowledge


def test_an_entrys_summary_is_its_first_sentence_and_a_title_does_not_end_it(knowledge: Knowledge) -> None:
    allin = knowledge.entry("who-is-allin")
    assert allin is not None and allin.summary.startswith("Dr. Dana Allin ") and len(allin.summary) > 20
    call = knowledge.entry("trump-putin-call")
    assert call is not None and call.answer.startswith(call.summary) and call.summary.endswith(".")
