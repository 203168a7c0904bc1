"""Every fixed thing the bot says, in every language it speaks: `message(key, lang, **fields)`.

The catalogues are one TOML file per language in bot/locales/ (en.toml, zh.toml), keys grouped in tables
(`[ask]` not_in_article = … is the key "ask.not_in_article"), `{field}` for what is filled in. TOML rather
than gettext: it is read by the standard library (tomllib, no compile step and no new dependency), a key
defined twice is a parse error rather than a silent overwrite (as in YAML), and keys are stable names, so
rewording the English never orphans a translation as it does when the English text is gettext's msgid.
Traditional Chinese (zh-TW) is not a third file to keep in step: it is the zh catalogue converted with
OpenCC's s2twp (characters and Taiwan's words), once per string, so the two never drift apart.

Pure: no discord import, so the command line and tests can use it alone.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from bot.core.chinese import to_simplified, to_traditional

__all__ = [
    "CATALOGUES",
    "DEFAULT",
    "READERS",
    "catalogue",
    "fields_of",
    "locale_reader",
    "message",
    "reader_of",
]

LOCALES = Path(__file__).resolve().parent / "locales"
CATALOGUES = ("en", "zh")  # one file each in bot/locales/
DEFAULT = "en"
TRADITIONAL = "zh-TW"
READERS = (*CATALOGUES, TRADITIONAL)  # what `message` takes: a catalogue, or zh in traditional characters
# Discord locales whose readers get Chinese, and which of them read traditional characters.
_CHINESE_LOCALES = {"zh-CN": "zh", "zh-TW": TRADITIONAL}
# Where s2twp picks words Taiwan's readers don't write ("天后" is a goddess), and Taiwan's quotation marks.
_TAIWAN_WORDS = (
    ("許可權", "權限"),
    ("天后", "天後"),
    ("頻道里", "頻道裡"),
    ("回復", "回覆"),
    ("子區", "討論串"),
    ("“", "「"),
    ("”", "」"),
)


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """One language's catalogue, its tables flattened into dotted keys ("ask.not_in_article")."""
    with (LOCALES / f"{lang}.toml").open("rb") as file:
        return _flat(tomllib.load(file))


def _flat(table: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, Mapping):
            flat.update(_flat(value, f"{prefix}{key}."))
        elif isinstance(value, str):
            flat[prefix + key] = value
        else:
            raise TypeError(f"{prefix}{key} in a message catalogue is not text")
    return flat


@cache
def _template(key: str, reader: str) -> str:
    if reader == TRADITIONAL:
        text = to_traditional(_template(key, "zh"))
        for simplified_choice, taiwan_choice in _TAIWAN_WORDS:
            text = text.replace(simplified_choice, taiwan_choice)
        return text
    return catalogue(reader if reader in CATALOGUES else DEFAULT)[key]


def message(key: str, lang: str = DEFAULT, /, **fields: object) -> str:
    """The text `key` for a reader of `lang` ("en", "zh", or "zh-TW" for traditional characters; anything
    else reads English), its {fields} filled in. KeyError for a key the catalogue lacks."""
    return _template(key, lang).format(**fields)


def fields_of(template: str) -> frozenset[str]:
    """The {fields} a template fills in."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def locale_reader(locale: object) -> str:
    """Which catalogue a Discord client language reads: zh-CN Chinese, zh-TW traditional, else English."""
    return _CHINESE_LOCALES.get(str(locale), DEFAULT)


def reader_of(lang: str, locale: object = None, question: str = "") -> str:
    """Who reads a reply in `lang` (an Answer's): Chinese in traditional characters for a zh-TW client, or,
    with no client language to go by (a message), for a question written in traditional characters."""
    if lang != "zh":
        return lang if lang in READERS else DEFAULT
    client = locale_reader(locale) if locale is not None else None
    if client is not None and client != DEFAULT:
        return client
    return TRADITIONAL if question and to_simplified(question) != question else "zh"
