"""Pages of FAQ questions, topic menus and choices."""

from __future__ import annotations

from bot.core import Knowledge, limits
from bot.exts.browse._render import (
    PAGE_SIZE,
    browse_embed,
    topic_choices,
    topic_from_option,
    topic_options,
)
from tests.support.embeds import assert_within_limits


def test_topic_menu_offers_all_topics_first_and_marks_the_shown_one(knowledge: Knowledge) -> None:
    topics = knowledge.topics
    options = topic_options(topics, topics[2])
    assert options[0].label == "All topics"
    assert [o.label for o in options if o.default] == [topics[2]]
    assert topic_from_option(topics, options[3].value) == topics[2]
    assert topic_from_option(topics, options[0].value) is None


def test_topic_menu_never_has_more_than_25_options() -> None:
    topics = [f"Topic {n} " + "t" * 120 for n in range(40)]
    options = topic_options(topics, None)
    assert len(options) == limits.SELECT_OPTIONS
    assert all(len(o.label) <= limits.SELECT_OPTION_LABEL for o in options)


def test_topic_choices_match_what_was_typed_ignoring_case(knowledge: Knowledge) -> None:
    names = [c.name for c in topic_choices(knowledge.topics, "RUSSIA")]
    assert names and all("russia" in n.casefold() for n in names)
    assert len(topic_choices([f"t{n}" for n in range(40)], "")) == limits.MAX_CHOICES


def test_browse_pages_list_ids_and_questions_with_a_page_count(knowledge: Knowledge) -> None:
    entries = knowledge.entries
    pages = -(-len(entries) // PAGE_SIZE)
    embed = browse_embed(entries, None, 1, knowledge.source)
    assert embed.title == "FAQ · All topics"
    assert f"`{entries[PAGE_SIZE].id}`" in (embed.description or "")
    assert f"`{entries[0].id}`" not in (embed.description or "")
    assert (embed.footer.text or "").startswith(f"Page 2 of {pages}")
    assert_within_limits(embed)
