"""What the bot does across features: cooldowns, the error handler, and what every request looks like."""

from __future__ import annotations

import logging
import sys
from types import SimpleNamespace

import discord
import pytest
import simcord
from discord import app_commands

import bot.client as faqbot_client
from bot.client import FaqBot
from bot.errors import user_message
from bot.messages import message
from bot.settings import Settings
from bot.utils.answers import FEEDBACK_ID
from tests.support.openapi import SPEC_PATH, validate_request

RUBIO = "What did Rubio tell Breitbart?"
ONE_A_MINUTE = {"cooldown_rate": 1, "cooldown_seconds": 60.0}


def test_the_bot_asks_for_no_privileged_intent_and_pings_nobody(simcord_bot: FaqBot) -> None:
    intents = simcord_bot.intents
    assert not (intents.message_content or intents.members or intents.presences)
    mentions = simcord_bot.allowed_mentions
    assert mentions is not None and dict(mentions.to_dict()) == {"parse": []}


async def test_every_command_but_faqadmin_is_usable_in_servers_dms_and_private_channels_when_user_installed(
    bot: FaqBot,
) -> None:
    for command in bot.tree.get_commands():
        if command.name == "faqadmin":
            continue
        assert command.allowed_installs is not None and command.allowed_contexts is not None
        assert command.allowed_installs.guild and command.allowed_installs.user
        contexts = command.allowed_contexts
        assert contexts.guild and contexts.dm_channel and contexts.private_channel


@pytest.mark.parametrize("settings", [ONE_A_MINUTE], indirect=True)
async def test_asking_too_often_gets_a_private_try_again_in_n_seconds(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor, bob: simcord.MemberActor
) -> None:
    await alice.slash(channel, "ask", question=RUBIO)
    second = await alice.slash(channel, "ask", question=RUBIO)
    assert second.ephemeral and second.response is not None
    assert "try again in 60 s" in second.response.content
    assert [type(e) for e in env.errors] == [app_commands.CommandOnCooldown]
    other = await bob.slash(channel, "ask", question=RUBIO)
    assert other.response is not None and other.response.embeds  # the cooldown is per user
    await env.advance_time(60)
    again = await alice.slash(channel, "ask", question=RUBIO)
    assert again.response is not None and again.response.embeds


@pytest.mark.parametrize("settings", [ONE_A_MINUTE], indirect=True)
async def test_the_cooldown_is_shared_by_slash_commands_mentions_and_answer_buttons(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    assert env.bot.user is not None
    first = await alice.slash(channel, "ask", question=RUBIO)
    await alice.send(channel, f"{env.bot.user.mention} {RUBIO}")
    reply = channel.last_message
    assert reply is not None and "try again in" in reply.content
    assert first.response is not None
    menu = first.response.components[0]["components"][0]
    clicked = await alice.select(
        first.response.message, [menu["options"][0]["value"]], custom_id=menu["custom_id"]
    )
    assert clicked.ephemeral and clicked.response is not None
    assert "try again in" in clicked.response.content


async def test_a_failing_command_gets_a_polite_private_reply_and_the_traceback_is_logged(
    env: simcord.Env,
    bot: FaqBot,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(question: str, threshold: float | None, locale: str | None) -> None:
        raise RuntimeError("matcher exploded")

    monkeypatch.setattr(bot.get_cog("AskCog"), "_answer", broken)
    with caplog.at_level(logging.ERROR, logger="bot.client"):
        result = await alice.slash(channel, "ask", question=RUBIO)
    assert result.ephemeral and result.response is not None
    assert result.response.content.startswith("Sorry, something went wrong")
    assert "RuntimeError: matcher exploded" in caplog.text
    assert [type(e) for e in env.errors] == [app_commands.CommandInvokeError]


async def test_a_failing_answer_button_gets_a_polite_private_reply_not_this_interaction_failed(
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    bob: simcord.MemberActor,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("answer exploded")

    answer = await alice.slash(channel, "ask", question=RUBIO)
    assert answer.response is not None
    monkeypatch.setattr("bot.utils.answers.show_answer", broken)
    menu = answer.response.components[0]["components"][0]
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        clicked = await bob.select(answer.response.message, ["rubio-vassal"], custom_id=menu["custom_id"])
    assert clicked.ephemeral and clicked.response is not None
    assert clicked.response.content.startswith("Sorry, something went wrong on my side")
    assert "RuntimeError: answer exploded" in caplog.text


async def test_a_button_that_fails_after_answering_says_so_in_a_private_follow_up(
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    bob: simcord.MemberActor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answer = await alice.slash(channel, "ask", question=RUBIO)
    assert answer.response is not None
    original = discord.InteractionResponse.send_message

    async def answers_then_fails(self: discord.InteractionResponse, *args: object, **kwargs: object) -> None:
        await original(self, *args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("after the reply")

    monkeypatch.setattr(discord.InteractionResponse, "send_message", answers_then_fails)
    clicked = await bob.click(
        answer.response.message, custom_id=FEEDBACK_ID.format(entry_id="rubio-breitbart", helpful=1)
    )
    assert [m.content for m in clicked.followups] == [
        "Sorry, something went wrong on my side. Please try again in a moment."
    ]
    assert clicked.followups[0].ephemeral


async def test_a_failing_browse_control_gets_a_polite_private_reply(
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("page exploded")

    browse = await alice.slash(channel, "faq browse")
    assert browse.response is not None
    monkeypatch.setattr(sys.modules["bot.exts.browse._views"], "browse_embed", broken)
    clicked = await alice.click(browse.response.message, label="Next")
    assert clicked.ephemeral and clicked.response is not None
    assert clicked.response.content.startswith("Sorry, something went wrong on my side")


async def test_a_permission_the_user_lacks_is_named_not_blamed_on_the_bot(
    env: simcord.Env,
    bot: FaqBot,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    caplog: pytest.LogCaptureFixture,
) -> None:
    @app_commands.command(name="purge", description="Only for managers")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def purge(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("done")

    bot.tree.add_command(purge)
    await bot.tree.sync()
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        result = await alice.slash(channel, "purge")
    assert result.ephemeral and result.response is not None
    assert result.response.content == "You need the Manage Server permission to use that."
    assert not caplog.records  # the user's mistake is no fault to log as an error
    assert [type(e) for e in env.errors] == [app_commands.MissingPermissions]


class Whole(app_commands.Transformer):
    async def transform(self, interaction: discord.Interaction, value: str) -> int:
        return int(value)


@pytest.mark.parametrize(
    ("error", "told"),
    [
        (app_commands.NoPrivateMessage(), message("errors.server_only")),
        (app_commands.CheckFailure(), message("errors.not_here")),
        (app_commands.MissingRole("mods"), "You don't have the role needed to use that."),
        (app_commands.BotMissingPermissions(["embed_links"]), "I need the Embed Links permission here"),
        (app_commands.CommandOnCooldown(app_commands.Cooldown(1, 9), 8.2), "try again in 9 s"),
        (
            app_commands.TransformerError("@everyone x", discord.AppCommandOptionType.integer, Whole()),  # type: ignore[arg-type]
            "I couldn't use “@\u200beveryone x” there",
        ),
        (
            discord.Forbidden(SimpleNamespace(status=403, reason="Forbidden"), "no"),  # type: ignore[arg-type]
            message("errors.forbidden"),
        ),
        (RuntimeError("bug"), None),
        (KeyError("bug"), None),
    ],
)
def test_each_kind_of_user_mistake_has_its_own_words_and_only_faults_are_ours(
    error: Exception, told: str | None
) -> None:
    text = user_message(error)
    if told is None:
        assert text is None
    else:
        assert text is not None and told in text and "went wrong on my side" not in text


async def test_every_message_the_bot_sends_pings_nobody(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor, bob: simcord.MemberActor
) -> None:
    await act_out_every_feature(env, channel, alice, bob)
    bodies = [r.json for r in env.http_requests if r.method == "POST" and r.json is not None]
    messages = [b.get("data", b) for b in bodies if b.get("type") in (4, None)]
    assert len(messages) >= 8
    assert all(m["allowed_mentions"] == {"parse": []} for m in messages)


@pytest.mark.skipif(not SPEC_PATH.is_file(), reason="Discord's OpenAPI spec is not in ../shared")
async def test_every_request_the_bot_sends_is_valid_by_discords_openapi_spec(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor, bob: simcord.MemberActor
) -> None:
    await act_out_every_feature(env, channel, alice, bob)
    sent = [r for r in env.http_requests if r.json is not None]
    assert len(sent) >= 10
    for request in sent:
        validate_request(request.method, request.path, request.json)


async def act_out_every_feature(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor, bob: simcord.MemberActor
) -> None:
    assert env.bot.user is not None
    answer = await alice.slash(channel, "ask", question=RUBIO)
    assert answer.response is not None
    await bob.click(answer.response.message, label="Helpful")
    related = answer.response.components[0]["components"][0]
    await bob.select(
        answer.response.message, [related["options"][0]["value"]], custom_id=related["custom_id"]
    )
    unclear = await alice.slash(channel, "ask", question="@everyone china")
    assert unclear.response is not None
    suggested = unclear.response.components[0]["components"][0]
    await alice.select(
        unclear.response.message, [suggested["options"][0]["value"]], custom_id=suggested["custom_id"]
    )
    await alice.send(channel, f"{env.bot.user.mention} @here what about china?")
    browse = await alice.slash(channel, "faq browse")
    assert browse.response is not None
    await alice.click(browse.response.message, label="Next")
    await bob.click(browse.response.message, label="Next")
    await alice.slash(channel, "faq show", entry="who-is-lin-jian")
    await alice.slash(channel, "source", paragraph=1)
    await alice.slash(channel, "source", search="Kissinger")
    await alice.slash(channel, "about")


def test_no_prefix_commands_are_processed(simcord_bot: FaqBot) -> None:
    assert not simcord_bot.commands
    assert isinstance(simcord_bot, discord.AutoShardedClient)


@pytest.mark.parametrize("settings", [ONE_A_MINUTE], indirect=True)
async def test_the_cooldown_lasts_the_whole_window_the_settings_give(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    await alice.slash(channel, "ask", question=RUBIO)
    await env.advance_time(59)
    late = await alice.slash(channel, "ask", question=RUBIO)
    assert late.response is not None and "try again in 1 s" in late.response.content
    assert [type(e) for e in env.errors] == [app_commands.CommandOnCooldown]
    await env.advance_time(1)
    again = await alice.slash(channel, "ask", question=RUBIO)
    assert again.response is not None and again.response.embeds


@pytest.mark.parametrize("settings", [{"warm_index": True}], indirect=True)
async def test_the_bot_reads_its_whole_index_off_the_event_loop_at_start_up_and_serves_rebuilds_warm(
    bot: FaqBot, settings: Settings, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    assert bot._warming is not None
    await bot._warming
    assert bot.matcher.warmed
    answered = await alice.slash(channel, "ask", question="卢比奥在采访里说了什么")
    assert answered.response is not None and answered.response.embeds
    assert faqbot_client._build(settings.knowledge_dir, [], settings.warm_index).matcher.warmed
    assert not faqbot_client._build(settings.knowledge_dir, [], False).matcher.warmed
