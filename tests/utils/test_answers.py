"""The answer message (bot/utils/answers.py): its embed, its controls and their custom_ids, no Discord."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from bot.core import Citation, Entry, Knowledge, limits, passages
from bot.utils.answers import (
    DELETE_ID,
    DYNAMIC_ITEMS,
    FEEDBACK_ID,
    MENU_ID,
    PARAGRAPH_ID,
    RELATED,
    AnswerButton,
    DeleteButton,
    FeedbackButton,
    ParagraphButton,
    QuestionMenu,
    answer_message,
    paragraph_button_label,
    paragraphs_embed,
)
from bot.utils.render import GLANCE_CHARS, quoted_embed
from tests.support.embeds import assert_within_limits

HUGE = "word " * 3000
FOOTER = "Source: BBC, 10 March 2025, translated by Zhang Yangyang"


LONG_ID = "a" * 120


def huge_entry(entry_id: str = "huge", related: tuple[str, ...] = ()) -> Entry:
    citations = tuple(Citation(HUGE, n) for n in range(1, 31))
    return Entry(entry_id, "Topic", "Q" * 300, (), HUGE, citations, related)


def blockquotes(embed: discord.Embed) -> list[str]:
    return [line for line in (embed.description or "").splitlines() if line.startswith("> ")]


def test_answer_embed_has_question_answer_passages_as_labelled_blockquotes_and_a_one_line_source(
    knowledge: Knowledge,
) -> None:
    entry = next(e for e in knowledge.entries if e.id == "who-is-lin-jian")
    embed = answer_message(entry, knowledge).embed
    assert embed.title == entry.question and not embed.fields
    assert embed.description is not None and embed.description.startswith(entry.answer + "\n\n> ")
    assert blockquotes(embed) == [f"> **¶25–26** {passages(entry.citations)[0].text}"]
    assert blockquotes(embed)[0].startswith("> **¶25–26** In response, Chinese")  # speaker with quote
    assert embed.footer.text == "Source: BBC, 10 March 2025, translated by Zhang Yangyang"


def test_an_answer_shows_at_most_three_passages_lead_first(knowledge: Knowledge) -> None:
    entry = knowledge.entries[0]
    many = tuple(Citation(f"A short fact from paragraph {n}.", n) for n in (30, 5, 40, 12, 50))
    embed = answer_message(entry, knowledge, many).embed
    assert [line.split("**")[1] for line in blockquotes(embed)] == ["¶30", "¶5", "¶40"]


def test_passages_go_in_lead_first_while_the_answer_stays_within_a_glance(knowledge: Knowledge) -> None:
    # Rubio's answer with both its passages would run past the glance budget: its lead passage is shown,
    # the other is a click away ("Show the whole paragraphs"), and no passage is half a sentence.
    entry = next(e for e in knowledge.entries if e.id == "rubio-breitbart")
    everything = quoted_embed(
        title=entry.question, text=entry.answer, shown=passages(entry.citations), footer=FOOTER
    )
    assert len(everything) > GLANCE_CHARS
    answer = answer_message(entry, knowledge)
    assert len(answer.embed) <= GLANCE_CHARS
    assert blockquotes(answer.embed) == [f"> **¶20** {passages(entry.citations)[0].text}"]
    [button] = [
        c for c in components_of(answer.view) if c["custom_id"] == PARAGRAPH_ID.format(entry_id=entry.id)
    ]
    assert button["label"] == "Show the whole paragraphs"


def test_a_lead_passage_too_long_for_a_glance_keeps_its_first_sentences_and_offers_the_rest(
    knowledge: Knowledge,
) -> None:
    sentence = "This sentence of the long paragraph says one more thing about the talks."
    lead = Citation(" ".join([sentence] * 12), 7)
    entry = Entry("e", "T", "Q?", (), "A short answer.", (lead, Citation("Later.", 9)))
    answer = answer_message(entry, knowledge)
    [quote] = blockquotes(answer.embed)
    assert quote.startswith(f"> **¶7** “{sentence} ") and quote.endswith(" …”")
    assert len(answer.embed) <= GLANCE_CHARS
    assert PARAGRAPH_ID.format(entry_id="e") in [c["custom_id"] for c in components_of(answer.view)]
    # However long the answer itself, its lead passage is there, at least its first sentence.
    wordy = Entry("e", "T", "Q?", (), "A long answer. " * 60, (lead,))
    assert blockquotes(answer_message(wordy, knowledge).embed) == [f"> **¶7** “{sentence} …”"]


def test_no_sentence_the_answer_quotes_is_shown_again_in_a_passage(knowledge: Knowledge) -> None:
    lead = "The lead sentence stays here. The repeated sentence is quoted by the answer word for word."
    entry = Entry(
        "e", "T", "Q?", (), "It says “The repeated sentence is quoted by the answer word for word.”", ()
    )
    said = (
        Citation("Welle said:", 3),
        Citation("The repeated sentence is quoted by the answer word for word.", 4),
    )
    embed = answer_message(
        entry, knowledge, (Citation(lead, 1), *said, Citation("Another fact entirely here.", 9))
    ).embed
    assert blockquotes(embed) == [
        "> **¶1** “The lead sentence stays here. …”",
        "> **¶9** “Another fact entirely here.”",
    ]  # and "Welle said:" is never left without its quote


def test_a_short_quoted_phrase_is_no_repeated_sentence(knowledge: Knowledge) -> None:
    entry = Entry("e", "T", "Q?", (), "It asks whether the “Reverse Kissinger” idea works.", ())
    embed = answer_message(
        entry, knowledge, (Citation("Is the Reverse Kissinger Strategy Viable?", 2),)
    ).embed
    assert blockquotes(embed) == ["> **¶2** “Is the Reverse Kissinger Strategy Viable?”"]


def test_passages_are_blockquotes_whose_markdown_shows_as_written(knowledge: Knowledge) -> None:
    entry = Entry("e", "T", "Q?", (), "An answer.", ())
    embed = answer_message(entry, knowledge, (Citation("a *starred* word", 2),)).embed
    assert blockquotes(embed) == ["> **¶2** “a \\*starred\\* word”"]


def test_a_line_that_introduces_a_quote_is_shown_with_it_never_alone() -> None:
    said, quote, other = Citation("Rubio said:", 21), Citation("“If Russia…”", 22), Citation("Later.", 30)
    shown = passages((said, quote, other))
    assert [p.label for p in shown] == ["Paragraphs 21–22", "Paragraph 30"]
    assert shown[0].text == "Rubio said: “If Russia…”"
    assert [p.label for p in passages((said, other))] == ["Paragraph 21", "Paragraph 30"]  # not its quote


def test_answer_embed_quotes_the_passages_the_matcher_chose(knowledge: Knowledge) -> None:
    entry, sibling = knowledge.entries[0], knowledge.entries[1]
    chosen = (entry.citations[0], sibling.citations[0])
    embed = answer_message(entry, knowledge, chosen).embed
    labels = [line.split("**")[1] for line in blockquotes(embed)]
    assert labels == [f"¶{c.paragraph}" for c in chosen]
    assert_within_limits(embed)


def test_every_shipped_entry_renders_within_discords_limits(knowledge: Knowledge) -> None:
    for entry in knowledge.entries:
        assert_within_limits(answer_message(entry, knowledge).embed)
        assert_within_limits(paragraphs_embed(entry, knowledge.article, knowledge.source))


def test_an_oversized_entry_is_clipped_not_refused(knowledge: Knowledge) -> None:
    embed = answer_message(huge_entry(), knowledge).embed
    assert_within_limits(embed)
    assert embed.description and embed.description.startswith("word word")


def test_paragraphs_embed_shows_each_cited_paragraph_whole_and_once(knowledge: Knowledge) -> None:
    entry = next(e for e in knowledge.entries if len({c.paragraph for c in e.citations}) > 1)
    embed = paragraphs_embed(entry, knowledge.article, knowledge.source)
    numbers = sorted({c.paragraph for c in entry.citations})
    assert embed.title == f"Paragraphs {', '.join(map(str, numbers))}"
    assert [f.value for f in embed.fields] == [knowledge.article.paragraph(n) for n in numbers]
    assert paragraph_button_label(numbers) == "Show the whole paragraphs"
    assert paragraph_button_label(numbers[:1]) == "Show the whole paragraph"


def components_of(view: discord.ui.View) -> list[dict[str, object]]:
    return [c for row in view.to_components() for c in row["components"]]


async def test_every_answer_view_fits_discords_component_limits_in_at_most_two_rows(
    knowledge: Knowledge,
) -> None:
    for entry in [*knowledge.entries, huge_entry(related=tuple(e.id for e in knowledge.entries))]:
        view = answer_message(entry, knowledge).view
        rows = view.to_components()
        assert len(rows) <= 2
        assert all(len(row["components"]) <= limits.MAX_COMPONENTS_PER_ROW for row in rows)
        for component in components_of(view):
            assert len(str(component["custom_id"])) <= limits.CUSTOM_ID
            assert len(str(component.get("label", ""))) <= limits.BUTTON_LABEL
            options: list[dict[str, str]] = component.get("options", [])  # type: ignore[assignment]
            assert len(options) <= limits.SELECT_OPTIONS
            assert all(len(o["label"]) <= limits.SELECT_OPTION_LABEL for o in options)


async def test_the_delete_button_for_the_asker_keeps_the_fullest_answer_view_within_two_rows_of_five(
    knowledge: Knowledge,
) -> None:
    entry = next(e for e in knowledge.entries if e.id == "who-is-lin-jian")
    whole = knowledge.article.paragraph(entry.citations[0].paragraph)
    excerpt = Citation(whole[: len(whole) // 2], entry.citations[0].paragraph)
    asker = 2**64 - 1  # the largest snowflake
    view = answer_message(entry, knowledge, (excerpt, *entry.citations[1:]), asker=asker).view
    [_, button_row] = view.to_components()
    buttons = button_row["components"]
    assert len(buttons) <= limits.MAX_COMPONENTS_PER_ROW
    assert [b["label"] for b in buttons][-1] == "Delete"
    assert buttons[-1]["custom_id"] == DELETE_ID.format(asker=asker)
    assert len(buttons[-1]["custom_id"]) <= limits.CUSTOM_ID
    assert {b["style"] for b in buttons} == {discord.ButtonStyle.secondary.value}
    templates = {item: item.__discord_ui_compiled_template__ for item in DYNAMIC_ITEMS}
    assert [i for i, t in templates.items() if t.fullmatch(buttons[-1]["custom_id"])] == [DeleteButton]
    # An entry whose id is too long for the other buttons still offers Delete.
    [delete] = components_of(answer_message(huge_entry(LONG_ID, related=()), knowledge, asker=asker).view)
    assert delete["custom_id"] == DELETE_ID.format(asker=asker)


async def test_answer_view_has_a_related_menu_then_grey_feedback_buttons(knowledge: Knowledge) -> None:
    entry = next(e for e in knowledge.entries if e.id == "who-is-lin-jian")
    [menu_row, button_row] = answer_message(entry, knowledge).view.to_components()
    [menu] = menu_row["components"]
    assert menu["custom_id"] == MENU_ID.format(menu=RELATED) and menu["placeholder"] == "Related questions"
    assert [o["value"] for o in menu["options"]] == list(entry.related)
    feedback = [FEEDBACK_ID.format(entry_id=entry.id, helpful=h) for h in (1, 0)]
    assert [b["custom_id"] for b in button_row["components"]] == feedback
    assert {b["style"] for b in button_row["components"]} == {discord.ButtonStyle.secondary.value}


async def test_the_whole_paragraph_button_is_offered_only_for_an_excerpt(knowledge: Knowledge) -> None:
    entry = next(e for e in knowledge.entries if e.id == "who-is-lin-jian")
    assert PARAGRAPH_ID.format(entry_id=entry.id) not in [
        c["custom_id"] for c in components_of(answer_message(entry, knowledge).view)
    ]
    whole = knowledge.article.paragraph(entry.citations[0].paragraph)
    excerpt = Citation(whole[: len(whole) // 2], entry.citations[0].paragraph)
    components = components_of(answer_message(entry, knowledge, (excerpt, *entry.citations[1:])).view)
    [button] = [c for c in components if c["custom_id"] == PARAGRAPH_ID.format(entry_id=entry.id)]
    assert (
        button["label"] == "Show the whole paragraph"
        and button["style"] == discord.ButtonStyle.secondary.value
    )


async def test_answer_view_leaves_out_controls_whose_ids_would_be_too_long(knowledge: Knowledge) -> None:
    entry = huge_entry(LONG_ID, related=(LONG_ID, "no-such-entry", knowledge.entries[0].id))
    [menu] = components_of(answer_message(entry, knowledge).view)
    assert [o["value"] for o in menu["options"]] == [knowledge.entries[0].id]  # type: ignore[index]


@pytest.mark.parametrize("custom_id", ["faq:menu:rel", "faq:menu:sug"])
def test_the_question_menu_template_parses_its_own_custom_ids_and_no_others(custom_id: str) -> None:
    assert QuestionMenu.__discord_ui_compiled_template__.fullmatch(custom_id)
    others: set[type[discord.ui.DynamicItem[Any]]] = set(DYNAMIC_ITEMS) - {QuestionMenu}
    assert not any(other.__discord_ui_compiled_template__.fullmatch(custom_id) for other in others)


@pytest.mark.parametrize(
    ("item", "custom_id"),
    [
        (AnswerButton, "faq:ans:who-is-lin-jian"),
        (FeedbackButton, "faq:fb:who-is-lin-jian:1"),
        (ParagraphButton, "faq:para:who-is-lin-jian"),
    ],
)
def test_each_button_template_parses_its_own_custom_id_format(
    item: type[discord.ui.DynamicItem[Any]], custom_id: str
) -> None:
    match = item.__discord_ui_compiled_template__.fullmatch(custom_id)
    assert match and match["entry_id"] == "who-is-lin-jian"
    others: set[type[discord.ui.DynamicItem[Any]]] = set(DYNAMIC_ITEMS) - {item}
    assert not any(other.__discord_ui_compiled_template__.fullmatch(custom_id) for other in others)


def test_a_link_to_the_article_sits_with_the_buttons_when_the_faq_gives_its_url(knowledge: Knowledge) -> None:
    from dataclasses import replace

    entry = knowledge.entries[0]
    assert not any(
        getattr(item, "url", None) for item in answer_message(entry, knowledge).view.children
    )  # the shipped FAQ gives no url: no link to nowhere
    url = "https://www.bbc.com/zhongwen/articles/example"
    linked = replace(knowledge, source=replace(knowledge.source, url=url))
    view = answer_message(entry, linked, asker=1, lang="zh").view
    link = next(item for item in view.children if getattr(item, "url", None))
    assert isinstance(link, discord.ui.Button) and link.url == url and link.style is discord.ButtonStyle.link
    assert link.label == "阅读原文" and link.row == 1
    assert len([i for i in view.children if i.row == 1]) <= 5
