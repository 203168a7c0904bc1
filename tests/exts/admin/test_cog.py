"""/faqadmin as a server's managers use it, and as everyone else is refused it; /privacy for anyone."""

from __future__ import annotations

import csv
import io
import logging
import shutil
from pathlib import Path
from typing import Any

import discord
import pytest
import simcord
import yaml
from discord import app_commands

from bot.client import FaqBot
from bot.core import Matcher
from bot.core.evaluation import load_questions
from bot.errors import Refused
from bot.launch import reload_on_signal
from bot.messages import message
from bot.storage import Store, hash_user
from tests.conftest import KNOWLEDGE_DIR, ROOT

RUBIO = "What did Rubio tell Breitbart?"
SUBCOMMANDS: dict[str, dict[str, Any]] = {
    "faqadmin unanswered": {},
    "faqadmin feedback": {},
    "faqadmin settings": {"private": True},
    "faqadmin reload": {},
    "faqadmin teach": {"question": "did rubio like the food in moscow", "not_in_article": True},
    "faqadmin taught": {},
}


async def reply_to(result: simcord.InteractionResult) -> simcord.ResponseMessage:
    """What the user sees: the response, or the follow-up that replaced a "thinking…" one."""
    message = result.followups[-1] if result.followups else result.response
    assert message is not None
    return message


async def admin(
    manager: simcord.MemberActor, channel: simcord.ChannelHandle, command: str, **options: Any
) -> simcord.ResponseMessage:
    result = await manager.slash(channel, command, **options)
    assert result.ephemeral
    return await reply_to(result)


# --- who may use it -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", SUBCOMMANDS)
async def test_discord_hides_every_subcommand_from_members_without_manage_server(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, command: str
) -> None:
    with pytest.raises(simcord.SetupError, match="default-member-permissions"):
        await alice.slash(channel, command, **SUBCOMMANDS[command])


@pytest.mark.parametrize("command", SUBCOMMANDS)
async def test_every_subcommand_refuses_a_non_manager_even_when_the_server_lets_them_see_it(
    env: simcord.Env,
    bot: FaqBot,
    guild: simcord.GuildHandle,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    store: Store,
    command: str,
) -> None:
    [faqadmin] = [c for c in await bot.tree.fetch_commands() if c.name == "faqadmin"]
    guild.set_command_permissions(faqadmin, {alice: True})  # a server's own override beats the default
    matcher = bot.matcher
    result = await alice.slash(channel, command, **SUBCOMMANDS[command])
    assert result.ephemeral and result.response is not None
    assert result.response.content == message("errors.not_a_manager")
    assert [type(e) for e in env.errors] == [Refused]
    assert (await store.get_settings(guild.id)).private is False and bot.matcher is matcher


def test_faqadmin_is_for_servers_only_and_asks_for_manage_server(bot: FaqBot) -> None:
    faqadmin = bot.tree.get_command("faqadmin")
    assert isinstance(faqadmin, app_commands.Group)
    assert faqadmin.default_permissions == discord.Permissions(manage_guild=True)
    assert faqadmin.allowed_contexts is not None and faqadmin.allowed_contexts.guild
    assert not (faqadmin.allowed_contexts.dm_channel or faqadmin.allowed_contexts.private_channel)
    assert faqadmin.allowed_installs is not None and not faqadmin.allowed_installs.user


async def test_faqadmin_cannot_be_used_in_a_dm(env: simcord.Env) -> None:
    reader = env.create_user("reader")
    with pytest.raises(simcord.SetupError, match="context"):
        await reader.slash("faqadmin feedback")


# --- unanswered ---------------------------------------------------------------------------------------------


async def test_unanswered_groups_this_servers_questions_most_asked_first_with_a_csv_of_all(
    env: simcord.Env,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    bob: simcord.MemberActor,
    manager: simcord.MemberActor,
) -> None:
    for actor, question in [
        (alice, "Who is Angela Merkel?"),
        (bob, "who is angela merkel"),
        (alice, "Angela Merkel who?"),
        (bob, "=HYPERLINK(evil) pizza"),
        (alice, RUBIO),  # answered: not listed
    ]:
        await actor.slash(channel, "ask", question=question)
    elsewhere = env.create_guild("Elsewhere").create_text_channel("general")
    stranger = elsewhere.guild.add_member(env.create_user("stranger"))  # type: ignore[union-attr]
    await stranger.slash(elsewhere, "ask", question="Who is Olaf Scholz?")

    reply = await admin(manager, channel, "faqadmin unanswered", days=7)
    [embed] = reply.embeds
    assert embed.description is not None
    first, second = embed.description.splitlines()
    assert first.startswith("**3×** ") and "merkel" in first.casefold() and "2 wordings" in first
    assert second.startswith("**1×** ") and "pizza" in second
    assert "Scholz" not in embed.description  # another server's question
    [attachment] = reply.attachments
    table = list(csv.DictReader(io.StringIO((await attachment.read()).decode())))
    assert [row["count"] for row in table] == ["3", "1"]
    wordings = {table[0]["question"], *table[0]["also_asked_as"].split(" | ")}
    assert {w.casefold().rstrip("?") for w in wordings} == {"who is angela merkel", "angela merkel who"}
    assert table[1]["question"] == "'=HYPERLINK(evil) pizza"  # not a formula when opened in a spreadsheet


async def test_unanswered_with_nothing_logged_says_so_without_a_file(
    channel: simcord.ChannelHandle, manager: simcord.MemberActor
) -> None:
    reply = await admin(manager, channel, "faqadmin unanswered", days=1)
    assert reply.embeds[0].description == "No unanswered questions in the last 1 day."
    assert reply.attachments == []


# --- feedback -----------------------------------------------------------------------------------------------


async def test_feedback_ranks_entries_by_not_helpful_votes(
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    bob: simcord.MemberActor,
    manager: simcord.MemberActor,
) -> None:
    rubio = await alice.slash(channel, "ask", question=RUBIO)
    lin = await alice.slash(channel, "faq show", entry="who-is-lin-jian")
    assert rubio.response is not None and lin.response is not None
    await alice.click(rubio.response.message, label="Helpful")
    await alice.click(lin.response.message, label="Not helpful")
    await bob.click(lin.response.message, label="Not helpful")

    reply = await admin(manager, channel, "faqadmin feedback")
    description = reply.embeds[0].description or ""
    assert description.splitlines()[0].startswith("👎 2 · 👍 0 — `who-is-lin-jian`")
    assert description.splitlines()[1].startswith("👎 0 · 👍 1 — `rubio-breitbart`")


# --- settings -----------------------------------------------------------------------------------------------


async def test_settings_without_options_shows_the_defaults(
    channel: simcord.ChannelHandle, manager: simcord.MemberActor
) -> None:
    [embed] = (await admin(manager, channel, "faqadmin settings")).embeds
    assert embed.title == "Settings for this server"
    shown = {field.name: field.value for field in embed.fields}
    assert shown["Answers"] is not None and shown["Answers"].startswith("public")
    assert shown["Channels"] == "answers may be public in every channel"
    assert shown["Mentions"] == "answered"


async def test_private_setting_makes_answers_private_unless_the_asker_chooses(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, manager: simcord.MemberActor
) -> None:
    [embed] = (await admin(manager, channel, "faqadmin settings", private=True)).embeds
    assert embed.title == "Settings updated"
    assert (await alice.slash(channel, "ask", question=RUBIO)).ephemeral
    assert not (await alice.slash(channel, "ask", question=RUBIO, private=False)).ephemeral
    assert (await alice.slash(channel, "faq show", entry="who-is-lin-jian")).ephemeral


def held_out_questions(matcher: Matcher, low: float, high: float) -> list[str]:
    """Questions from the held-out set that the matcher answers with a score in [low, high)."""
    asked = (item.question for item in load_questions(ROOT / "eval" / "heldout.txt") if item.section == "in")
    return [q for q in asked if matcher.answer(q).answered and low <= matcher.answer(q).score < high]


async def test_a_raised_threshold_turns_less_sure_answers_into_suggestions(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, manager: simcord.MemberActor, matcher: Matcher
) -> None:
    sure, unsure = held_out_questions(matcher, 0.95, 2)[0], held_out_questions(matcher, 0, 0.9)[0]
    await admin(manager, channel, "faqadmin settings", threshold=0.9)
    kept = await alice.slash(channel, "ask", question=sure)
    dropped = await alice.slash(channel, "ask", question=unsure)
    assert kept.response is not None and kept.response.embeds
    assert dropped.response is not None and dropped.ephemeral and not dropped.response.embeds
    assert dropped.response.content.startswith("The article doesn't say")
    assert dropped.response.components  # the entry it nearly gave is offered to click


async def test_the_threshold_must_be_within_the_safe_bounds(
    channel: simcord.ChannelHandle, manager: simcord.MemberActor
) -> None:
    with pytest.raises(simcord.OptionError):
        await manager.slash(channel, "faqadmin settings", threshold=0.2)


async def test_mentions_can_be_turned_off_and_on(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor, manager: simcord.MemberActor
) -> None:
    assert env.bot.user is not None
    await admin(manager, channel, "faqadmin settings", mentions=False)
    await alice.send(channel, f"{env.bot.user.mention} {RUBIO}")
    assert channel.last_message is not None and channel.last_message.author.id == alice.id
    assert (await alice.slash(channel, "ask", question=RUBIO)).response is not None  # /ask still works
    await admin(manager, channel, "faqadmin settings", mentions=True)
    await alice.send(channel, f"{env.bot.user.mention} {RUBIO}")
    assert channel.last_message is not None and channel.last_message.author.id == env.bot.user.id


async def test_outside_the_allowed_channels_answers_are_private_with_a_note_and_mentions_are_ignored(
    env: simcord.Env,
    guild: simcord.GuildHandle,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    manager: simcord.MemberActor,
) -> None:
    assert env.bot.user is not None
    other = guild.create_text_channel("off-topic")
    [embed] = (await admin(manager, channel, "faqadmin settings", allow_channel=channel)).embeds
    assert channel.mention in next(f.value or "" for f in embed.fields if f.name == "Channels")

    inside = await alice.slash(channel, "ask", question=RUBIO)
    outside = await alice.slash(other, "ask", question=RUBIO)
    assert not inside.ephemeral and outside.ephemeral
    assert outside.response is not None and outside.response.embeds
    assert channel.mention in outside.response.content
    await alice.send(other, f"{env.bot.user.mention} {RUBIO}")
    assert other.last_message is not None and other.last_message.author.id == alice.id

    await admin(manager, channel, "faqadmin settings", disallow_channel=channel)
    assert not (await alice.slash(other, "ask", question=RUBIO)).ephemeral  # an empty list: everywhere


async def test_dms_use_the_defaults_whatever_a_server_chose(
    env: simcord.Env, channel: simcord.ChannelHandle, manager: simcord.MemberActor
) -> None:
    await admin(manager, channel, "faqadmin settings", private=True, threshold=0.95)
    reader = env.create_user("reader")
    result = await reader.slash("ask", question=RUBIO)
    assert not result.ephemeral and result.response is not None and result.response.embeds


async def test_settings_survive_a_restart(
    env: simcord.Env,
    bot: FaqBot,
    store: Store,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    manager: simcord.MemberActor,
) -> None:
    await admin(manager, channel, "faqadmin settings", private=True)
    await env.restart_bot(FaqBot(bot.matcher, bot.settings, store=store, shard_count=1, follow_changes=False))
    assert (await alice.slash(channel, "ask", question=RUBIO)).ephemeral


# --- reload -------------------------------------------------------------------------------------------------


@pytest.fixture
def knowledge_copy(tmp_path: Path, bot: FaqBot, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped knowledge that the running bot reloads from."""
    directory = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, directory)
    monkeypatch.setattr(bot, "settings", bot.settings.model_copy(update={"knowledge_dir": directory}))
    return directory


def edit_faq(directory: Path, change: Any) -> None:
    faq = directory / "faq.yaml"
    data = yaml.safe_load(faq.read_text(encoding="utf-8"))
    change(data["entries"])
    faq.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


NEW_ALTERNATE = "what colour are the zebras in the article"
NEW_QUESTION = "What did Rubio tell Breitbart (reloaded)?"


def add_alternate(entries: list[dict[str, Any]]) -> None:
    rubio = next(e for e in entries if e["id"] == "rubio-breitbart")
    rubio["alternates"].append(NEW_ALTERNATE)
    rubio["question"] = NEW_QUESTION


def break_an_id(entries: list[dict[str, Any]]) -> None:
    entries[0]["id"] = "Not A Slug"


async def test_reload_with_a_broken_file_reports_file_and_line_and_keeps_the_old_faq(
    bot: FaqBot,
    knowledge_copy: Path,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    manager: simcord.MemberActor,
) -> None:
    edit_faq(knowledge_copy, break_an_id)
    serving = bot.matcher
    reply = await admin(manager, channel, "faqadmin reload")
    assert "not reloaded" in reply.content
    assert "faq.yaml:" in reply.content and "'Not A Slug' must be a lowercase slug" in reply.content
    assert str(knowledge_copy) not in reply.content  # the host's paths are not shown in a server
    assert bot.matcher is serving
    answered = await alice.slash(channel, "ask", question=RUBIO)
    assert answered.response is not None and answered.response.embeds


async def test_reload_refuses_a_faq_with_a_duplicate_key_and_keeps_the_old_source(
    bot: FaqBot, knowledge_copy: Path, channel: simcord.ChannelHandle, manager: simcord.MemberActor
) -> None:
    faq = knowledge_copy / "faq.yaml"
    text = faq.read_text(encoding="utf-8").rstrip("\n")
    faq.write_text(text + "\nsource: {title: Fake, publisher: Nobody, date: 2025-01-01, translator: X}\n")
    source = bot.knowledge.source
    reply = await admin(manager, channel, "faqadmin reload")
    assert "not reloaded" in reply.content
    assert f"faq.yaml:{len(text.splitlines()) + 1}: duplicate key 'source'" in reply.content
    assert bot.knowledge.source == source


async def test_reload_with_a_good_changed_file_answers_from_it_everywhere(
    bot: FaqBot,
    knowledge_copy: Path,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    manager: simcord.MemberActor,
) -> None:
    before = await alice.slash(channel, "ask", question=NEW_ALTERNATE)
    assert before.response is not None and not before.response.embeds
    edit_faq(knowledge_copy, add_alternate)
    reply = await admin(manager, channel, "faqadmin reload")
    assert reply.content == message("admin.reloaded", entries=len(bot.knowledge.entries), taught=0)
    after = await alice.slash(channel, "ask", question=NEW_ALTERNATE)
    shown = await alice.slash(channel, "faq show", entry="rubio-breitbart")
    assert after.response is not None and after.response.embeds[0].title == NEW_QUESTION
    assert shown.response is not None and shown.response.embeds[0].title == NEW_QUESTION
    choices = await alice.autocomplete(channel, "ask", "question", "reloaded")
    assert choices[0]["name"] == NEW_QUESTION


async def test_reload_reports_every_problem_it_can_fit_in_one_message(
    knowledge_copy: Path, channel: simcord.ChannelHandle, manager: simcord.MemberActor
) -> None:
    def break_every_id(entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            entry["id"] = f"Not A Slug {entry['id']} " * 3

    edit_faq(knowledge_copy, break_every_id)
    reply = await admin(manager, channel, "faqadmin reload")
    assert len(reply.content) <= 2000
    assert "more; `faqbot check`" in reply.content


async def test_sighup_reloads_the_same_way_and_logs_the_outcome(
    bot: FaqBot, knowledge_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    serving = bot.matcher
    edit_faq(knowledge_copy, break_an_id)
    with caplog.at_level(logging.INFO, logger="bot.launch"):
        await reload_on_signal(bot)
    assert bot.matcher is serving
    assert "still serving the old FAQ" in caplog.text and "Not A Slug" in caplog.text

    shutil.copy(KNOWLEDGE_DIR / "faq.yaml", knowledge_copy / "faq.yaml")
    edit_faq(knowledge_copy, add_alternate)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="bot.launch"):
        await reload_on_signal(bot)
    assert bot.matcher is not serving
    assert bot.matcher.answer(NEW_ALTERNATE).entry is not None
    assert f"reloaded {knowledge_copy}: {len(bot.knowledge.entries)} entries" in caplog.text


# --- privacy ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("settings", [{"retention_days": 30}], indirect=True)
async def test_privacy_says_what_is_stored_and_for_how_many_days(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    for result in (await alice.slash(channel, "privacy"), await env.create_user("reader").slash("privacy")):
        assert result.ephemeral and result.response is not None
        [embed] = result.response.embeds
        text = " ".join(f"{f.name} {f.value}" for f in embed.fields)
        assert "30 days" in text
        for stored in (
            "question's text",
            "server",
            "channel",
            "FAQ entry",
            "score",
            "time",
            "hash of your user id",
        ):
            assert stored in text
        assert "never the id itself" in text and "vote" in text


def test_users_are_hashed_with_the_configured_salt(bot: FaqBot) -> None:
    assert bot.hash_user(42) == bot.hash_user(42) == hash_user(42, b"test salt")
    assert bot.hash_user(42) != bot.hash_user(43)
