"""The /about embed."""

from __future__ import annotations

import discord

from bot.core import Knowledge, limits
from bot.exts.about._render import about_embed


def assert_within_limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= limits.EMBED_TITLE
    assert len(embed.description or "") <= limits.EMBED_DESCRIPTION
    assert len(embed.fields) <= limits.EMBED_FIELDS
    for field in embed.fields:
        assert field.name and field.value
        assert len(field.name) <= limits.EMBED_FIELD_NAME
        assert len(field.value) <= limits.EMBED_FIELD_VALUE
    assert len(embed.footer.text or "") <= limits.EMBED_FOOTER
    assert len(embed) <= limits.EMBED_TOTAL


def test_about_embed_names_the_article_its_publisher_date_translator_and_commands(
    knowledge: Knowledge,
) -> None:
    embed = about_embed(knowledge)
    text = str(embed.to_dict())
    for expected in (knowledge.source.title, "BBC", "10 March 2025", "Zhang Yangyang", "/ask", "/faq browse"):
        assert expected in text
    assert "Find answer" in text
    assert_within_limits(embed)
