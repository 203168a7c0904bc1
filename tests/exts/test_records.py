"""What the bot stores as people use it: each question asked, and votes on answers. Never a raw user id."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest
import simcord

from bot.client import FaqBot
from bot.settings import Settings
from bot.storage import FeedbackCount, Store, hash_user
from bot.utils.answers import FEEDBACK_ID, MENU_ID, SUGGESTED
from tests.exts.conftest import rows

RUBIO = "What did Rubio tell Breitbart?"
OFF_TOPIC = "Who painted the Mona Lisa?"
VAGUE = "china"
UNANSWERED = "What did Angela Merkel think of Putin?"  # on the subject, not in the article
QUESTIONS = (
    "SELECT text, guild_id, channel_id, user_hash, entry_id, score, answered FROM questions ORDER BY id"
)


def custom_ids(message: simcord.ResponseMessage) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row["components"]]


def user_hash(settings: Settings, user_id: int) -> str:
    return hash_user(user_id, settings.user_salt())


async def test_an_answered_question_is_logged_with_its_entry_score_and_a_hash_of_the_asker(
    database: Path,
    settings: Settings,
    guild: simcord.GuildHandle,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
) -> None:
    await alice.slash(channel, "ask", question=RUBIO)
    [(text, guild_id, channel_id, who, entry_id, score, answered)] = rows(database, QUESTIONS)
    assert (text, guild_id, channel_id, entry_id, answered) == (
        RUBIO,
        guild.id,
        channel.id,
        "rubio-breitbart",
        1,
    )
    assert who == user_hash(settings, alice.id) and str(alice.id) not in who
    assert 0.58 <= score <= 1


async def test_an_unanswered_question_is_logged_with_its_nearest_entry(
    database: Path, guild: simcord.GuildHandle, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    await alice.slash(channel, "ask", question=UNANSWERED)
    [(text, guild_id, _, _, entry_id, score, answered)] = rows(database, QUESTIONS)
    assert (text, guild_id, answered) == (UNANSWERED, guild.id, 0)
    assert entry_id is not None and 0 < score < 1


async def test_find_answer_and_mentions_are_logged_too(
    env: simcord.Env, database: Path, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    assert env.bot.user is not None
    message = await alice.send(channel, OFF_TOPIC)
    await alice.context_menu(channel, "Find answer", message)
    await alice.send(channel, f"{env.bot.user.mention} {RUBIO}")
    assert [(text, answered) for text, *_, answered in rows(database, QUESTIONS)] == [
        (OFF_TOPIC, 0),
        (RUBIO, 1),
    ]


async def test_a_question_in_a_dm_is_logged_without_a_server(
    env: simcord.Env, database: Path, settings: Settings
) -> None:
    reader = env.create_user("reader")
    await reader.slash("ask", question=RUBIO)
    await reader.send_dm(OFF_TOPIC)
    logged = rows(database, QUESTIONS)
    assert [(text, guild_id) for text, guild_id, *_ in logged] == [(RUBIO, None), (OFF_TOPIC, None)]
    assert {who for _, _, _, who, *_ in logged} == {user_hash(settings, reader.id)}


async def test_a_question_in_a_dm_stores_no_channel_id(env: simcord.Env, database: Path) -> None:
    reader = env.create_user("reader")
    await reader.slash("ask", question=RUBIO)
    await reader.send_dm(OFF_TOPIC)
    assert [channel_id for _, _, channel_id, *_ in rows(database, QUESTIONS)] == [0, 0]


async def test_mentions_of_people_roles_and_channels_are_stored_as_placeholders_on_every_path(
    env: simcord.Env,
    database: Path,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    bob: simcord.MemberActor,
) -> None:
    assert env.bot.user is not None
    someone, role = "<@1300000000000000777>", "<@&1300000000000000778>"
    await alice.slash(channel, "ask", question=f"{someone} what did rubio say in <#{channel.id}>")
    message = await alice.send(channel, f"<@!{bob.id}> asked {role} who is lin jian")
    await alice.context_menu(channel, "Find answer", message)
    await alice.send(channel, f"{env.bot.user.mention} {bob.mention} who is lin jian")
    stored = [text for text, *_ in rows(database, QUESTIONS)]
    assert stored == [
        "@user what did rubio say in #channel",
        "@user asked @role who is lin jian",
        "@user who is lin jian",
    ]
    every_cell = " ".join(str(cell) for row in rows(database, "SELECT * FROM questions") for cell in row)
    assert not [i for i in ("1300000000000000777", "1300000000000000778", str(bob.id)) if i in every_cell]


async def test_a_question_with_a_lone_surrogate_is_answered_and_logged(
    database: Path, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    result = await alice.slash(channel, "ask", question=f"{RUBIO} \ud83d")  # half an emoji
    assert result.response is not None and result.response.embeds
    assert [text for text, *_ in rows(database, QUESTIONS)] == [f"{RUBIO} \ufffd"]


async def test_clicking_a_suggested_or_related_question_is_not_logged_as_a_question(
    database: Path, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    result = await alice.slash(channel, "ask", question=VAGUE)
    assert result.response is not None
    menu = result.response.components[0]["components"][0]
    assert menu["custom_id"] == MENU_ID.format(menu=SUGGESTED)
    clicked = await alice.select(
        result.response.message, [menu["options"][0]["value"]], custom_id=menu["custom_id"]
    )
    assert clicked.response is not None and clicked.response.embeds  # it answered
    assert len(rows(database, QUESTIONS)) == 1


@pytest.mark.parametrize("chat", ["hi", "thanks bot!"])
async def test_greetings_and_thanks_get_a_how_to_and_are_not_logged_as_unanswered(
    database: Path, channel: simcord.ChannelHandle, alice: simcord.MemberActor, chat: str
) -> None:
    result = await alice.slash(channel, "ask", question=chat)
    assert result.response is not None and "/faq browse" in result.response.content
    assert "doesn't say" not in result.response.content
    assert rows(database, QUESTIONS) == []


async def test_no_raw_user_id_is_stored_anywhere(
    env: simcord.Env, database: Path, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    result = await alice.slash(channel, "ask", question=RUBIO)
    assert result.response is not None
    await alice.click(result.response.message, label="Helpful")
    cells = [
        cell
        for table in ("questions", "feedback")
        for row in rows(database, f"SELECT * FROM {table}")
        for cell in row
    ]
    assert cells and all(str(alice.id) not in str(cell) for cell in cells)


async def test_a_storage_failure_costs_no_answer_and_is_logged(
    store: Store, channel: simcord.ChannelHandle, alice: simcord.MemberActor, caplog: pytest.LogCaptureFixture
) -> None:
    await store.close()  # the database goes away under the running bot
    with caplog.at_level(logging.ERROR):
        result = await alice.slash(channel, "ask", question=RUBIO)
    assert result.response is not None and result.response.embeds
    assert "logging a question" in caplog.text


# --- feedback -----------------------------------------------------------------------------------------------


async def answer(alice: simcord.MemberActor, channel: simcord.ChannelHandle) -> simcord.ResponseMessage:
    result = await alice.slash(channel, "ask", question=RUBIO)
    assert result.response is not None
    return result.response


async def test_a_vote_is_stored_and_then_acknowledged_privately(
    store: Store, channel: simcord.ChannelHandle, alice: simcord.MemberActor, bob: simcord.MemberActor
) -> None:
    reply = await answer(alice, channel)
    clicked = await bob.click(reply.message, label="Helpful")
    assert clicked.ephemeral and clicked.response is not None
    assert clicked.response.content.startswith("Recorded")
    assert await store.feedback_ranking(None) == [FeedbackCount("rubio-breitbart", helpful=1, not_helpful=0)]


async def test_clicking_the_other_button_changes_the_vote(
    store: Store, channel: simcord.ChannelHandle, alice: simcord.MemberActor, bob: simcord.MemberActor
) -> None:
    reply = await answer(alice, channel)
    await bob.click(reply.message, label="Helpful")
    await bob.click(reply.message, custom_id=FEEDBACK_ID.format(entry_id="rubio-breitbart", helpful=0))
    assert await store.feedback_ranking(None) == [FeedbackCount("rubio-breitbart", helpful=0, not_helpful=1)]
    await alice.click(reply.message, label="Helpful")  # another person's vote counts on its own
    assert await store.feedback_ranking(None) == [FeedbackCount("rubio-breitbart", helpful=1, not_helpful=1)]


async def test_the_thanks_is_sent_only_after_the_vote_is_stored(
    env: simcord.Env,
    store: Store,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reply = await answer(alice, channel)
    replies_when_stored: list[int] = []
    store_vote = store.set_feedback

    async def noting_when(**vote: Any) -> None:
        await store_vote(**vote)
        replies_when_stored.append(len(callbacks(env)))

    monkeypatch.setattr(store, "set_feedback", noting_when)
    before = len(callbacks(env))
    clicked = await alice.click(reply.message, label="Not helpful")
    assert replies_when_stored == [before]  # stored while the click had no reply yet
    assert len(callbacks(env)) == before + 1 and clicked.response is not None


def callbacks(env: simcord.Env) -> list[Any]:
    return [r for r in env.http_requests if r.path.endswith("/callback")]


async def test_a_vote_that_cannot_be_stored_is_not_thanked_for(
    store: Store, channel: simcord.ChannelHandle, alice: simcord.MemberActor, caplog: pytest.LogCaptureFixture
) -> None:
    reply = await answer(alice, channel)
    await store.close()
    with caplog.at_level(logging.ERROR):
        clicked = await alice.click(reply.message, label="Helpful")
    assert clicked.ephemeral and clicked.response is not None
    assert "couldn't record" in clicked.response.content and "Recorded" not in clicked.response.content
    assert "storing a vote" in caplog.text


async def test_votes_in_dms_are_stored_without_a_server(env: simcord.Env, store: Store) -> None:
    reader = env.create_user("reader")
    result = await reader.slash("ask", question=RUBIO)
    assert result.response is not None
    clicked = await reader.click(result.response.message, label="Not helpful")
    assert clicked.response is not None and clicked.response.content.startswith("Recorded")
    assert await store.feedback_ranking(None) == [FeedbackCount("rubio-breitbart", helpful=0, not_helpful=1)]


async def test_a_bot_without_a_store_answers_and_says_votes_are_not_recorded(
    env: simcord.Env, bot: FaqBot, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    await env.restart_bot(FaqBot(bot.matcher, bot.settings, shard_count=1))
    reply = await answer(alice, channel)
    clicked = await alice.click(reply.message, label="Helpful")
    assert clicked.response is not None and "couldn't record" in clicked.response.content


# --- the settings cache -------------------------------------------------------------------------------------


async def test_a_settings_change_cut_off_midway_is_read_again_from_the_database(
    bot: FaqBot, store: Store
) -> None:
    guild_id = 1_300_000_000_000_000_500
    assert (await bot.guild_settings.get(guild_id)).private is False  # now kept in memory
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0):  # as /faqadmin's bound does, while the write is already queued
            await bot.guild_settings.update(
                guild_id, private=True, threshold=None, answer_mentions=None, allowed_channels=None
            )
    assert (await store.get_settings(guild_id)).private is True  # the write landed all the same
    assert (await bot.guild_settings.get(guild_id)).private is True  # and answers follow the database
