"""Paragraphs of the article as embeds, and the source feature's short replies."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.core import Article, Citation, Source, limits
from bot.exts._shared.render import SOURCE_COLOUR, clip, echo, fit_embed, source_footer

SEARCH_ECHO = 80  # the searched words, as shown in the embed title


def paragraph_embed(article: Article, number: int, source: Source) -> discord.Embed:
    return fit_embed(
        title=f"Paragraph {number} of {len(article)}",
        description=article.paragraph(number),
        footer=f"“{source.title}” · {source_footer(source)}",
        colour=SOURCE_COLOUR,
    )


def search_embed(words: str, found: Sequence[Citation], total: int, source: Source) -> discord.Embed:
    """The paragraphs that best contain `words`, each under its number."""
    return fit_embed(
        title=f"Paragraphs about “{echo(words, SEARCH_ECHO)}”",
        fields=[(f"Paragraph {c.paragraph} of {total}", c.quote) for c in found],
        footer=source_footer(source),
        colour=SOURCE_COLOUR,
    )


def no_such_paragraph(number: int, total: int) -> str:
    return f"The article has {total} paragraphs; there is no paragraph {number}. Pick one from 1 to {total}."


def no_matches(words: str) -> str:
    return clip(f"No paragraph of the article mentions “{echo(words)}”.", limits.CONTENT)


def usage(total: int) -> str:
    return (
        f"Give a paragraph number from 1 to {total}, or words to look for — "
        "for example /source paragraph: 1 or /source search: Kissinger."
    )
