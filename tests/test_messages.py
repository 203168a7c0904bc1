"""The message catalogues (bot/locales): every key in every language with the same {fields}, every key the
code asks for present, traditional Chinese derived from simplified, and command names Discord accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.messages import CATALOGUES, READERS, catalogue, fields_of, locale_reader, message, reader_of

BOT = Path(__file__).resolve().parents[1] / "bot"
# Discord's rule for the name of a slash command, subcommand, group or option (any language).
COMMAND_NAME = re.compile(r"^[-_\w\u0900-\u097F\u0E00-\u0E7F]{1,32}$")
DESCRIPTION_CHARS = 100
MENU_NAME_CHARS = 32


@pytest.mark.parametrize("lang", CATALOGUES[1:])
def test_every_catalogue_has_exactly_the_english_keys(lang: str) -> None:
    english, other = set(catalogue("en")), set(catalogue(lang))
    assert sorted(english - other) == [], f"missing in {lang}"
    assert sorted(other - english) == [], f"in {lang} but not in English"


@pytest.mark.parametrize("lang", CATALOGUES[1:])
def test_each_text_fills_in_the_same_fields_in_every_language(lang: str) -> None:
    differing = {
        key: (sorted(fields_of(text)), sorted(fields_of(catalogue(lang)[key])))
        for key, text in catalogue("en").items()
        if fields_of(text) != fields_of(catalogue(lang)[key])
    }
    assert differing == {}


@pytest.mark.parametrize("reader", READERS)
def test_every_text_can_be_filled_in_for_every_reader(reader: str) -> None:
    for key, text in catalogue("en").items():
        filled = message(key, reader, **dict.fromkeys(fields_of(text), "X"))
        assert filled.strip() and "{" not in filled.replace("{{", ""), key


def test_every_key_the_code_asks_for_is_in_the_catalogue() -> None:
    asked = set()
    for path in BOT.rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        asked |= set(re.findall(r'message\(\s*"([a-z_.]+)"', code))
        asked |= {f"commands.{key}" for key in re.findall(r'command_text\(\s*"([a-z_.]+)"', code)}
    assert len(asked) > 50
    assert sorted(asked - set(catalogue("en"))) == []


def test_traditional_chinese_is_the_simplified_catalogue_converted_with_taiwan_words() -> None:
    assert message("answer.related_questions", "zh") == "相关问题"
    assert message("answer.related_questions", "zh-TW") == "相關問題"
    assert message("commands.source.search.name", "zh-TW") == "搜尋"  # Taiwan's word, not just characters
    assert "權限" in message("errors.not_a_manager", "zh-TW")  # not s2twp's 許可權
    assert message("ask.unclear", "zh-TW", question="Q").startswith("文章沒有具體談到「Q」")


def test_english_text_and_fields_are_filled_in_verbatim() -> None:
    assert message("answer.cooldown", "en", seconds=3) == "You're asking quickly — please try again in 3 s."
    assert message("answer.cooldown", "zh", seconds=3) == "你问得有点快——请 3 秒后再试。"
    assert message("answer.helpful", "fr") == "Helpful"  # a language without a catalogue reads English


@pytest.mark.parametrize(
    ("lang", "locale", "question", "reader"),
    [
        ("en", "zh-CN", "What did Rubio say?", "en"),  # the answer's language decides first
        ("zh", "zh-CN", "卢比奥说了什么", "zh"),
        ("zh", "zh-TW", "卢比奥说了什么", "zh-TW"),  # a Taiwan client reads traditional characters
        ("zh", "en-US", "卢比奥说了什么", "zh"),
        ("zh", None, "盧比歐說了什麼", "zh-TW"),  # a message: the characters it was written in
        ("zh", None, "卢比奥说了什么", "zh"),
        ("ja", "ja", "", "en"),
    ],
)
def test_the_reader_of_a_reply(lang: str, locale: str | None, question: str, reader: str) -> None:
    assert reader_of(lang, locale, question) == reader


@pytest.mark.parametrize(
    ("locale", "reader"), [("zh-CN", "zh"), ("zh-TW", "zh-TW"), ("en-US", "en"), ("ja", "en")]
)
def test_a_client_language_reads_its_catalogue(locale: str, reader: str) -> None:
    assert locale_reader(locale) == reader


@pytest.mark.parametrize("reader", READERS)
def test_command_names_and_descriptions_follow_discords_rules_in_every_language(reader: str) -> None:
    keys = [key for key in catalogue("en") if key.startswith("commands.")]
    for key in keys:
        text = message(key, reader, low=0.5, high=0.9)
        if key == "commands.find_answer.name":  # a message menu's name may have spaces and capitals
            assert 1 <= len(text) <= MENU_NAME_CHARS
        elif key.endswith(".name"):
            assert COMMAND_NAME.fullmatch(text) and text == text.lower(), (key, text)
        else:
            assert 1 <= len(text) <= DESCRIPTION_CHARS, (key, text)


@pytest.mark.parametrize("reader", READERS)
def test_no_two_commands_or_options_side_by_side_share_a_name(reader: str) -> None:
    names: dict[str, list[str]] = {}
    for key in catalogue("en"):
        if key.endswith(".name"):
            parent = key.rsplit(".", 2)[0]
            names.setdefault(parent, []).append(message(key, reader))
    assert {parent: n for parent, n in names.items() if len(n) != len(set(n))} == {}
