"""What /ask says besides the answer: abstentions, how-tos, within Discord's limits."""

from __future__ import annotations

import dataclasses

from bot.core import Matcher, limits, passages
from bot.exts.ask._render import how_to_ask, not_answered, reply_context
from bot.exts.browse._render import (
    unknown_entry,
    unknown_topic,
)
from bot.exts.source._render import no_matches
from bot.utils.render import (
    answer_description,
)
from tests.support.embeds import assert_within_limits

HUGE = "word " * 3000


ROLE_ID = "123456789012345678"


def test_abstention_echoes_the_question_escaped_and_never_answers(matcher: Matcher) -> None:
    text, embeds, _ = not_answered(matcher.answer(f"@everyone <@&{ROLE_ID}> **who** won the lottery?"))
    assert text.startswith("The article doesn't say") and not embeds
    assert "@everyone" not in text and f"<@&{ROLE_ID}>" not in text and "**who**" not in text
    assert "/faq browse" in text


def test_not_in_the_article_says_what_is_missing_and_shows_the_closest_entry_as_related(
    matcher: Matcher,
) -> None:
    # The who rule's sentence repeats the question's words (escaped); curated facets, which would speak
    # first, are left out so the words stay the question's.
    knowledge = matcher.knowledge
    entries = tuple(dataclasses.replace(e, not_answered=()) for e in knowledge.entries)
    matcher = Matcher(dataclasses.replace(knowledge, entries=entries))
    answer = matcher.answer("Who initiated the **February 12** phone call between Trump and Putin? @everyone")
    text, [embed], offered = not_answered(answer)
    bold = "\\*\\*February 12\\*\\*"
    said, pointer = text.split("\n")
    assert said == f"The article doesn't say who initiated the {bold} phone call between Trump and Putin."
    assert "/source search" in pointer
    assert embed.title and embed.title.startswith("Related: ")
    assert answer.closest and offered[0] == answer.closest and len(offered) <= 4
    assert "not an answer" in (embed.footer.text or "")
    assert_within_limits(embed)


def test_the_related_entry_quotes_its_lead_passage_as_a_labelled_blockquote_like_an_answer(
    matcher: Matcher,
) -> None:
    answer = matcher.answer("Was Rubio right that Russia could become China's vassal?")  # a verdict
    assert answer.outcome == "not_in_article" and answer.closest
    _, [embed], _ = not_answered(answer)
    lead = passages(answer.closest.citations)[0]
    assert not embed.fields
    assert embed.description == answer_description(answer.closest.summary, [lead])
    summary, quote = (embed.description or "").split("\n\n")
    assert summary == answer.closest.summary and quote.startswith("> **¶21–22** Rubio said: “")


def test_chat_gets_a_how_to_not_a_claim_about_the_article(matcher: Matcher) -> None:
    for chat in ("hi", "thanks bot!", "lol"):
        text, embeds, offered = not_answered(matcher.answer(chat))
        assert "doesn't say" not in text and "/faq browse" in text and not offered and not embeds


def test_replies_that_echo_text_stay_within_2000_characters(matcher: Matcher) -> None:
    for text in (
        not_answered(matcher.answer(HUGE))[0],
        unknown_topic(HUGE, ["a"] * 500),
        unknown_entry(HUGE),
        no_matches(HUGE),
    ):
        assert len(text) <= limits.CONTENT
    assert len(reply_context("https://discord.com/channels/" + "1" * 3000)) <= limits.CONTENT


def test_how_to_ask_shows_the_mention_and_the_slash_command() -> None:
    text = how_to_ask("<@42>")
    assert "<@42>" in text and "/ask" in text


def test_an_unclear_question_offers_at_most_four_suggestions_and_points_to_source_search(
    matcher: Matcher,
) -> None:
    answer = matcher.answer("china")
    assert answer.outcome == "unclear" and len(answer.suggestions) > 4
    text, embeds, offered = not_answered(answer)
    assert offered == answer.suggestions[:4] and not embeds
    assert "/source search" in text
