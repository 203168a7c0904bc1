"""The /about embed."""

from __future__ import annotations

import discord

from bot.core import Knowledge
from bot.messages import message
from bot.utils.render import fit_embed, human_date


def about_embed(knowledge: Knowledge, lang: str = "en") -> discord.Embed:
    source = knowledge.source
    article = message(
        "about.article",
        lang,
        title=source.title,
        publisher=source.publisher,
        date=human_date(source.date, lang),
        translator=source.translator,
    )
    return fit_embed(
        title=message("about.title", lang),
        description=message("about.what", lang),
        fields=[
            (message("about.article_field", lang), article),
            (message("about.how_field", lang), message("about.how", lang)),
            (message("about.commands_field", lang), message("about.commands", lang)),
        ],
        footer=message(
            "about.footer", lang, entries=len(knowledge.entries), paragraphs=len(knowledge.article)
        ),
    )
