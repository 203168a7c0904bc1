"""/source and /about, as a server member sees them."""

from __future__ import annotations

import simcord

from bot.core import Knowledge


async def test_source_by_paragraph_shows_that_paragraph_whole(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    result = await alice.slash(channel, "source", paragraph=9)
    assert result.response is not None and not result.ephemeral
    [embed] = result.response.embeds
    assert embed.title == f"Paragraph 9 of {len(knowledge.article)}"
    assert embed.description == knowledge.article.paragraph(9)
    assert "BBC, 10 March 2025, translated by Zhang Yangyang" in (embed.footer.text or "")


async def test_source_past_the_last_paragraph_says_how_many_there_are(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    result = await alice.slash(channel, "source", paragraph=len(knowledge.article) + 1)
    assert result.ephemeral and result.response is not None
    assert f"from 1 to {len(knowledge.article)}" in result.response.content


async def test_source_search_lists_the_paragraphs_that_mention_the_words(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    result = await alice.slash(channel, "source", search="Kissinger")
    assert result.response is not None
    [embed] = result.response.embeds
    assert embed.fields
    for field in embed.fields:
        number = int((field.name or "").split()[1])
        assert "Kissinger" in knowledge.article.paragraph(number) == field.value


async def test_source_search_without_matches_says_so_privately(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    result = await alice.slash(channel, "source", search="xylophone")
    assert result.ephemeral and result.response is not None
    assert result.response.content.startswith("No paragraph of the article mentions")


async def test_source_without_options_explains_both_ways_to_use_it(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor
) -> None:
    result = await alice.slash(channel, "source")
    assert result.ephemeral and result.response is not None
    assert "paragraph" in result.response.content and "search" in result.response.content


async def test_about_describes_the_bot_the_article_and_the_commands(
    channel: simcord.ChannelHandle, alice: simcord.MemberActor, knowledge: Knowledge
) -> None:
    result = await alice.slash(channel, "about")
    assert result.response is not None
    [embed] = result.response.embeds
    fields = {f.name: f.value or "" for f in embed.fields}
    assert knowledge.source.title in fields["The article"]
    assert "Zhang Yangyang" in fields["The article"] and "10 March 2025" in fields["The article"]
    assert "/ask" in fields["Commands"] and "/source" in fields["Commands"]
    assert "Find answer" in fields["How to ask"]
