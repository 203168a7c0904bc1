"""The /privacy embed: every stored field named, and how long it is kept."""

from __future__ import annotations

import discord

from bot.exts._shared.render import fit_embed

QUESTIONS = (
    "When you ask me something with /ask, **Find answer** or a mention, I store: the question's text (for "
    "Find answer, the text of the message you picked), with any mention of a person, role or channel "
    "replaced by @user, @role or #channel; the server and channel (neither in DMs); the FAQ entry "
    "that matched best, how well (a score) and whether I answered; the time; and a salted hash of your user "
    "id — never the id itself."
)
VOTES = (
    "When you press **Helpful** or **Not helpful**, I store your vote, which answer message and FAQ entry it "
    "is about, the server, the time and the same hash of your user id. Voting again replaces your vote."
)
NOT_STORED = (
    "Your name, your user id, and any message that doesn't ask me something. Reading the FAQ, /source, "
    "/about and the question buttons under my replies are not logged."
)
WHY = (
    "To find questions the FAQ doesn't answer yet and answers that need work. A server's managers see its "
    "unanswered questions and vote counts — never who asked or voted."
)


def how_long(days: int) -> str:
    return (
        f"Questions are deleted {days} days after they were asked, and votes {days} days after they were "
        "cast or last changed."
    )


def privacy_embed(retention_days: int) -> discord.Embed:
    return fit_embed(
        title="What I store, and for how long",
        fields=[
            ("Questions", QUESTIONS),
            ("Feedback votes", VOTES),
            ("How long", how_long(retention_days)),
            ("Never stored", NOT_STORED),
            ("Why", WHY),
        ],
    )
