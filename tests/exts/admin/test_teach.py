"""Teaching the FAQ from Discord: /faqadmin teach, the menus under /faqadmin unanswered, /faqadmin taught
and its Undo buttons, as a server's managers use them and as everyone else is refused them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import simcord

from bot import client as faqbot_client
from bot.client import FaqBot
from bot.core import Matcher
from bot.errors import Refused
from bot.messages import message
from bot.settings import Settings
from bot.storage import Store, open_store
from tests.exts.admin.test_cog import admin

WEDGE = "what's the tea on the wedge thing"
WEDGE_ENTRY = "split-russia-china"
FOOD = "did rubio like the food in moscow"


@pytest.fixture
async def store(settings: Settings) -> AsyncIterator[Store]:
    """A store in memory: it tells its subscribers directly, with no file to poll (simcord must settle)."""
    async with open_store("sqlite:///:memory:", default_private=settings.default_private) as store:
        yield store


@pytest.fixture
def simcord_bot(matcher: Matcher, settings: Settings, store: Store) -> FaqBot:
    return FaqBot(matcher, settings, store=store, shard_count=1)


async def asked(actor: simcord.MemberActor, channel: simcord.ChannelHandle, question: str) -> Any:
    result = await actor.slash(channel, "ask", question=question)
    assert result.response is not None
    return result.response


def title(response: Any) -> str | None:
    return response.embeds[0].title if response.embeds else None


async def test_a_taught_phrasing_is_answered_by_the_next_ask_and_the_moderator_is_stored_hashed(
    bot: FaqBot,
    store: Store,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    manager: simcord.MemberActor,
) -> None:
    wedge = bot.knowledge.entry(WEDGE_ENTRY)
    assert wedge is not None and not (await asked(alice, channel, WEDGE)).embeds
    reply = await admin(manager, channel, "faqadmin teach", question=WEDGE, entry=WEDGE_ENTRY)
    assert reply.content.startswith(f"Taught #1: “{WEDGE}” now gets the answer of `{WEDGE_ENTRY}`")
    assert "Answering from it now" in reply.content
    assert title(await asked(alice, channel, WEDGE)) == wedge.question
    [teaching] = await store.teachings()
    assert teaching.moderator == bot.hash_user(manager.id) and str(manager.id) not in teaching.moderator
    assert bot.faq_version == teaching.version == 1


async def test_a_question_taught_as_not_in_the_article_gets_the_honest_reply(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, manager: simcord.MemberActor
) -> None:
    reply = await admin(manager, channel, "faqadmin teach", question=FOOD, not_in_article=True)
    assert "now gets the honest reply" in reply.content
    answer = await asked(alice, channel, FOOD)
    assert answer.content.startswith("The article doesn't say.")


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"question": WEDGE, "entry": "split-russia-chine"}, "there is no entry 'split-russia-chine'"),
        ({"question": "russia", "not_in_article": True}, "reads as one common word"),
        (
            {"question": "Who is Lin Jian?", "entry": WEDGE_ENTRY},
            "already a phrasing of entry 'who-is-lin-jian'",
        ),
        ({"question": "x" * 120, "entry": WEDGE_ENTRY}, "a phrasing is at most 100"),
    ],
)
async def test_refusals_say_why_privately_and_store_nothing(
    bot: FaqBot,
    store: Store,
    channel: simcord.ChannelHandle,
    manager: simcord.MemberActor,
    options: dict[str, Any],
    reason: str,
) -> None:
    serving = bot.matcher
    reply = await admin(manager, channel, "faqadmin teach", **options)
    assert reply.content.startswith("Not taught: ") and reason in reply.content
    assert await store.teachings() == [] and bot.matcher is serving


@pytest.mark.parametrize("options", [{}, {"entry": WEDGE_ENTRY, "not_in_article": True}])
async def test_teach_needs_an_entry_or_not_in_article_but_not_both(
    env: simcord.Env, channel: simcord.ChannelHandle, manager: simcord.MemberActor, options: dict[str, Any]
) -> None:
    reply = await admin(manager, channel, "faqadmin teach", question=WEDGE, **options)
    assert reply.content == message("admin.teach_one_of")
    assert [type(e) for e in env.errors] == [Refused]


async def test_entry_autocomplete_offers_entries_by_id_and_by_question(
    channel: simcord.ChannelHandle, manager: simcord.MemberActor
) -> None:
    by_id = await manager.autocomplete(channel, "faqadmin teach", "entry", "split-")
    assert by_id[0]["value"] == WEDGE_ENTRY
    by_question = await manager.autocomplete(channel, "faqadmin teach", "entry", "lin jian")
    assert "who-is-lin-jian" in [c["value"] for c in by_question]


async def test_taught_lists_teachings_and_undo_takes_one_back_in_the_answers(
    bot: FaqBot,
    store: Store,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    manager: simcord.MemberActor,
) -> None:
    await admin(manager, channel, "faqadmin teach", question=WEDGE, entry=WEDGE_ENTRY)
    await admin(manager, channel, "faqadmin teach", question=FOOD, not_in_article=True)
    listed = await admin(manager, channel, "faqadmin taught")
    description = listed.embeds[0].description or ""
    assert description.splitlines()[0].startswith("**#2** ") and "not in the article" in description
    assert f"“{WEDGE}” → `{WEDGE_ENTRY}`" in description.splitlines()[1]

    undo = await manager.click(listed, label="Undo #1")
    assert undo.ephemeral
    assert (undo.followups[-1] if undo.followups else undo.response).content.startswith(
        f"Undone #1: “{WEDGE}”"
    )
    assert not (await asked(alice, channel, WEDGE)).embeds
    assert [t.id for t in await store.teachings()] == [2]
    again = await manager.click(listed, label="Undo #1")
    assert (
        again.ephemeral
        and "is not in force" in (again.followups[-1] if again.followups else again.response).content
    )


async def test_nothing_taught_says_how_to_teach(
    channel: simcord.ChannelHandle, manager: simcord.MemberActor
) -> None:
    listed = await admin(manager, channel, "faqadmin taught")
    assert listed.embeds[0].description == message("admin.taught_none")


async def test_unanswered_questions_are_taught_from_their_menu(
    bot: FaqBot,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    bob: simcord.MemberActor,
    manager: simcord.MemberActor,
) -> None:
    await asked(alice, channel, WEDGE)
    await asked(bob, channel, FOOD)
    reply = await admin(manager, channel, "faqadmin unanswered")
    menus = [c for row in reply.components for c in row["components"]]
    assert len(menus) == 2
    for menu in menus:
        labels = [o["label"] for o in menu["options"]]
        assert menu["options"][-1]["value"] == ":none" and labels[-1] == "The article doesn't say this"
        assert all(label.startswith("Add as a phrasing of: ") for label in labels[:-1])
    wedge_menu = next(m for m in menus if WEDGE in m["placeholder"])
    food_menu = next(m for m in menus if FOOD in m["placeholder"])
    assert WEDGE_ENTRY in [o["value"] for o in wedge_menu["options"]]

    picked = await manager.select(reply, [WEDGE_ENTRY], custom_id=wedge_menu["custom_id"])
    assert (
        picked.ephemeral
        and "Taught #1" in (picked.followups[-1] if picked.followups else picked.response).content
    )
    await manager.select(reply, [":none"], custom_id=food_menu["custom_id"])
    wedge = bot.knowledge.entry(WEDGE_ENTRY)
    assert wedge is not None and title(await asked(alice, channel, WEDGE)) == wedge.question
    assert (await asked(alice, channel, FOOD)).content.startswith("The article doesn't say")


async def test_a_failed_rebuild_keeps_the_old_matcher_and_says_so(
    bot: FaqBot,
    store: Store,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    manager: simcord.MemberActor,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*_: object) -> None:
        raise MemoryError("no room for the index")

    serving = bot.matcher
    monkeypatch.setattr(faqbot_client, "_build", broken)
    reply = await admin(manager, channel, "faqadmin teach", question=WEDGE, entry=WEDGE_ENTRY)
    assert "rebuilding the FAQ failed, so the old one still answers" in reply.content
    assert bot.matcher is serving and not (await asked(alice, channel, WEDGE)).embeds
    assert "the FAQ was not rebuilt; still serving the old one" in caplog.text
    assert str(manager.id) not in caplog.text
    reloaded = await admin(manager, channel, "faqadmin reload")
    assert reloaded.content.startswith("The FAQ was not reloaded") and bot.matcher is serving

    monkeypatch.undo()
    reloaded = await admin(manager, channel, "faqadmin reload")
    assert "1 taught phrasings" in reloaded.content and bot.matcher is not serving
    wedge = bot.knowledge.entry(WEDGE_ENTRY)
    assert wedge is not None and title(await asked(alice, channel, WEDGE)) == wedge.question
