"""The bot in Chinese, without Discord: commands named through discord.py's Translator, and replies for
zh-CN and zh-TW readers (Chinese text, the article's English passages, traditional characters for zh-TW)."""

from __future__ import annotations

from typing import Any

import discord

from bot.client import FaqBot
from bot.core import Knowledge, Matcher, passages
from bot.core.chinese import to_traditional
from bot.core.matcher import reply_language
from bot.exts.about._render import about_embed
from bot.exts.ask._render import not_answered
from bot.exts.browse._views import browser
from bot.messages import message, reader_of
from bot.utils.answers import answer_message
from bot.utils.localize import localized, localized_answer

RUBIO_ZH = "卢比奥对布赖特巴特说了什么"
JAPANESE = "ルビオはブライトバートに何を言いましたか"
CHINESE_CLIENTS = {"zh-CN", "zh-TW"}


async def synced_payloads(bot: FaqBot) -> list[dict[str, Any]]:
    """What `faqbot sync` sends for each command: the tree's own translated payloads."""
    translator = bot.tree.translator
    assert translator is not None, "setup_hook sets the translator"
    return [await c.get_translated_payload(bot.tree, translator) for c in bot.tree.get_commands()]


def labels(view: discord.ui.View) -> list[str]:
    """What the view's buttons and menus say: labels and placeholders."""
    return [c.get("label") or c.get("placeholder") for row in view.to_components() for c in row["components"]]


def chinese_reply(matcher: Matcher, question: str, locale: str) -> tuple[Any, str]:
    knowledge = matcher.knowledge
    answer = matcher.answer(question, lang=reply_language(question, locale, knowledge.languages))
    reader = reader_of(answer.lang, locale, question)
    return localized_answer(answer, knowledge, reader), reader


async def test_every_command_and_option_has_chinese_names_and_descriptions(bot: FaqBot) -> None:
    commands = await synced_payloads(bot)
    slash = {c["name"]: c for c in commands if c.get("type", 1) == 1}
    assert set(slash["ask"]["name_localizations"]) == CHINESE_CLIENTS
    assert slash["ask"]["name_localizations"]["zh-CN"] == "提问"
    assert slash["ask"]["name_localizations"]["zh-TW"] == "提問"
    for command in commands:
        assert set(command["name_localizations"]) == CHINESE_CLIENTS, command["name"]
        if command.get("type", 1) == 1:
            assert set(command["description_localizations"]) == CHINESE_CLIENTS, command["name"]
        for option in _options(command):
            assert set(option["name_localizations"]) == CHINESE_CLIENTS, option["name"]
            assert set(option["description_localizations"]) == CHINESE_CLIENTS, option["name"]
    [menu] = [c for c in commands if c["type"] == 3]
    assert menu["name"] == "Find answer" and menu["name_localizations"]["zh-CN"] == "查找答案"


def _options(command: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for option in command.get("options", []):
        found.append(option)
        found += _options(option)
    return found


async def test_the_english_names_and_descriptions_are_unchanged(bot: FaqBot) -> None:
    commands = {c["name"]: c for c in await synced_payloads(bot)}
    assert commands["ask"]["description"] == "Ask a question about the article"
    question = commands["ask"]["options"][0]
    assert (question["name"], question["description"]) == (
        "question",
        "Your question in your own words, or pick one of the FAQ's",
    )
    threshold = next(
        o for s in commands["faqadmin"]["options"] for o in s.get("options", []) if o["name"] == "threshold"
    )
    assert threshold["description"].startswith("How sure I must be to answer, 0.")
    assert threshold["description_localizations"]["zh-CN"].startswith("我要有多大把握才作答，0.")


def test_a_chinese_question_from_a_zh_cn_client_is_answered_in_chinese_quoting_the_english_article(
    matcher: Matcher, knowledge: Knowledge
) -> None:
    answer, reader = chinese_reply(matcher, RUBIO_ZH, "zh-CN")
    assert answer.answered and answer.entry is not None and reader == "zh"
    chinese = knowledge.entry(answer.entry.id)
    assert chinese is not None
    chinese = chinese.localized("zh")
    embed = answer_message(answer.entry, knowledge, answer.citations, lang=reader).embed
    assert embed.title == chinese.question
    assert embed.description is not None and embed.description.startswith(chinese.answer)
    quoted = passages(answer.citations)[0]
    assert quoted.text[1:40] in embed.description  # the article's own English words
    assert embed.footer.text is not None and embed.footer.text.startswith("来源：")
    shown = labels(answer_message(answer.entry, knowledge, answer.citations, lang=reader).view)
    assert {"相关问题", "有帮助", "没帮助"} <= set(shown)


def test_a_zh_tw_reader_gets_traditional_characters_but_the_english_passages_as_they_are(
    matcher: Matcher, knowledge: Knowledge
) -> None:
    answer, reader = chinese_reply(matcher, RUBIO_ZH, "zh-TW")
    assert reader == "zh-TW" and answer.entry is not None
    simplified = answer.entry.localized("zh")
    original = knowledge.entry(answer.entry.id)
    assert original is not None and simplified.question != original.question
    embed = answer_message(answer.entry, knowledge, answer.citations, lang=reader).embed
    assert (
        embed.title == to_traditional(original.localized("zh").question) != original.localized("zh").question
    )
    assert embed.description is not None
    assert passages(answer.citations)[0].text[1:40] in embed.description
    assert embed.footer.text is not None and embed.footer.text.startswith("來源：")
    shown = labels(answer_message(answer.entry, knowledge, answer.citations, lang=reader).view)
    assert {"相關問題", "有幫助", "沒幫助"} <= set(shown)


def test_an_english_question_from_a_chinese_client_is_answered_in_english(matcher: Matcher) -> None:
    answer, reader = chinese_reply(matcher, "What did Rubio tell Breitbart?", "zh-CN")
    assert reader == "en" and answer.entry is not None
    assert answer.entry.question == "What did Rubio say in his Breitbart interview?"


def test_a_japanese_question_gets_the_languages_the_bot_answers_in(matcher: Matcher) -> None:
    answer, reader = chinese_reply(matcher, JAPANESE, "ja")
    text, embeds, offered = not_answered(answer, reader)
    assert "English and Chinese" in text and "中文" in text
    assert (embeds, offered) == ([], ())


def test_a_chinese_question_the_article_doesnt_answer_says_so_in_chinese(matcher: Matcher) -> None:
    answer, reader = chinese_reply(matcher, "卢比奥喜欢吃什么", "zh-CN")
    text, _, offered = not_answered(answer, reader)
    assert text.startswith("文章没有谈到“卢比奥喜欢吃什么”")
    assert all(not e.question.isascii() for e in offered)


def test_chinese_chat_gets_the_chinese_how_to(matcher: Matcher) -> None:
    answer, reader = chinese_reply(matcher, "在吗", "zh-TW")
    text, _, _ = not_answered(answer, reader)
    assert text == message("ask.chat", "zh-TW") and "盧比歐" in text  # Taiwan writes Rubio 盧比歐


def test_about_and_the_faq_browser_read_in_the_clients_language(knowledge: Knowledge) -> None:
    about = about_embed(knowledge, "zh")
    assert about.title == "关于这个机器人"
    assert any("2025年3月10日" in field.value for field in about.fields if field.value)
    embed, view = browser(knowledge, 1, None, 0, "zh-TW")
    first = localized(knowledge, knowledge.entries[0], "zh-TW")
    assert embed.description is not None and first.question in embed.description
    assert embed.title == "常見問題 · 全部主題"
    assert {"選擇一個主題", "上一頁", "下一頁"} <= set(labels(view))
