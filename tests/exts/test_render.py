"""Every render function, without Discord: limits, clipping, escaping, and what the embeds say."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from bot.core import Citation, Entry, Knowledge, Matcher, Source, limits, passages
from bot.exts._shared.buttons import (
    DELETE_ID,
    DYNAMIC_ITEMS,
    FEEDBACK_ID,
    MENU_ID,
    PARAGRAPH_ID,
    RELATED,
    SUGGESTED,
    AnswerButton,
    DeleteButton,
    FeedbackButton,
    ParagraphButton,
    QuestionMenu,
    answer_view,
)
from bot.exts._shared.render import (
    answer_description,
    answer_embed,
    button_label,
    clip,
    cooldown_message,
    echo,
    entry_choices,
    fit_embed,
    human_date,
    paragraph_button_label,
    paragraphs_embed,
    question_options,
    source_credit,
)
from bot.exts.about._render import about_embed
from bot.exts.ask._cog import question_from_mention
from bot.exts.ask._render import how_to_ask, not_answered, reply_context
from bot.exts.ask._views import suggestions_view
from bot.exts.browse._render import (
    PAGE_SIZE,
    browse_embed,
    topic_choices,
    topic_from_option,
    topic_options,
    unknown_entry,
    unknown_topic,
)
from bot.exts.source._render import no_matches, no_such_paragraph, paragraph_embed, search_embed

HUGE = "word " * 3000
LONG_ID = "a" * 120
ROLE_ID = "123456789012345678"
SOURCE = Source("Title", "BBC", "2025-03-10", "Zhang Yangyang")


def huge_entry(entry_id: str = "huge", related: tuple[str, ...] = ()) -> Entry:
    citations = tuple(Citation(HUGE, n) for n in range(1, 31))
    return Entry(entry_id, "Topic", "Q" * 300, (), HUGE, citations, related)


def assert_within_limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= limits.EMBED_TITLE
    assert len(embed.description or "") <= limits.EMBED_DESCRIPTION
    assert len(embed.fields) <= limits.EMBED_FIELDS
    for field in embed.fields:
        assert field.name and field.value
        assert len(field.name) <= limits.EMBED_FIELD_NAME
        assert len(field.value) <= limits.EMBED_FIELD_VALUE
    assert len(embed.footer.text or "") <= limits.EMBED_FOOTER
    assert len(embed) <= limits.EMBED_TOTAL


# -- clipping and escaping ----------------------------------------------------------------------------------


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


# -- embeds -------------------------------------------------------------------------------------------------


def test_fit_embed_clips_every_part_and_keeps_the_total_within_6000() -> None:
    fields = [("N" * 300, HUGE)] * 40
    embed = fit_embed(title="T" * 300, description=HUGE, fields=fields, footer="F" * 3000)
    assert_within_limits(embed)
    assert embed.description and embed.description.endswith("…")


def test_fit_embed_keeps_the_description_before_fields() -> None:
    embed = fit_embed(title="t", description="answer " * 700, fields=[("Paragraph 1", "quote " * 300)] * 5)
    assert embed.description and embed.description.startswith("answer")
    assert len(embed) <= limits.EMBED_TOTAL


def blockquotes(embed: discord.Embed) -> list[str]:
    return [line for line in (embed.description or "").splitlines() if line.startswith("> ")]


def test_answer_embed_has_question_answer_passages_as_labelled_blockquotes_and_a_one_line_source(
    knowledge: Knowledge,
) -> None:
    entry = next(e for e in knowledge.entries if e.id == "rubio-breitbart")
    embed = answer_embed(entry, knowledge.source)
    assert embed.title == entry.question and not embed.fields
    assert embed.description is not None and embed.description.startswith(entry.answer + "\n\n> ")
    assert blockquotes(embed) == [
        f"> **¶20** {passages(entry.citations)[0].text}",
        f"> **¶21–22** {passages(entry.citations)[1].text}",
    ]
    assert blockquotes(embed)[1].startswith("> **¶21–22** Rubio said: “If Russia")  # speaker with quote
    assert embed.footer.text == "Source: BBC, 10 March 2025, translated by Zhang Yangyang"


def test_an_answer_shows_at_most_three_passages_lead_first(knowledge: Knowledge) -> None:
    entry = knowledge.entries[0]
    many = tuple(Citation(knowledge.article.paragraph(n), n) for n in (30, 5, 40, 12, 50))
    embed = answer_embed(entry, knowledge.source, many)
    assert [line.split("**")[1] for line in blockquotes(embed)] == ["¶30", "¶5", "¶40"]


def test_no_sentence_the_answer_quotes_is_shown_again_in_a_passage() -> None:
    lead = "The lead sentence stays here. The repeated sentence is quoted by the answer word for word."
    entry = Entry(
        "e", "T", "Q?", (), "It says “The repeated sentence is quoted by the answer word for word.”", ()
    )
    said = (
        Citation("Welle said:", 3),
        Citation("The repeated sentence is quoted by the answer word for word.", 4),
    )
    embed = answer_embed(
        entry, SOURCE, (Citation(lead, 1), *said, Citation("Another fact entirely here.", 9))
    )
    assert blockquotes(embed) == [
        "> **¶1** “The lead sentence stays here. …”",
        "> **¶9** “Another fact entirely here.”",
    ]  # and "Welle said:" is never left without its quote


def test_a_short_quoted_phrase_is_no_repeated_sentence(knowledge: Knowledge) -> None:
    entry = Entry("e", "T", "Q?", (), "It asks whether the “Reverse Kissinger” idea works.", ())
    embed = answer_embed(entry, knowledge.source, (Citation("Is the Reverse Kissinger Strategy Viable?", 2),))
    assert blockquotes(embed) == ["> **¶2** “Is the Reverse Kissinger Strategy Viable?”"]


def test_passages_are_blockquotes_whose_markdown_shows_as_written(knowledge: Knowledge) -> None:
    entry = Entry("e", "T", "Q?", (), "An answer.", ())
    embed = answer_embed(entry, knowledge.source, (Citation("a *starred* word", 2),))
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
    embed = answer_embed(entry, knowledge.source, chosen)
    labels = [line.split("**")[1] for line in blockquotes(embed)]
    assert labels == [f"¶{c.paragraph}" for c in chosen]
    assert_within_limits(embed)


def test_every_shipped_entry_renders_within_discords_limits(knowledge: Knowledge) -> None:
    for entry in knowledge.entries:
        assert_within_limits(answer_embed(entry, knowledge.source))
        assert_within_limits(paragraphs_embed(entry, knowledge.article, knowledge.source))


def test_an_oversized_entry_is_clipped_not_refused(knowledge: Knowledge) -> None:
    embed = answer_embed(huge_entry(), knowledge.source)
    assert_within_limits(embed)
    assert embed.description and embed.description.startswith("word word")


def test_source_credit_names_publisher_date_and_translator(knowledge: Knowledge) -> None:
    assert source_credit(knowledge.source) == "BBC, 10 March 2025, translated by Zhang Yangyang"


def test_paragraphs_embed_shows_each_cited_paragraph_whole_and_once(knowledge: Knowledge) -> None:
    entry = next(e for e in knowledge.entries if len({c.paragraph for c in e.citations}) > 1)
    embed = paragraphs_embed(entry, knowledge.article, knowledge.source)
    numbers = sorted({c.paragraph for c in entry.citations})
    assert embed.title == f"Paragraphs {', '.join(map(str, numbers))}"
    assert [f.value for f in embed.fields] == [knowledge.article.paragraph(n) for n in numbers]
    assert paragraph_button_label(numbers) == "Show the whole paragraphs"
    assert paragraph_button_label(numbers[:1]) == "Show the whole paragraph"


def test_about_embed_names_the_article_its_publisher_date_translator_and_commands(
    knowledge: Knowledge,
) -> None:
    embed = about_embed(knowledge)
    text = str(embed.to_dict())
    for expected in (knowledge.source.title, "BBC", "10 March 2025", "Zhang Yangyang", "/ask", "/faq browse"):
        assert expected in text
    assert "Find answer" in text
    assert_within_limits(embed)


# -- choices and menus --------------------------------------------------------------------------------------


def test_entry_choices_are_at_most_25_with_names_within_100_characters(knowledge: Knowledge) -> None:
    long_question = Entry("long", "T", "why " * 60, (), "a", (Citation("q", 1),))
    choices = entry_choices([long_question, *knowledge.entries])
    assert len(choices) == limits.MAX_CHOICES
    assert all(len(c.name) <= limits.CHOICE_NAME and len(c.value) <= limits.CHOICE_VALUE for c in choices)
    assert choices[0].value == "long" and choices[0].name.endswith("…")


def test_entry_choices_leave_out_ids_too_long_to_be_a_choice_value() -> None:
    entry = Entry(LONG_ID, "T", "Question?", (), "a", (Citation("q", 1),))
    assert entry_choices([entry]) == []


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


# -- short replies ------------------------------------------------------------------------------------------


def test_abstention_echoes_the_question_escaped_and_never_answers(matcher: Matcher) -> None:
    text, embeds, _ = not_answered(matcher.answer(f"@everyone <@&{ROLE_ID}> **who** won the lottery?"))
    assert text.startswith("The article doesn't say") and not embeds
    assert "@everyone" not in text and f"<@&{ROLE_ID}>" not in text and "**who**" not in text
    assert "/faq browse" in text


def test_not_in_the_article_says_what_is_missing_and_shows_the_closest_entry_as_related(
    matcher: Matcher,
) -> None:
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
    answer = matcher.answer("What word did Rubio use for what Russia could become to China?")
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


@pytest.mark.parametrize(
    ("content", "question"),
    [
        ("<@42> who is Lin Jian?", "who is Lin Jian?"),
        ("<@!42>   who is   Lin Jian? <@42>", "who is Lin Jian?"),
        ("<@42>", ""),
        ("who is <@7>?", "who is <@7>?"),
    ],
)
def test_the_bots_own_mention_is_stripped_from_the_question(content: str, question: str) -> None:
    assert question_from_mention(content, 42) == question


def test_source_embeds_show_paragraphs_with_their_numbers(knowledge: Knowledge) -> None:
    article = knowledge.article
    embed = paragraph_embed(article, 1, knowledge.source)
    assert embed.title == f"Paragraph 1 of {len(article)}"
    assert embed.description == article.paragraph(1)
    found = [Citation(article.paragraph(n), n) for n in (3, 5)]
    searched = search_embed("@everyone **Kissinger**", found, len(article), knowledge.source)
    assert [f.name for f in searched.fields] == [
        f"Paragraph 3 of {len(article)}",
        f"Paragraph 5 of {len(article)}",
    ]
    assert "@everyone" not in (searched.title or "") and "**" not in (searched.title or "")
    assert "1 to 63" in no_such_paragraph(99, 63)


# -- buttons ------------------------------------------------------------------------------------------------


def components_of(view: discord.ui.View) -> list[dict[str, object]]:
    return [c for row in view.to_components() for c in row["components"]]


async def test_every_answer_view_fits_discords_component_limits_in_at_most_two_rows(
    knowledge: Knowledge,
) -> None:
    for entry in [*knowledge.entries, huge_entry(related=tuple(e.id for e in knowledge.entries))]:
        view = answer_view(entry, knowledge)
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
    view = answer_view(entry, knowledge, (excerpt, *entry.citations[1:]), asker=asker)
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
    [delete] = components_of(answer_view(huge_entry(LONG_ID, related=()), knowledge, asker=asker))
    assert delete["custom_id"] == DELETE_ID.format(asker=asker)


async def test_answer_view_has_a_related_menu_then_grey_feedback_buttons(knowledge: Knowledge) -> None:
    entry = next(e for e in knowledge.entries if e.id == "rubio-breitbart")
    [menu_row, button_row] = answer_view(entry, knowledge).to_components()
    [menu] = menu_row["components"]
    assert menu["custom_id"] == MENU_ID.format(menu=RELATED) and menu["placeholder"] == "Related questions"
    assert [o["value"] for o in menu["options"]] == list(entry.related)
    feedback = [FEEDBACK_ID.format(entry_id=entry.id, helpful=h) for h in (1, 0)]
    assert [b["custom_id"] for b in button_row["components"]] == feedback
    assert {b["style"] for b in button_row["components"]} == {discord.ButtonStyle.secondary.value}


async def test_the_whole_paragraph_button_is_offered_only_for_an_excerpt(knowledge: Knowledge) -> None:
    entry = next(e for e in knowledge.entries if e.id == "who-is-lin-jian")
    assert PARAGRAPH_ID.format(entry_id=entry.id) not in [
        c["custom_id"] for c in components_of(answer_view(entry, knowledge))
    ]
    whole = knowledge.article.paragraph(entry.citations[0].paragraph)
    excerpt = Citation(whole[: len(whole) // 2], entry.citations[0].paragraph)
    components = components_of(answer_view(entry, knowledge, (excerpt, *entry.citations[1:])))
    [button] = [c for c in components if c["custom_id"] == PARAGRAPH_ID.format(entry_id=entry.id)]
    assert (
        button["label"] == "Show the whole paragraph"
        and button["style"] == discord.ButtonStyle.secondary.value
    )


async def test_answer_view_leaves_out_controls_whose_ids_would_be_too_long(knowledge: Knowledge) -> None:
    entry = huge_entry(LONG_ID, related=(LONG_ID, "no-such-entry", knowledge.entries[0].id))
    [menu] = components_of(answer_view(entry, knowledge))
    assert [o["value"] for o in menu["options"]] == [knowledge.entries[0].id]  # type: ignore[index]


def test_question_options_are_at_most_25_with_labels_within_100_and_ids_that_fit_a_value(
    knowledge: Knowledge,
) -> None:
    entries = [huge_entry(LONG_ID), *(huge_entry(f"huge-{n}") for n in range(30))]
    options = question_options(entries)
    assert len(options) == limits.SELECT_OPTIONS and LONG_ID not in {o.value for o in options}
    assert all(len(o.label) == limits.SELECT_OPTION_LABEL and o.label.endswith("…") for o in options)


async def test_suggestions_view_is_one_did_you_mean_menu_of_the_suggestions(knowledge: Knowledge) -> None:
    suggestions = knowledge.entries[:4]
    [menu] = components_of(suggestions_view(suggestions))
    assert menu["custom_id"] == MENU_ID.format(menu=SUGGESTED) and menu["placeholder"] == "Did you mean…"
    assert [o["value"] for o in menu["options"]] == [e.id for e in suggestions]  # type: ignore[union-attr]
    assert [o["label"] for o in menu["options"]] == [e.question for e in suggestions]  # type: ignore[union-attr]
    assert not components_of(suggestions_view(()))


def test_an_unclear_question_offers_at_most_four_suggestions_and_points_to_source_search(
    matcher: Matcher,
) -> None:
    answer = matcher.answer("china")
    assert answer.outcome == "unclear" and len(answer.suggestions) > 4
    text, embeds, offered = not_answered(answer)
    assert offered == answer.suggestions[:4] and not embeds
    assert "/source search" in text


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
