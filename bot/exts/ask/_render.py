"""What the ask feature says besides the answer itself: abstentions, how-tos, reply context."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core import Entry, limits
from bot.exts._shared.render import clip, echo

NO_TEXT = "That message has no text I could look up. Try /ask with your question."


def not_in_article(question: str, suggestions: Sequence[Entry]) -> str:
    """The abstention: never a guess, only what was asked (escaped) and where to go next."""
    lines = [f"The article doesn't say anything about “{echo(question)}”."]
    if suggestions:
        lines.append("Did you mean one of these?")
    else:
        lines.append("See what it does cover with /faq browse.")
    return clip("\n".join(lines), limits.CONTENT)


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
