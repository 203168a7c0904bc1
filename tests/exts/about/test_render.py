"""The /about embed."""

from __future__ import annotations

from bot.core import Knowledge
from bot.exts.about._render import about_embed
from tests.support.embeds import assert_within_limits


def test_about_embed_names_the_article_its_publisher_date_translator_and_commands(
    knowledge: Knowledge,
) -> None:
    embed = about_embed(knowledge)
    text = str(embed.to_dict())
    for expected in (knowledge.source.title, "BBC", "10 March 2025", "Zhang Yangyang", "/ask", "/faq browse"):
        assert expected in text
    assert "Find answer" in text
    assert_within_limits(embed)
