"""/ask, its buttons, the "Find answer" menu and @mentions, as a server member sees them."""

from __future__ import annotations

import dataclasses
import re

import discord
import pytest
import simcord

from bot.client import FaqBot
from bot.core import Citation, Knowledge, Matcher, passages
from bot.exts.ask._cog import question_from_mention
from bot.messages import message
from bot.utils.answers import (
    DELETE_ID,
    FEEDBACK_ID,
    MENU_ID,
    PARAGRAPH_ID,
    RELATED,
    SUGGESTED,
)
from bot.utils.render import GLANCE_CHARS

RUBIO = "What did Rubio tell Breitbart?"
OFF_TOPIC = "Who painted the Mona Lisa?"
VAGUE = "china"  # the matcher abstains but has five suggestions
ROLE_ID = "123456789012345678"


def custom_ids(message: simcord.ResponseMessage) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row["components"]]


def menu_values(message: simcord.ResponseMessage, menu: str) -> list[str]:
    """The entry ids a question menu offers (empty when the message has no such menu)."""
    menus = [
        c
        for row in message.components
        for c in row["components"]
        if c["custom_id"] == MENU_ID.format(menu=menu)
    ]
    return [option["value"] for m in menus for option in m["options"]]


async def pick(
    actor: simcord.MemberActor, message: simcord.ResponseMessage, menu: str, entry_id: str
) -> simcord.InteractionResult:
    return await actor.select(message.message, [entry_id], custom_id=MENU_ID.format(menu=menu))


def with_an_excerpt(knowledge: Knowledge, entry_id: str) -> Knowledge:
    """The knowledge with `entry_id`'s first passage cut to its paragraph's first sentence (the shipped
    FAQ quotes only whole paragraphs)."""
    entry = knowledge.entry(entry_id)
    assert entry is not None
    first, *rest = entry.citations
    cut = Citation(knowledge.article.paragraph(first.paragraph).split(". ")[0] + ".", first.paragraph)
    changed = dataclasses.replace(entry, citations=(cut, *rest))
    entries = tuple(changed if e.id == entry_id else e for e in knowledge.entries)
    return dataclasses.replace(knowledge, entries=entries)


def answered_entry(message: simcord.ResponseMessage, knowledge: Knowledge) -> str:
    [embed] = message.embeds
    return next(e.id for e in knowledge.entries if e.question == embed.title)


async def ask(
    actor: simcord.MemberActor, channel: simcord.ChannelHandle, question: str, **options: object
) -> tuple[simcord.InteractionResult, simcord.ResponseMessage]:
    result = await actor.slash(channel, "ask", question=question, **options)
    assert result.response is not None
    return result, result.response


async def test_ask_answers_with_the_question_cited_paragraphs_and_source(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    result, reply = await ask(alice, channel, RUBIO)
    entry = knowledge.entry(answered_entry(reply, knowledge))
    assert entry is not None and not result.ephemeral
    [embed] = reply.embeds
    assert embed.description is not None and embed.description.startswith(entry.answer)
    # The passages the matcher chose for this question (the entry's, lead first), as labelled blockquotes,
    # as many as a glance takes in: the lead one at least, the rest behind "Show the whole paragraphs".
    chosen = Matcher(knowledge).answer(RUBIO).citations
    quotes = [line for line in embed.description.splitlines() if line.startswith("> ")]
    labels = [p.label.replace("Paragraphs ", "¶").replace("Paragraph ", "¶") for p in passages(chosen)]
    assert quotes and [q.split("**")[1] for q in quotes] == labels[: len(quotes)]
    assert len(embed) <= GLANCE_CHARS
    assert (PARAGRAPH_ID.format(entry_id=entry.id) in custom_ids(reply)) == (len(quotes) < len(labels))
    assert set(entry.citations) <= set(chosen) and not embed.fields
    assert embed.footer.text == "Source: BBC, 10 March 2025, translated by Zhang Yangyang"


async def test_an_answer_has_a_related_questions_menu_and_one_row_of_grey_buttons(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    _, reply = await ask(alice, channel, RUBIO)
    entry = knowledge.entry(answered_entry(reply, knowledge))
    assert entry is not None
    [menu_row, button_row] = reply.components
    [menu] = menu_row["components"]
    assert menu["type"] == 3 and menu["placeholder"] == "Related questions"
    assert [o["value"] for o in menu["options"]] == list(entry.related)
    assert [o["label"] for o in menu["options"]] == [knowledge.entry(r).question for r in entry.related]  # type: ignore[union-attr]
    buttons = button_row["components"]
    # Its lead passage is all a glance takes in: the other is a click away.
    assert [b["custom_id"] for b in buttons] == [
        *(FEEDBACK_ID.format(entry_id=entry.id, helpful=h) for h in (1, 0)),
        PARAGRAPH_ID.format(entry_id=entry.id),
        DELETE_ID.format(asker=alice.id),
    ]
    assert {b["style"] for b in buttons} == {2}  # grey


async def test_the_passages_left_out_for_a_glance_are_shown_whole_on_a_click(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    _, reply = await ask(alice, channel, RUBIO)
    entry = knowledge.entry(answered_entry(reply, knowledge))
    assert entry is not None
    [embed] = reply.embeds
    shown = {int(n) for n in re.findall(r"^> \*\*¶(\d+)", embed.description or "", re.MULTILINE)}
    clicked = await alice.click(reply.message, custom_id=PARAGRAPH_ID.format(entry_id=entry.id))
    assert clicked.ephemeral and clicked.response is not None
    [whole] = clicked.response.embeds
    left_out = sorted({c.paragraph for c in entry.citations if c.paragraph not in shown})
    assert left_out and [f.value for f in whole.fields] == [knowledge.article.paragraph(n) for n in left_out]


async def test_private_ask_is_seen_only_by_the_asker(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, bob: simcord.MemberActor
) -> None:
    result, reply = await ask(alice, channel, RUBIO, private=True)
    assert result.ephemeral and reply.embeds
    assert len(channel.history(viewer=bob)) == len(channel.history(viewer=alice)) - 1


@pytest.mark.parametrize("settings", [{"default_private": True}], indirect=True)
async def test_answers_are_private_when_the_bot_is_set_to_private_by_default(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    result, _ = await ask(alice, channel, RUBIO)
    assert result.ephemeral


async def test_off_topic_question_gets_a_private_not_in_the_article_and_no_answer(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    result, reply = await ask(alice, channel, OFF_TOPIC)
    assert result.ephemeral
    assert reply.content.startswith("The article doesn't say")
    assert not reply.embeds


async def test_abstention_offers_a_did_you_mean_menu_of_four_that_answers_when_picked(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    result, reply = await ask(alice, channel, VAGUE)
    assert result.ephemeral and not reply.embeds
    assert "/source search" in reply.content
    [[menu]] = [row["components"] for row in reply.components]
    assert menu["type"] == 3 and menu["placeholder"] == "Did you mean…"
    suggested = menu_values(reply, SUGGESTED)
    assert len(suggested) == 4
    clicked = await pick(alice, reply, SUGGESTED, suggested[0])
    assert clicked.response is not None
    assert answered_entry(clicked.response, knowledge) == suggested[0]
    assert clicked.response.ephemeral  # answered in place, in the message only the asker sees


async def test_autocomplete_offers_faq_questions_that_fit_discords_limits(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    choices = await alice.autocomplete(channel, "ask", "question", "rubio")
    assert 1 <= len(choices) <= 25
    assert all(len(c["name"]) <= 100 and knowledge.entry(c["value"]) for c in choices)
    assert all("rubio" in c["name"].casefold() for c in choices[:3])
    assert len(await alice.autocomplete(channel, "ask", "question", "")) == 25


async def test_a_picked_autocomplete_choice_answers_exactly_that_entry(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    for entry in knowledge.entries[:3]:
        _, reply = await ask(alice, channel, entry.id)
        assert answered_entry(reply, knowledge) == entry.id


async def test_a_related_question_picked_under_a_public_answer_is_answered_as_a_new_message(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, bob: simcord.MemberActor, knowledge: Knowledge
) -> None:
    _, reply = await ask(alice, channel, RUBIO)
    related = menu_values(reply, RELATED)[1]
    clicked = await pick(bob, reply, RELATED, related)
    assert clicked.response is not None and clicked.response.id != reply.id
    assert not clicked.response.ephemeral
    assert answered_entry(clicked.response, knowledge) == related


async def test_a_related_question_picked_under_a_private_answer_is_answered_in_place(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    _, reply = await ask(alice, channel, RUBIO, private=True)
    related = menu_values(reply, RELATED)[0]
    clicked = await pick(alice, reply, RELATED, related)
    assert clicked.response is not None and clicked.response.id == reply.id
    assert answered_entry(clicked.response, knowledge) == related


@pytest.mark.parametrize(("label", "thanks"), [("Helpful", "glad it helped"), ("Not helpful", "improve")])
async def test_feedback_buttons_thank_the_clicker_privately(
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    bob: simcord.MemberActor,
    label: str,
    thanks: str,
) -> None:
    _, reply = await ask(alice, channel, RUBIO)
    clicked = await bob.click(reply.message, label=label)
    assert clicked.ephemeral and clicked.response is not None
    assert thanks in clicked.response.content


async def test_an_answer_quoting_an_excerpt_offers_its_whole_paragraph_privately(
    env: simcord.Env,
    bot: FaqBot,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    knowledge: Knowledge,
) -> None:
    excerpting = with_an_excerpt(knowledge, "rubio-breitbart")
    await env.restart_bot(FaqBot(Matcher(excerpting), bot.settings, shard_count=1))
    _, reply = await ask(alice, channel, RUBIO)
    entry = excerpting.entry(answered_entry(reply, excerpting))
    assert entry is not None and entry.id == "rubio-breitbart"
    [_, button_row] = reply.components
    assert [b["label"] for b in button_row["components"]] == [
        "Helpful",
        "Not helpful",
        "Show the whole paragraph",
        "Delete",
    ]
    clicked = await alice.click(reply.message, custom_id=PARAGRAPH_ID.format(entry_id=entry.id))
    assert clicked.ephemeral and clicked.response is not None
    [embed] = clicked.response.embeds
    excerpt = entry.citations[0].paragraph
    assert [f.value for f in embed.fields] == [knowledge.article.paragraph(excerpt)]


async def test_answer_controls_keep_working_after_a_restart(
    env: simcord.Env,
    bot: FaqBot,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    knowledge: Knowledge,
) -> None:
    _, reply = await ask(alice, channel, RUBIO)
    related = menu_values(reply, RELATED)[0]
    await env.restart_bot(FaqBot(bot.matcher, bot.settings, shard_count=1))
    clicked = await pick(alice, reply, RELATED, related)
    assert clicked.response is not None
    assert answered_entry(clicked.response, knowledge) == related
    voted = await alice.click(reply.message, label="Helpful")
    assert voted.ephemeral and voted.response is not None


async def test_a_question_full_of_mentions_is_echoed_escaped_and_pings_nobody(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    _, reply = await ask(alice, channel, f"@everyone @here <@&{ROLE_ID}> **{OFF_TOPIC}**")
    assert "@everyone" not in reply.content and f"<@&{ROLE_ID}>" not in reply.content
    assert "\\*\\*" in reply.content
    [request] = [r for r in env.http_requests if r.path.endswith("/callback")][-1:]
    assert request.json is not None
    assert request.json["data"]["allowed_mentions"] == {"parse": []}


async def test_find_answer_menu_answers_the_selected_message_and_links_to_it(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, bob: simcord.MemberActor, knowledge: Knowledge
) -> None:
    question = await alice.send(channel, RUBIO)
    result = await bob.context_menu(channel, "Find answer", question)
    assert result.response is not None and not result.ephemeral
    assert question.jump_url in result.response.content
    assert answered_entry(result.response, knowledge) == "rubio-breitbart"


async def test_find_answer_on_a_message_without_text_says_so_privately(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    picture = await alice.send(channel, "", attachments=[("chart.png", b"\x89PNG")])
    result = await alice.context_menu(channel, "Find answer", picture)
    assert result.ephemeral and result.response is not None
    assert "no text" in result.response.content


async def test_a_mention_is_answered_as_a_reply(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    assert env.bot.user is not None
    question = await alice.send(channel, f"{env.bot.user.mention} {RUBIO}")
    reply = channel.last_message
    assert reply is not None and reply.author.id == env.bot.user.id
    assert reply.reference is not None and reply.reference.message_id == question.id
    assert reply.embeds[0].title == knowledge.entry("rubio-breitbart").question  # type: ignore[union-attr]


async def test_a_bare_mention_in_reply_to_a_message_answers_that_message_and_links_to_it(
    env: simcord.Env,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    bob: simcord.MemberActor,
    knowledge: Knowledge,
) -> None:
    assert env.bot.user is not None
    # Discord shows the bot the text of a message that mentions it (it asks for no message content intent).
    asked = await bob.send(channel, f"hey {env.bot.user.mention} and everyone: who is Lin Jian?")
    mention = await alice.send(channel, env.bot.user.mention, reply_to=asked)
    reply = channel.last_message
    assert reply is not None and reply.author.id == env.bot.user.id
    assert reply.reference is not None and reply.reference.message_id == mention.id
    assert asked.jump_url in reply.content
    assert reply.embeds[0].title == knowledge.entry("who-is-lin-jian").question  # type: ignore[union-attr]


async def test_a_mention_with_its_own_question_in_reply_to_a_message_answers_its_own_question(
    env: simcord.Env,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    bob: simcord.MemberActor,
    knowledge: Knowledge,
) -> None:
    assert env.bot.user is not None
    asked = await bob.send(channel, f"{env.bot.user.mention} who is Lin Jian?")
    await alice.send(channel, f"{env.bot.user.mention} {RUBIO}", reply_to=asked)
    reply = channel.last_message
    assert reply is not None and reply.author.id == env.bot.user.id and not reply.content
    assert reply.embeds[0].title == knowledge.entry("rubio-breitbart").question  # type: ignore[union-attr]


async def test_a_bare_mention_in_reply_to_a_message_whose_text_discord_withholds_says_what_to_do(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor, bob: simcord.MemberActor
) -> None:
    assert env.bot.user is not None
    asked = await bob.send(channel, RUBIO)  # no mention of the bot: Discord sends it without its text
    await alice.send(channel, env.bot.user.mention, reply_to=asked)
    reply = channel.last_message
    assert reply is not None and reply.author.id == env.bot.user.id
    assert (
        reply.content == message("ask.unread_reply") and "Find answer" in reply.content and not reply.embeds
    )


async def test_a_bare_mention_in_reply_to_the_bots_own_answer_gets_the_how_to(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    assert env.bot.user is not None
    await alice.send(channel, f"{env.bot.user.mention} {RUBIO}")
    answer = channel.last_message
    assert answer is not None and answer.author.id == env.bot.user.id
    await alice.send(channel, env.bot.user.mention, reply_to=answer)
    reply = channel.last_message
    assert reply is not None and reply.id != answer.id and "/ask" in reply.content and not reply.embeds


async def test_a_bare_mention_gets_a_short_how_to(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    assert env.bot.user is not None
    await alice.send(channel, env.bot.user.mention)
    reply = channel.last_message
    assert reply is not None and reply.author.id == env.bot.user.id
    assert "/ask" in reply.content


async def test_a_mention_that_abstains_echoes_escaped_and_offers_suggestions(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    assert env.bot.user is not None
    await alice.send(channel, f"{env.bot.user.mention} @everyone {VAGUE}")
    reply = channel.last_message
    assert reply is not None and reply.content.startswith("The article doesn't say")
    assert "@everyone" not in reply.content
    [menu] = reply.components[0].children  # type: ignore[union-attr]
    assert isinstance(menu, discord.SelectMenu) and len(menu.options) == 4
    posted = [r for r in env.http_requests if r.method == "POST" and r.path.endswith("/messages")]
    assert posted[-1].json is not None and posted[-1].json["allowed_mentions"]["parse"] == []


async def test_messages_that_do_not_mention_the_bot_are_ignored(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    await alice.send(channel, RUBIO)
    assert channel.last_message is not None and channel.last_message.author.id == alice.id


async def test_a_dm_to_the_bot_is_answered(env: simcord.Env, knowledge: Knowledge) -> None:
    reader = env.create_user("reader")
    await reader.send_dm(RUBIO)
    reply = reader.dm_channel.last_message
    assert reply is not None and reply.embeds[0].title == knowledge.entry("rubio-breitbart").question  # type: ignore[union-attr]


async def test_ask_works_in_the_bots_dms_with_default_settings(
    env: simcord.Env, knowledge: Knowledge
) -> None:
    reader = env.create_user("reader")
    result = await reader.slash("ask", question=RUBIO)
    assert result.response is not None and not result.ephemeral
    assert answered_entry(result.response, knowledge) == "rubio-breitbart"


async def test_each_answered_interaction_is_one_log_line_with_entry_score_and_latency(
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    knowledge: Knowledge,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("INFO", logger="bot.utils.records")
    _, reply = await ask(alice, channel, RUBIO)
    [line] = [r for r in caplog.records if r.getMessage().startswith("answered ")]
    fields = {k: getattr(line, k) for k in ("command", "guild", "entry", "score", "latency_ms")}
    assert fields["command"] == "ask" and fields["entry"] == answered_entry(reply, knowledge)
    assert 0 < fields["score"] <= 1 and fields["latency_ms"] >= 0 and fields["guild"] is not None


async def test_a_related_click_under_a_public_answer_is_private_when_the_server_answers_privately(
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    bob: simcord.MemberActor,
    manager: simcord.MemberActor,
) -> None:
    await manager.slash(channel, "faqadmin settings", private=True)
    result, reply = await ask(alice, channel, RUBIO, private=False)
    assert not result.ephemeral
    seen_by_alice = len(channel.history(viewer=alice))
    clicked = await pick(bob, reply, RELATED, menu_values(reply, RELATED)[0])
    assert clicked.ephemeral and clicked.response is not None and clicked.response.embeds
    assert len(channel.history(viewer=alice)) == seen_by_alice


async def test_a_related_click_outside_the_allowed_channels_is_private_with_a_note_naming_them(
    guild: simcord.GuildHandle,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    bob: simcord.MemberActor,
    manager: simcord.MemberActor,
) -> None:
    _, reply = await ask(alice, channel, RUBIO)  # public, posted before the server chose its channels
    answers = guild.create_text_channel("answers")
    await manager.slash(channel, "faqadmin settings", allow_channel=answers)
    clicked = await pick(bob, reply, RELATED, menu_values(reply, RELATED)[0])
    assert clicked.ephemeral and clicked.response is not None and clicked.response.embeds
    assert answers.mention in clicked.response.content


async def test_only_the_asker_can_delete_a_public_answer_even_after_a_restart(
    env: simcord.Env,
    bot: FaqBot,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    bob: simcord.MemberActor,
) -> None:
    _, reply = await ask(alice, channel, RUBIO)
    refused = await bob.click(reply.message, label="Delete")
    assert refused.ephemeral and refused.response is not None
    assert refused.response.content == message("answer.not_the_asker")
    assert reply.id in [m.id for m in channel.history(viewer=bob)]
    await env.restart_bot(FaqBot(bot.matcher, bot.settings, shard_count=1))
    await alice.click(reply.message, label="Delete")
    assert reply.id not in [m.id for m in channel.history(viewer=alice)]


async def test_a_mention_answer_can_be_deleted_by_the_one_who_mentioned(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor, bob: simcord.MemberActor
) -> None:
    assert env.bot.user is not None
    await alice.send(channel, f"{env.bot.user.mention} {RUBIO}")
    answer = channel.last_message
    assert answer is not None and answer.author.id == env.bot.user.id
    refused = await bob.click(answer, label="Delete")
    assert refused.ephemeral and refused.response is not None
    assert refused.response.content == message("answer.not_the_asker")
    await alice.click(answer, label="Delete")
    assert answer.id not in [m.id for m in channel.history(viewer=alice)]


async def test_a_private_answer_and_one_made_private_in_place_have_no_delete_button(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    _, reply = await ask(alice, channel, RUBIO, private=True)
    assert not any(i.startswith("faq:del:") for i in custom_ids(reply))
    clicked = await pick(alice, reply, RELATED, menu_values(reply, RELATED)[0])
    assert clicked.response is not None and clicked.response.id == reply.id
    assert not any(i.startswith("faq:del:") for i in custom_ids(clicked.response))


async def test_a_related_question_answered_publicly_offers_delete_to_whoever_picked_it(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, bob: simcord.MemberActor
) -> None:
    _, reply = await ask(alice, channel, RUBIO)
    clicked = await pick(bob, reply, RELATED, menu_values(reply, RELATED)[0])
    assert clicked.response is not None and not clicked.response.ephemeral
    assert DELETE_ID.format(asker=bob.id) in custom_ids(clicked.response)


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
