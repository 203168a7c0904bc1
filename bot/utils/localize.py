"""The bot's languages in Discord: command names from the message catalogue (discord.py's Translator),
who reads a reply, and FAQ entries as that reader reads them.

A reader is a catalogue language ("en", "zh") or "zh-TW", Chinese in traditional characters (bot/messages).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

import discord
from discord import app_commands

from bot.core import Answer, Entry, Knowledge, Matcher
from bot.core.chinese import to_traditional
from bot.core.matcher import reply_language
from bot.messages import TRADITIONAL, locale_reader, message, reader_of

__all__ = [
    "CommandTranslator",
    "command_text",
    "interaction_reader",
    "localized",
    "localized_answer",
    "suggested",
    "text_for",
]

# The Discord locales commands are shown in besides English, and the reader of each.
COMMAND_LOCALES = {discord.Locale.chinese: "zh", discord.Locale.taiwan_chinese: TRADITIONAL}
_ENTRIES_CACHED = 2048  # a few languages of a large FAQ


def command_text(key: str, **fields: object) -> app_commands.locale_str:
    """A command's, option's or group's name or description: the English from the catalogue, and the key
    that CommandTranslator looks up for other locales. `key` is under "commands." in the catalogue."""
    return app_commands.locale_str(message(f"commands.{key}", "en", **fields), key=key, fields=fields)


class CommandTranslator(app_commands.Translator):
    """Names and describes commands, options and choices in Chinese for zh-CN and zh-TW clients, from
    the same catalogue as everything else the bot says. Strings declared without a key stay English."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        reader = COMMAND_LOCALES.get(locale)
        key = string.extras.get("key")
        if reader is None or key is None:
            return None
        return message(f"commands.{key}", reader, **string.extras.get("fields", {}))


def interaction_reader(interaction: discord.Interaction[Any]) -> str:
    """Who reads a reply that answers no written question (a button, a page, an error): by the client's
    language."""
    return locale_reader(interaction.locale)


def text_for(reader: str, text: str) -> str:
    """Chinese `text` in the characters `reader` reads (English untouched either way)."""
    return to_traditional(text) if reader == TRADITIONAL else text


def localized(knowledge: Knowledge, entry: Entry, reader: str) -> Entry:
    """`entry` as `reader` reads it: its question and answer in their language (English when the FAQ has
    no translation), in traditional characters for zh-TW; the passages stay the article's words."""
    canonical = knowledge.entry(entry.id) or entry
    return _localized(canonical, reader)


@lru_cache(maxsize=_ENTRIES_CACHED)
def _localized(entry: Entry, reader: str) -> Entry:
    if reader != TRADITIONAL:
        return entry.localized(reader)
    chinese = entry.localized("zh")
    if chinese.lang != "zh":
        return chinese
    return replace(
        chinese,
        question=to_traditional(chinese.question),
        answer=to_traditional(chinese.answer),
        topic=to_traditional(chinese.topic),
    )


def topic_label(knowledge: Knowledge, topic: str, reader: str) -> str:
    """A topic of the FAQ as `reader` reads it: its name in their language when the FAQ gives one."""
    first = next((e for e in knowledge.entries if e.topic == topic), None)
    return localized(knowledge, first, reader).topic if first else topic


def localized_answer(answer: Answer, knowledge: Knowledge, reader: str) -> Answer:
    """`answer` with every entry it holds as `reader` reads them, and its note in their characters."""

    def local(entry: Entry | None) -> Entry | None:
        return localized(knowledge, entry, reader) if entry is not None else None

    return replace(
        answer,
        entry=local(answer.entry),
        closest=local(answer.closest),
        suggestions=tuple(localized(knowledge, e, reader) for e in answer.suggestions),
        note=text_for(reader, answer.note),
    )


def suggested(matcher: Matcher, typed: str, locale: object, limit: int) -> list[Entry]:
    """Autocomplete: FAQ questions for what was typed, in its language, or, before anything is typed in a
    script, in the client's (Chinese questions for a zh-CN client, in traditional characters for zh-TW)."""
    found = matcher.suggest(typed, limit)
    lang = reply_language(typed, str(locale), matcher.knowledge.languages)
    if lang is None:
        return found
    reader = reader_of(lang, locale)
    return [localized(matcher.knowledge, e, reader) for e in found]
