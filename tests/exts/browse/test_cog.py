"""/faq browse and /faq show, as a server member sees them."""

from __future__ import annotations

from typing import Any

import simcord

from bot.client import FaqBot
from bot.core import Knowledge
from bot.exts.browse._render import PAGE_SIZE


def pages(knowledge: Knowledge) -> int:
    """How many pages every question fills, PAGE_SIZE a page."""
    return -(-len(knowledge.entries) // PAGE_SIZE)


def footer(message: simcord.ResponseMessage | Any) -> str:
    return message.embeds[0].footer.text or ""


def control(message: simcord.ResponseMessage, label_or_type: str | int) -> dict[str, Any]:
    components = [c for row in message.components for c in row["components"]]
    return next(c for c in components if label_or_type in (c.get("label"), c["type"]))


async def browse(
    actor: simcord.MemberActor, channel: simcord.ChannelHandle, **options: object
) -> simcord.ResponseMessage:
    result = await actor.slash(channel, "faq browse", **options)
    assert result.response is not None
    return result.response


async def test_browse_shows_the_first_page_of_every_question_with_prev_disabled(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    page = await browse(alice, channel)
    assert not page.ephemeral
    assert page.embeds[0].title == "FAQ · All topics"
    assert footer(page).startswith(f"Page 1 of {pages(knowledge)}")
    assert f"`{knowledge.entries[0].id}`" in (page.embeds[0].description or "")
    assert control(page, "Prev")["disabled"] and not control(page, "Next")["disabled"]


async def test_the_invoker_can_page_forward_and_back(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    page = await browse(alice, channel)
    await alice.click(page.message, label="Next")
    assert footer(page).startswith(f"Page 2 of {pages(knowledge)}")
    assert f"`{knowledge.entries[10].id}`" in (page.embeds[0].description or "")
    await alice.click(page.message, label="Prev")
    assert footer(page).startswith(f"Page 1 of {pages(knowledge)}")


async def test_someone_else_cannot_page_and_is_told_so_privately(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, bob: simcord.MemberActor, knowledge: Knowledge
) -> None:
    page = await browse(alice, channel)
    refused = await bob.click(page.message, label="Next")
    assert refused.ephemeral and refused.response is not None
    assert refused.response.content.startswith(f"Only <@{alice.id}> can turn these pages")
    assert footer(page).startswith(f"Page 1 of {pages(knowledge)}")


async def test_picking_a_topic_shows_only_its_questions_from_the_first_page(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    page = await browse(alice, channel)
    await alice.click(page.message, label="Next")
    topic = next(t for t in knowledge.topics[1:] if len(knowledge.by_topic(t)) <= PAGE_SIZE)
    menu = control(page, 3)
    value = next(o["value"] for o in menu["options"] if o["label"] == topic)
    await alice.select(page.message, [value], custom_id=menu["custom_id"])
    assert page.embeds[0].title == f"FAQ · {topic}"
    description = page.embeds[0].description or ""
    assert all(f"`{e.id}`" in description for e in knowledge.by_topic(topic))
    assert footer(page).startswith("Page 1 of 1")
    assert control(page, "Next")["disabled"]


async def test_browse_with_a_topic_option_ignores_its_case(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    topic = knowledge.topics[1]
    page = await browse(alice, channel, topic=topic.upper())
    assert page.embeds[0].title == f"FAQ · {topic}"


async def test_an_unknown_topic_is_refused_privately_with_the_list_of_topics(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    result = await alice.slash(channel, "faq browse", topic="Cooking")
    assert result.ephemeral and result.response is not None
    assert "no topic “Cooking”" in result.response.content
    assert knowledge.topics[0] in result.response.content


async def test_topic_autocomplete_offers_matching_topics(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    choices = await alice.autocomplete(channel, "faq browse", "topic", "who")
    assert [c["value"] for c in choices] == [t for t in knowledge.topics if "who" in t.casefold()]


async def test_a_browser_sent_before_a_restart_still_turns_its_pages_for_its_owner_only(
    env: simcord.Env,
    bot: FaqBot,
    channel: simcord.ChannelHandle,
    alice: simcord.MemberActor,
    bob: simcord.MemberActor,
    knowledge: Knowledge,
) -> None:
    page = await browse(alice, channel)
    await alice.click(page.message, label="Next")
    await env.restart_bot(FaqBot(bot.matcher, bot.settings, shard_count=1))
    turned = await alice.click(page.message, label="Next")
    assert turned.acknowledged and footer(page).startswith(f"Page 3 of {pages(knowledge)}")
    assert f"`{knowledge.entries[20].id}`" in (page.embeds[0].description or "")
    refused = await bob.click(page.message, label="Prev")
    assert refused.ephemeral and refused.response is not None
    assert refused.response.content.startswith(f"Only <@{alice.id}> can turn these pages")
    topic = knowledge.topics[1]
    menu = control(page, 3)
    value = next(o["value"] for o in menu["options"] if o["label"] == topic)
    await alice.select(page.message, [value], custom_id=menu["custom_id"])
    assert page.embeds[0].title == f"FAQ · {topic}" and footer(page).startswith("Page 1 of")


async def test_the_browser_stays_usable_however_long_it_stays_open(
    env: simcord.Env, channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    page = await browse(alice, channel)
    await env.advance_time(3600)
    await alice.click(page.message, label="Next")
    assert footer(page).startswith(f"Page 2 of {pages(knowledge)}")


async def test_faq_show_answers_one_entry_with_its_buttons(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    entry = knowledge.entries[5]
    result = await alice.slash(channel, "faq show", entry=entry.id)
    assert result.response is not None and not result.ephemeral
    assert result.response.embeds[0].title == entry.question
    assert control(result.response, "Helpful")


async def test_faq_show_with_an_unknown_entry_says_so_privately(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    result = await alice.slash(channel, "faq show", entry="@everyone nonsense")
    assert result.ephemeral and result.response is not None
    assert result.response.content.startswith("No FAQ entry")
    assert "@everyone" not in result.response.content


async def test_faq_show_autocomplete_offers_entry_ids_named_by_their_questions(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    choices = await alice.autocomplete(channel, "faq show", "entry", "lin jian")
    assert choices and len(choices) <= 25
    first = knowledge.entry(choices[0]["value"])
    assert first is not None and first.question == choices[0]["name"]


def test_chinese_readers_browse_chinese_topics_and_questions(knowledge: Knowledge) -> None:
    from bot.exts.browse._views import TopicMenu, browser

    topic = "Trump and Russia"
    embed, view = browser(knowledge, 1, topic, 0, "zh")
    menu = next(item for item in view.children if isinstance(item, TopicMenu)).item
    labels = [option.label for option in menu.options]
    assert "特朗普与俄罗斯" in labels and "人物介绍" in labels and topic not in labels
    assert "特朗普与俄罗斯" in (embed.title or "")
    chinese = knowledge.localized("zh").by_topic("特朗普与俄罗斯")[0]
    assert chinese.question in (embed.description or "")
    traditional, _ = browser(knowledge, 1, topic, 0, "zh-TW")
    assert "川普與俄羅斯" in (traditional.title or "")  # Taiwan's characters and names


def test_a_topic_can_be_named_in_chinese(bot: FaqBot) -> None:
    from bot.exts.browse._cog import FaqCog

    cog = FaqCog(bot)
    assert cog._topic_named("特朗普與俄羅斯") == "Trump and Russia"  # traditional too
    assert cog._topic_named("trump and russia") == "Trump and Russia"
    assert cog._topic_named("不存在") is None
