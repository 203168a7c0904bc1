"""Rendering shared by the features (bot/utils/render.py): limits, clipping, escaping, choices."""

from __future__ import annotations

import pytest

from bot.core import Citation, Entry, Knowledge, limits
from bot.utils.render import (
    button_label,
    clip,
    cooldown_message,
    echo,
    entry_choices,
    fit_embed,
    human_date,
    question_options,
    source_credit,
)
from tests.support.embeds import assert_within_limits

HUGE = "word " * 3000


LONG_ID = "a" * 120


ROLE_ID = "123456789012345678"


def huge_entry(entry_id: str = "huge", related: tuple[str, ...] = ()) -> Entry:
    citations = tuple(Citation(HUGE, n) for n in range(1, 31))
    return Entry(entry_id, "Topic", "Q" * 300, (), HUGE, citations, related)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("eleven char", 10, "eleven ch…"),
        ("trailing space here", 9, "trailing…"),
    ],
)
def test_clip_keeps_short_text_and_ends_cut_text_with_an_ellipsis(
    text: str, limit: int, expected: str
) -> None:
    assert clip(text, limit) == expected
    assert len(clip(text, limit)) <= limit


@pytest.mark.parametrize(
    ("raw", "forbidden"),
    [
        ("@everyone look", "@everyone"),
        ("@here look", "@here"),
        (f"<@&{ROLE_ID}> look", f"<@&{ROLE_ID}>"),
        (f"<@{ROLE_ID}> look", f"<@{ROLE_ID}>"),
        ("**bold** and __under__", "**bold**"),
        ("`code` ||spoiler||", "||spoiler||"),
    ],
)
def test_echoed_user_text_has_mentions_and_markdown_escaped(raw: str, forbidden: str) -> None:
    assert forbidden not in echo(raw)


def test_echo_puts_someones_text_on_one_clipped_line() -> None:
    echoed = echo("line one\n\nline two " + "x" * 500)
    assert "\n" not in echoed
    assert echoed.startswith("line one line two")
    assert echoed.endswith("…")


def test_button_labels_are_clipped_to_discords_limit() -> None:
    assert len(button_label("q" * 200)) == limits.BUTTON_LABEL


def test_human_date_writes_iso_dates_out_and_leaves_other_text_alone() -> None:
    assert human_date("2025-03-10") == "10 March 2025"
    assert human_date("March 2025") == "March 2025"


def test_cooldown_message_rounds_the_wait_up_to_whole_seconds() -> None:
    assert "try again in 3 s" in cooldown_message(2.1)
    assert "try again in 1 s" in cooldown_message(0.01)


def test_fit_embed_clips_every_part_and_keeps_the_total_within_6000() -> None:
    fields = [("N" * 300, HUGE)] * 40
    embed = fit_embed(title="T" * 300, description=HUGE, fields=fields, footer="F" * 3000)
    assert_within_limits(embed)
    assert embed.description and embed.description.endswith("…")


def test_fit_embed_keeps_the_description_before_fields() -> None:
    embed = fit_embed(title="t", description="answer " * 700, fields=[("Paragraph 1", "quote " * 300)] * 5)
    assert embed.description and embed.description.startswith("answer")
    assert len(embed) <= limits.EMBED_TOTAL


def test_source_credit_names_publisher_date_and_translator(knowledge: Knowledge) -> None:
    assert source_credit(knowledge.source) == "BBC, 10 March 2025, translated by Zhang Yangyang"


def test_entry_choices_are_at_most_25_with_names_within_100_characters(knowledge: Knowledge) -> None:
    long_question = Entry("long", "T", "why " * 60, (), "a", (Citation("q", 1),))
    choices = entry_choices([long_question, *knowledge.entries])
    assert len(choices) == limits.MAX_CHOICES
    assert all(len(c.name) <= limits.CHOICE_NAME and len(c.value) <= limits.CHOICE_VALUE for c in choices)
    assert choices[0].value == "long" and choices[0].name.endswith("…")


def test_entry_choices_leave_out_ids_too_long_to_be_a_choice_value() -> None:
    entry = Entry(LONG_ID, "T", "Question?", (), "a", (Citation("q", 1),))
    assert entry_choices([entry]) == []


def test_question_options_are_at_most_25_with_labels_within_100_and_ids_that_fit_a_value(
    knowledge: Knowledge,
) -> None:
    entries = [huge_entry(LONG_ID), *(huge_entry(f"huge-{n}") for n in range(30))]
    options = question_options(entries)
    assert len(options) == limits.SELECT_OPTIONS and LONG_ID not in {o.value for o in options}
    assert all(len(o.label) == limits.SELECT_OPTION_LABEL and o.label.endswith("…") for o in options)
