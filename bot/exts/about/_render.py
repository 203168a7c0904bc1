"""The /about embed."""

from __future__ import annotations

import discord

from bot.core import Knowledge
from bot.exts._shared.render import fit_embed, human_date

WHAT = (
    "I answer questions about one news article, from a curated FAQ, and quote the passages I rely on "
    "with their paragraph numbers. When the article doesn't say, I tell you so instead of guessing."
)
HOW_TO_ASK = (
    "• `/ask` with your question in your own words\n"
    "• mention me followed by your question\n"
    "• on any message: **Apps → Find answer**"
)
COMMANDS = (
    "`/ask question [private]` — answer a question\n"
    "`/faq browse [topic]` — page through the FAQ\n"
    "`/faq show entry` — one entry with its sources\n"
    "`/source paragraph` or `/source search` — read the article itself\n"
    "`/privacy` — what I store about questions and votes, and for how long\n"
    "`/faqadmin` — for server managers: unanswered questions, feedback, settings, reload\n"
    "`/about` — this message"
)


def about_embed(knowledge: Knowledge) -> discord.Embed:
    source = knowledge.source
    article = (
        f"**{source.title}**\n{source.publisher}, {human_date(source.date)}\n"
        f"Translated by {source.translator}"
    )
    return fit_embed(
        title="About this bot",
        description=WHAT,
        fields=[("The article", article), ("How to ask", HOW_TO_ASK), ("Commands", COMMANDS)],
        footer=f"{len(knowledge.entries)} questions in the FAQ · {len(knowledge.article)} paragraphs",
    )
