"""What the ask feature says besides the answer itself: abstentions, how-tos, reply context."""

from __future__ import annotations

import discord

from bot.core import Answer, Entry, limits, passages
from bot.messages import message
from bot.utils.render import SOURCE_COLOUR, clip, echo, quoted_embed

MAX_SUGGESTIONS = 4  # a short menu of likely questions; past a few, they are loosely related noise


def not_answered(answer: Answer, lang: str = "en") -> tuple[str, list[discord.Embed], tuple[Entry, ...]]:
    """Why there is no answer, as message content, with a pointer to /source search; what the article
    does say nearby as a grey embed labelled as related (never as the answer); and the entries to offer
    in a menu (at most 4: the related entry first). For a reader of `lang`, whose entries and note the
    answer already holds as they read them.

    Echoed words are escaped: the note quotes the question ("doesn't say who placed the call").
    """
    asked = echo(answer.question)
    search_hint = message("ask.search_hint", lang)
    if answer.outcome == "not_in_article" and answer.closest:
        closest = answer.closest
        # Its lead passage, quoted as an answer quotes its passages (with the line naming the speaker).
        embed = quoted_embed(
            title=message("ask.related_title", lang, question=closest.question),
            text=closest.summary,
            shown=passages(closest.citations)[:1],
            footer=message("ask.related_footer", lang),
            colour=SOURCE_COLOUR,
        )
        offered = tuple({e.id: e for e in (closest, *answer.suggestions)}.values())
        text = f"{escape(answer.note)}\n{search_hint}"
        return clip(text, limits.CONTENT), [embed], offered[:MAX_SUGGESTIONS]
    if answer.outcome == "chat":
        return message("ask.chat", lang), [], ()
    if answer.outcome == "language":  # Japanese or Korean: the languages it answers in, in both of them
        return clip(escape(answer.note), limits.CONTENT), [], ()
    if answer.suggestions and answer.outcome == "unclear":
        text = message("ask.unclear", lang, question=asked)
        return clip(f"{text}\n{search_hint}", limits.CONTENT), [], answer.suggestions[:MAX_SUGGESTIONS]
    text = message("ask.off_topic", lang, question=asked)
    # Off the article's subject, the nearest entries are noise, not "did you mean".
    offered = () if answer.outcome == "off_topic" else answer.suggestions[:MAX_SUGGESTIONS]
    return clip(text, limits.CONTENT), [], offered


def escape(text: str) -> str:
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def how_to_ask(bot_mention: str, lang: str = "en") -> str:
    return message("ask.how_to", lang, mention=bot_mention)


def lines(*parts: str | None) -> str | None:
    """The parts that are there, one a line, as message content (None when there is nothing to say)."""
    text = "\n".join(p for p in parts if p)
    return clip(text, limits.CONTENT) if text else None


def reply_context(jump_url: str, lang: str = "en") -> str:
    """The line above an answer to someone's message, linking back to it."""
    return clip(message("ask.in_reply_to", lang, url=jump_url), limits.CONTENT)
