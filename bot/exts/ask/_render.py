"""What the ask feature says besides the answer itself: abstentions, how-tos, reply context."""

from __future__ import annotations

import discord

from bot.core import Answer, Entry, limits, passages
from bot.exts._shared.render import SOURCE_COLOUR, clip, echo, quoted_embed

NO_TEXT = "That message has no text I could look up. Try /ask with your question."
# Discord withholds the text of a message that doesn't mention the bot (no message content intent).
UNREAD_REPLY = (
    "I can't read the message you replied to. Right-click it (or long-press) and choose Apps → Find answer, "
    "or put your question right after the mention."
)


MAX_SUGGESTIONS = 4  # a short menu of likely questions; past a few, they are loosely related noise
SEARCH_HINT = "To look for the article's own words, use /source search."


def not_answered(answer: Answer) -> tuple[str, list[discord.Embed], tuple[Entry, ...]]:
    """Why there is no answer, as message content, with a pointer to /source search; what the article
    does say nearby as a grey embed labelled as related (never as the answer); and the entries to offer
    in a menu (at most 4: the related entry first).

    Echoed words are escaped: the note quotes the question ("doesn't say who placed the call").
    """
    asked = echo(answer.question)
    if answer.outcome == "not_in_article" and answer.closest:
        closest = answer.closest
        # Its lead passage, quoted as an answer quotes its passages (with the line naming the speaker).
        embed = quoted_embed(
            title=f"Related: {closest.question}",
            text=closest.summary,
            shown=passages(closest.citations)[:1],
            footer="What the article does say nearby — not an answer to your question",
            colour=SOURCE_COLOUR,
        )
        offered = tuple({e.id: e for e in (closest, *answer.suggestions)}.values())
        text = f"{escape(answer.note)}\n{SEARCH_HINT}"
        return clip(text, limits.CONTENT), [embed], offered[:MAX_SUGGESTIONS]
    if answer.outcome == "chat":
        return CHAT_REPLY, [], ()
    if answer.suggestions and answer.outcome == "unclear":
        text = f"The article doesn't say anything specific about “{asked}”. Did you mean one of these?"
        return clip(f"{text}\n{SEARCH_HINT}", limits.CONTENT), [], answer.suggestions[:MAX_SUGGESTIONS]
    text = f"The article doesn't say anything about “{asked}”. See what it does cover with /faq browse."
    # Off the article's subject, the nearest entries are noise, not "did you mean".
    offered = () if answer.outcome == "off_topic" else answer.suggestions[:MAX_SUGGESTIONS]
    return clip(text, limits.CONTENT), [], offered


CHAT_REPLY = (
    "I answer questions about the article, for example: what did Rubio tell Breitbart? "
    "Use /faq browse to see what it covers."
)


def escape(text: str) -> str:
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def how_to_ask(bot_mention: str) -> str:
    return (
        f"Ask me about the article right after the mention, for example: {bot_mention} what did Rubio "
        "tell Breitbart? You can also use /ask, or /about to see everything I do."
    )


def lines(*parts: str | None) -> str | None:
    """The parts that are there, one a line, as message content (None when there is nothing to say)."""
    text = "\n".join(p for p in parts if p)
    return clip(text, limits.CONTENT) if text else None


def reply_context(jump_url: str) -> str:
    """The line above an answer to someone's message, linking back to it."""
    return clip(f"In reply to {jump_url}", limits.CONTENT)
