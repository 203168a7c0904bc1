"""Paragraphs of the article as embeds."""

from __future__ import annotations

from bot.core import Citation, Knowledge
from bot.exts.source._render import no_such_paragraph, paragraph_embed, search_embed


def test_source_embeds_show_paragraphs_with_their_numbers(knowledge: Knowledge) -> None:
    article = knowledge.article
    embed = paragraph_embed(article, 1, knowledge.source)
    assert embed.title == f"Paragraph 1 of {len(article)}"
    assert embed.description == article.paragraph(1)
    found = [Citation(article.paragraph(n), n) for n in (3, 5)]
    searched = search_embed("@everyone **Kissinger**", found, len(article), knowledge.source)
    assert [f.name for f in searched.fields] == [
        f"Paragraph 3 of {len(article)}",
        f"Paragraph 5 of {len(article)}",
    ]
    assert "@everyone" not in (searched.title or "") and "**" not in (searched.title or "")
    assert "1 to 63" in no_such_paragraph(99, 63)
