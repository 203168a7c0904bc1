"""Chinese through the real `faqbot run` and `faqbot sync` against the loopback fake Discord: replies in the
question's language (else the client's), traditional characters for zh-TW, the English passages quoted as
they are, localized command names synced, and every body checked against Discord's OpenAPI spec."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.core import Knowledge, Matcher
from bot.core.chinese import to_traditional
from bot.messages import message
from tests.e2e import payloads
from tests.e2e.conftest import FaqbotCli
from tests.e2e.fake_discord import FakeDiscord, RecordedRequest
from tests.e2e.payloads import JsonDict
from tests.e2e.test_bot_e2e import (
    QUOTE_LINE,
    REPLY,
    article_text,
    assert_clean,
    body,
    click,
    is_private,
    mention,
    unquoted,
)

RUBIO_ZH = "卢比奥对布赖特巴特说了什么"
RUBIO_TW = "盧比歐對布賴特巴特說了什麼"
RUBIO_EN = "What did Rubio tell Breitbart?"
JAPANESE = "ルビオはブライトバートに何を言いましたか"
# Discord's rule for the names of slash commands and their options, in any language.
COMMAND_NAME = re.compile(r"^[-_\w\u0900-\u097F\u0E00-\u0E7F]{1,32}$")


def ask(question: str, locale: str) -> JsonDict:
    options = [payloads.option("question", question)]
    return payloads.slash_command("ask", options, user_payload=payloads.someone(), locale=locale)


def answer_in(faqbot: FaqbotCli, question: str, locale: str) -> tuple[JsonDict, Any]:
    """The callback body for `/ask question` from a client in `locale`, and the run."""

    async def scenario(fake: FakeDiscord) -> RecordedRequest:
        return await fake.interact(ask(question, locale))

    run = faqbot.run(scenario)
    callback = run.result.json
    assert callback["type"] == REPLY
    return callback["data"], run


def zh(knowledge: Knowledge, entry_id: str) -> tuple[str, str]:
    """The entry's Chinese question and answer."""
    entry = knowledge.entry(entry_id)
    assert entry is not None
    chinese = entry.localized("zh")
    assert chinese.lang == "zh"
    return chinese.question, chinese.answer


def labels(data: JsonDict) -> set[str]:
    return {c.get("label") or c.get("placeholder") for row in data["components"] for c in row["components"]}


def assert_quotes_the_english_article(description: str, knowledge: Knowledge) -> None:
    shown = QUOTE_LINE.findall(description)
    assert shown, "at least one passage"
    article = unquoted(" ".join(article_text(knowledge).split()))
    pieces = [unquoted(p) for *_, text in shown for p in text.replace("\\", "").split("…")]
    assert all(piece in article for piece in pieces if piece)


def test_a_chinese_question_from_a_zh_cn_client_gets_a_chinese_answer_quoting_the_english_article(
    faqbot: FaqbotCli, matcher: Matcher, knowledge: Knowledge
) -> None:
    expected = matcher.answer(RUBIO_ZH)
    assert expected.entry is not None

    data, run = answer_in(faqbot, RUBIO_ZH, "zh-CN")

    question, answer = zh(knowledge, expected.entry.id)
    [embed] = data["embeds"]
    assert embed["title"] == question
    assert embed["description"].startswith(answer)
    assert_quotes_the_english_article(embed["description"], knowledge)
    assert embed["footer"]["text"].startswith("来源：")
    assert {"相关问题", "有帮助", "没帮助"} <= labels(data)
    assert_clean(run)


def test_a_zh_tw_client_gets_traditional_characters_and_the_english_passages_unchanged(
    faqbot: FaqbotCli, matcher: Matcher, knowledge: Knowledge
) -> None:
    expected = matcher.answer(RUBIO_ZH)
    assert expected.entry is not None

    data, run = answer_in(faqbot, RUBIO_ZH, "zh-TW")

    question, answer = zh(knowledge, expected.entry.id)
    [embed] = data["embeds"]
    assert embed["title"] == to_traditional(question) != question
    assert embed["description"].startswith(to_traditional(answer))
    assert_quotes_the_english_article(embed["description"], knowledge)
    assert {"相關問題", "有幫助", "沒幫助"} <= labels(data)
    assert_clean(run)


def test_an_english_question_from_a_zh_cn_client_is_answered_in_english(
    faqbot: FaqbotCli, matcher: Matcher, knowledge: Knowledge
) -> None:
    expected = matcher.answer(RUBIO_EN).entry
    assert expected is not None

    data, run = answer_in(faqbot, RUBIO_EN, "zh-CN")

    [embed] = data["embeds"]
    assert embed["title"] == expected.question and embed["description"].startswith(expected.answer)
    assert {"Related questions", "Helpful", "Not helpful"} <= labels(data)
    assert_clean(run)


def test_a_japanese_question_gets_a_private_note_of_the_languages_the_bot_answers_in(
    faqbot: FaqbotCli,
) -> None:
    data, run = answer_in(faqbot, JAPANESE, "ja")

    assert is_private(data) and not data.get("embeds")
    assert "English and Chinese" in data["content"] and "中文" in data["content"]
    assert_clean(run)


def test_a_mention_in_traditional_characters_is_answered_in_traditional_characters(
    faqbot: FaqbotCli, matcher: Matcher, knowledge: Knowledge
) -> None:
    expected = matcher.answer(RUBIO_TW).entry
    assert expected is not None

    async def scenario(fake: FakeDiscord) -> RecordedRequest:
        await fake.dispatch("MESSAGE_CREATE", mention(RUBIO_TW))
        return await fake.wait_for_request("POST /channels/{channel_id}/messages")

    run = faqbot.run(scenario)

    question, _ = zh(knowledge, expected.id)
    [embed] = run.result.json["embeds"]
    assert embed["title"] == to_traditional(question)
    assert_quotes_the_english_article(embed["description"], knowledge)
    assert_clean(run)


def test_a_button_says_its_thanks_in_the_clickers_language(faqbot: FaqbotCli) -> None:
    asked = ask(RUBIO_ZH, "zh-CN")

    async def scenario(fake: FakeDiscord) -> JsonDict:
        answered = body(await fake.interact(asked))
        helpful = next(
            c["custom_id"]
            for row in answered["data"]["components"]
            for c in row["components"]
            if c.get("label") == "有帮助"
        )
        clicked = click(fake, asked, helpful)
        clicked["locale"] = "zh-TW"
        return body(await fake.interact(clicked))

    run = faqbot.run(scenario)

    assert run.result["data"]["content"] == message("answer.thanks_helpful", "zh-TW")
    assert is_private(run.result["data"])
    assert_clean(run)


@pytest.mark.parametrize("guild", [None, payloads.GUILD_ID], ids=["global", "one-guild"])
def test_sync_sends_chinese_names_and_descriptions_for_zh_cn_and_zh_tw(
    faqbot: FaqbotCli, guild: int | None
) -> None:
    run = faqbot.invoke(*(["sync"] if guild is None else ["sync", "--guild", str(guild)]))

    assert (run.exit_code, run.result) == (0, False)
    [put] = [r for r in run.fake.requests if r.method == "PUT" and r.path.endswith("/commands")]
    commands = {(c["name"], c.get("type", 1)): c for c in put.json}
    assert commands["ask", 1]["name_localizations"] == {"zh-CN": "提问", "zh-TW": "提問"}
    assert commands["faq", 1]["description_localizations"]["zh-CN"] == "阅读关于这篇文章的常见问题"
    assert commands["Find answer", 3]["name_localizations"] == {"zh-CN": "查找答案", "zh-TW": "查詢答案"}
    for (name, kind), command in commands.items():
        assert set(command["name_localizations"]) == {"zh-CN", "zh-TW"}, name
        everything = [command, *_options(command)] if kind == 1 else []
        for item in everything:
            assert set(item["description_localizations"]) == {"zh-CN", "zh-TW"}, item["name"]
            for localized in item["name_localizations"].values():
                assert COMMAND_NAME.fullmatch(localized) and localized == localized.lower(), localized
    assert_clean(run)  # the body, localizations included, as Discord's spec says


def _options(command: JsonDict) -> list[JsonDict]:
    found = []
    for option in command.get("options", []):
        found += [option, *_options(option)]
    return found
