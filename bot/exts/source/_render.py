"""Paragraphs of the article as embeds, and the source feature's short replies."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.core import Article, Citation, Source, limits
from bot.messages import message
from bot.utils.render import SOURCE_COLOUR, clip, echo, fit_embed, source_footer

SEARCH_ECHO = 80  # the searched words, as shown in the embed title


def paragraph_embed(article: Article, number: int, source: Source, lang: str = "en") -> discord.Embed:
    return fit_embed(
        title=message("source.paragraph_title", lang, number=number, total=len(article)),
        description=article.paragraph(number),
        footer=message(
            "source.paragraph_footer", lang, title=source.title, source=source_footer(source, lang)
        ),
        colour=SOURCE_COLOUR,
    )


def search_embed(
    words: str, found: Sequence[Citation], total: int, source: Source, lang: str = "en"
) -> discord.Embed:
    """The paragraphs that best contain `words`, each under its number."""
    return fit_embed(
        title=message("source.search_title", lang, words=echo(words, SEARCH_ECHO)),
        fields=[
            (message("source.paragraph_title", lang, number=c.paragraph, total=total), c.quote) for c in found
        ],
        footer=source_footer(source, lang),
        colour=SOURCE_COLOUR,
    )


def no_such_paragraph(number: int, total: int, lang: str = "en") -> str:
    return message("source.no_such_paragraph", lang, number=number, total=total)


def no_matches(words: str, lang: str = "en") -> str:
    return clip(message("source.no_matches", lang, words=echo(words)), limits.CONTENT)


def usage(total: int, lang: str = "en") -> str:
    return message("source.usage", lang, total=total)
