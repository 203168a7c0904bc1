"""Floods through @mentions: what one user, or a crowd, gets when mentioning the bot over and over."""

from __future__ import annotations

import pytest
import simcord

from bot.client import FaqBot
from bot.exts.ask._cog import CHANNEL_REPLIES, CHANNEL_SECONDS

RUBIO = "What did Rubio tell Breitbart?"
THREE_A_MINUTE = {"cooldown_rate": 3, "cooldown_seconds": 60.0}


def replies(env: simcord.Env, channel: simcord.ChannelHandle) -> list[str]:
    """The content of every message the bot posted in `channel` ("" for an embed-only answer)."""
    bot = env.bot.user
    assert bot is not None
    return [m.content for m in channel.history() if m.author.id == bot.id]


def answers(env: simcord.Env, channel: simcord.ChannelHandle) -> int:
    bot = env.bot.user
    assert bot is not None
    return sum(1 for m in channel.history() if m.author.id == bot.id and m.embeds)


@pytest.mark.parametrize("settings", [THREE_A_MINUTE], indirect=True)
async def test_a_flood_of_questions_gets_the_answers_the_cooldown_allows_one_notice_then_silence(
    env: simcord.Env, bot: FaqBot, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    assert bot.user is not None
    for _ in range(20):
        await alice.send(channel, f"{bot.user.mention} {RUBIO}")
    said = replies(env, channel)
    assert answers(env, channel) == 3
    assert len(said) == 4 and sum("try again in" in text for text in said) == 1
    await env.advance_time(60)
    await alice.send(channel, f"{bot.user.mention} {RUBIO}")
    assert answers(env, channel) == 4  # the window over, asking works again


@pytest.mark.parametrize("settings", [THREE_A_MINUTE], indirect=True)
async def test_a_flood_of_bare_mentions_gets_one_how_to_per_cooldown_window(
    env: simcord.Env, bot: FaqBot, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    assert bot.user is not None
    for _ in range(20):
        await alice.send(channel, bot.user.mention)
    assert len(replies(env, channel)) == 1 and "/ask" in replies(env, channel)[0]
    await env.advance_time(60)
    await alice.send(channel, bot.user.mention)
    assert len(replies(env, channel)) == 2


@pytest.mark.parametrize("settings", [{"cooldown_seconds": 0.0}], indirect=True)
async def test_bare_mentions_stay_limited_when_the_cooldown_is_switched_off(
    env: simcord.Env, bot: FaqBot, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    assert bot.user is not None
    for _ in range(20):
        await alice.send(channel, bot.user.mention)
    assert len(replies(env, channel)) == 1


async def test_a_crowd_asking_at_once_gets_no_more_public_replies_than_the_channel_limit(
    env: simcord.Env,
    bot: FaqBot,
    guild: simcord.GuildHandle,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
) -> None:
    assert bot.user is not None
    crowd = [guild.add_member(env.create_user(f"reader{n}")) for n in range(CHANNEL_REPLIES * 3)]
    for reader in crowd:
        await reader.send(channel, f"{bot.user.mention} {RUBIO}")
    assert answers(env, channel) == CHANNEL_REPLIES
    elsewhere = guild.create_text_channel("elsewhere")
    await alice.send(elsewhere, f"{bot.user.mention} {RUBIO}")
    assert answers(env, elsewhere) == 1  # the limit is per channel
    await env.advance_time(CHANNEL_SECONDS)
    await alice.send(channel, f"{bot.user.mention} {RUBIO}")
    assert answers(env, channel) == CHANNEL_REPLIES + 1
