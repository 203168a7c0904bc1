"""Every message the render layer builds, from oversized inputs, against Discord's own numbers.

The numbers come from Discord's OpenAPI spec (../shared/discord-api-spec) and, where the spec has none (the
6,000-character embed total, 2,000 characters of content a bot may send), from Discord's documentation:
https://discord.com/developers/docs/resources/message#embed-object-embed-limits. Nothing here reads the
bot's own constants to decide what is allowed: raising one of them must fail a test.
"""

from __future__ import annotations

import json
from typing import Any

import discord
import pytest

from bot.core import Answer, Article, Citation, Entry, Knowledge, Source, limits
from bot.exts.about._render import about_embed
from bot.exts.ask._render import not_answered
from bot.exts.ask._views import suggestions_view
from bot.exts.browse._render import browse_embed
from bot.exts.source._render import paragraph_embed, search_embed
from bot.utils.answers import answer_message, paragraphs_embed
from bot.utils.render import entry_choices
from tests.support.openapi import SPEC_PATH, validate_request

CALLBACK = "/api/v10/interactions/1234/a-token/callback"
CHANNEL_MESSAGE = "/api/v10/channels/1234/messages"
# Documented, not in the spec: the spec allows 4,000 characters of content (what Nitro users may send).
DOCUMENTED_EMBED_TOTAL = 6000
DOCUMENTED_BOT_CONTENT = 2000

HUGE = "word " * 3000
LONG = "x" * 700
ENTRIES = 30


def spec_limit(schema: str, property_name: str, key: str = "maxLength") -> int:
    document = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    value: int = document["components"]["schemas"][schema]["properties"][property_name][key]
    return value


def huge_entry(number: int = 0) -> Entry:
    citations = tuple(Citation(HUGE, paragraph) for paragraph in range(1, 31))
    related = tuple(f"huge-{n}" for n in range(ENTRIES) if n != number)
    return Entry(f"huge-{number}", "T" * 300, "Q" * 600, (LONG,), HUGE, citations, related)


def huge_knowledge() -> Knowledge:
    source = Source(title="S" * 600, publisher="P" * 600, date="2025-03-10", translator="Z" * 600)
    article = Article(tuple(HUGE for _ in range(30)))
    return Knowledge(source, article, tuple(huge_entry(n) for n in range(ENTRIES)))


def embed_length(embed: dict[str, Any]) -> int:
    """What Discord counts toward the 6,000: title, description, field names and values, footer, author."""
    parts = [embed.get("title", ""), embed.get("description", ""), embed.get("footer", {}).get("text", "")]
    parts.append(embed.get("author", {}).get("name", ""))
    parts += [f["name"] + f["value"] for f in embed.get("fields", [])]
    return sum(len(part) for part in parts)


def message(
    content: str | None = None, embeds: list[discord.Embed] = (), view: discord.ui.View | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {"allowed_mentions": {"parse": []}}
    if content is not None:
        data["content"] = content
    if embeds:
        data["embeds"] = [embed.to_dict() for embed in embeds]
    if view is not None:
        data["components"] = view.to_components()
    return data


def assert_discord_accepts(data: dict[str, Any]) -> None:
    """Valid as an interaction reply and as a channel message, and within the documented limits."""
    validate_request("POST", CALLBACK, {"type": 4, "data": data})
    validate_request("POST", CHANNEL_MESSAGE, data)
    assert len(data.get("content", "")) <= DOCUMENTED_BOT_CONTENT
    assert sum(embed_length(e) for e in data.get("embeds", [])) <= DOCUMENTED_EMBED_TOTAL


def oversized_messages() -> dict[str, dict[str, Any]]:
    knowledge = huge_knowledge()
    entry = knowledge.entries[0]
    unclear = Answer(
        question=HUGE, answered=False, entry=None, score=0.1, citations=(), suggestions=knowledge.entries,
        reason="unclear", outcome="unclear",
    )  # fmt: skip
    missing = Answer(
        question=HUGE, answered=False, entry=None, score=0.3, citations=(), suggestions=(),
        reason="not_in_article", outcome="not_in_article", note=HUGE, closest=entry,
    )  # fmt: skip
    found = [Citation(HUGE, n) for n in range(1, 31)]
    answer = answer_message(entry, knowledge)
    messages = {
        "answer": message(embeds=[answer.embed], view=answer.view),
        "whole paragraphs": message(embeds=[paragraphs_embed(entry, knowledge.article, knowledge.source)]),
        "about": message(embeds=[about_embed(knowledge)]),
        "browse": message(embeds=[browse_embed(knowledge.entries, None, 0, knowledge.source)]),
        "source paragraph": message(embeds=[paragraph_embed(knowledge.article, 1, knowledge.source)]),
        "source search": message(embeds=[search_embed(HUGE, found, 300, knowledge.source)]),
    }
    for name, answer in [("did you mean", unclear), ("not in the article", missing)]:
        text, embeds, offered = not_answered(answer)
        messages[name] = message(text, embeds, suggestions_view(offered))
    return messages


@pytest.mark.parametrize("name", list(oversized_messages()))
def test_every_message_built_from_oversized_knowledge_is_one_discord_accepts(name: str) -> None:
    assert_discord_accepts(oversized_messages()[name])


def test_oversized_answers_are_clipped_not_dropped() -> None:
    # Passing the check by sending nothing would be no answer at all.
    [embed] = oversized_messages()["answer"]["embeds"]
    assert embed["title"].startswith("QQQ") and embed["description"].startswith("word word")
    assert embed["description"].endswith("…")  # its passages repeat the answer word for word: not shown twice


def test_autocomplete_choices_from_oversized_questions_are_ones_discord_accepts() -> None:
    choices = entry_choices(huge_knowledge().entries)
    body = {"type": 8, "data": {"choices": [{"name": c.name, "value": c.value} for c in choices]}}
    validate_request("POST", CALLBACK, body)
    assert choices


@pytest.mark.parametrize(
    ("ours", "schema", "property_name", "key"),
    [
        (limits.EMBED_TITLE, "RichEmbed", "title", "maxLength"),
        (limits.EMBED_DESCRIPTION, "RichEmbed", "description", "maxLength"),
        (limits.EMBED_FIELDS, "RichEmbed", "fields", "maxItems"),
        (limits.EMBED_FIELD_NAME, "RichEmbedField", "name", "maxLength"),
        (limits.EMBED_FIELD_VALUE, "RichEmbedField", "value", "maxLength"),
        (limits.EMBED_FOOTER, "RichEmbedFooter", "text", "maxLength"),
        (limits.BUTTON_LABEL, "ButtonComponentForMessageRequest", "label", "maxLength"),
        (limits.CUSTOM_ID, "ButtonComponentForMessageRequest", "custom_id", "maxLength"),
        (limits.CHOICE_NAME, "ApplicationCommandOptionStringChoice", "name", "maxLength"),
        (limits.CONTENT, "IncomingWebhookInteractionRequest", "content", "maxLength"),
    ],
)
def test_the_limits_the_validator_enforces_are_discords_own(
    ours: int, schema: str, property_name: str, key: str
) -> None:
    assert ours <= spec_limit(schema, property_name, key)


def test_the_embed_total_and_content_limits_are_discords_documented_ones() -> None:
    assert limits.EMBED_TOTAL <= DOCUMENTED_EMBED_TOTAL
    assert limits.CONTENT <= DOCUMENTED_BOT_CONTENT
