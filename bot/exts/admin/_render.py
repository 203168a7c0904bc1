"""What /faqadmin shows: unanswered questions (embed and CSV), feedback, settings, and reload results."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import discord

from bot.core import Knowledge, Problem, limits
from bot.core.config import DEFAULT_CONFIG
from bot.core.grouping import QuestionGroup
from bot.exts._shared.render import clip, echo, fit_embed
from bot.storage import FeedbackCount, GuildSettings

TOP_GROUPS = 10
QUESTION_ECHO = 150  # ten of these, with counts and times, stay well inside one embed description
CSV_NAME = "unanswered-questions.csv"
# A cell starting with one of these is run as a formula by spreadsheets; people's questions must not be.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NO_DATABASE = "No database is configured for this bot, so there is nothing stored to show or change."
DATABASE_BUSY = (
    "The database didn't answer in time (it may be busy or unreachable). Try again in a moment; "
    "a change you asked for may or may not have been saved, and `/faqadmin settings` shows which."
)


def _days(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def unanswered_embed(
    groups: Sequence[QuestionGroup], days: int, total: int, *, capped: bool
) -> discord.Embed:
    """The most asked unanswered questions, similar ones counted together, with when each was last asked."""
    lines = [
        f"**{g.count}×** {echo(g.question, QUESTION_ECHO)} · last <t:{int(g.last_asked.timestamp())}:R>"
        + (f" · {len(g.phrasings)} wordings" if len(g.phrasings) > 1 else "")
        for g in groups[:TOP_GROUPS]
    ]
    footer = f"{total} questions in {len(groups)} groups · every group is in the attached CSV"
    if capped:
        footer += f" · only the newest {total} were read"
    return fit_embed(
        title=f"Unanswered questions in this server, last {_days(days)}",
        description="\n".join(lines) or f"No unanswered questions in the last {_days(days)}.",
        footer=footer if groups else "",
    )


def unanswered_csv(groups: Sequence[QuestionGroup]) -> bytes:
    """Every group: its most asked wording, how often and when last asked, and its other wordings."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["question", "count", "last_asked", "also_asked_as"])
    for group in groups:
        others = " | ".join(group.phrasings[1:])
        last = group.last_asked.isoformat(timespec="seconds")
        writer.writerow([_cell(group.question), group.count, last, _cell(others)])
    return out.getvalue().encode("utf-8")


def unanswered_file(groups: Sequence[QuestionGroup]) -> discord.File:
    return discord.File(io.BytesIO(unanswered_csv(groups)), filename=CSV_NAME)


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def feedback_embed(
    ranking: Sequence[FeedbackCount], knowledge: Knowledge, retention_days: int
) -> discord.Embed:
    """Entries with the most "Not helpful" votes in this server first: the answers to improve."""
    lines = []
    for count in ranking:
        entry = knowledge.entry(count.entry_id)
        question = entry.question if entry else "(no longer in the FAQ)"
        lines.append(f"👎 {count.not_helpful} · 👍 {count.helpful} — `{count.entry_id}` {question}")
    return fit_embed(
        title="Answers people found least helpful here",
        description="\n".join(lines) or "Nobody has voted on an answer in this server yet.",
        footer=f"Votes from the last {_days(retention_days)}, most “Not helpful” first",
    )


def settings_embed(settings: GuildSettings, *, changed: bool) -> discord.Embed:
    """The server's settings in words, each with what it does."""
    visibility = "private: only the asker sees them" if settings.private else "public: everyone sees them"
    fields = [
        ("Answers", f"{visibility}, unless the asker chooses with `private`"),
        ("Channels", _channels(settings.allowed_channels)),
        ("Threshold", _threshold(settings.threshold)),
        ("Mentions", "answered" if settings.answer_mentions else "ignored; /ask still works"),
    ]
    return fit_embed(
        title="Settings updated" if changed else "Settings for this server",
        fields=fields,
        footer="Change them with /faqadmin settings and its options",
    )


def _channels(allowed: frozenset[int]) -> str:
    if not allowed:
        return "answers may be public in every channel"
    named = ", ".join(f"<#{c}>" for c in sorted(allowed))
    return clip(
        f"public answers only in {named}; elsewhere answers are private and mentions are ignored",
        limits.EMBED_FIELD_VALUE,
    )


def _threshold(threshold: float | None) -> str:
    if threshold is None:
        return f"the matcher's own ({DEFAULT_CONFIG.threshold:.2f})"
    note = (
        ""
        if threshold > DEFAULT_CONFIG.threshold
        else " — at or below the matcher's own, so it changes nothing"
    )
    return f"{threshold:.2f}: less sure answers become “did you mean” suggestions{note}"


def reload_done(entries: int) -> str:
    return f"Reloaded the FAQ: now answering from {entries} entries, in every server."


def reload_failed(problems: Sequence[Problem]) -> str:
    """Each problem as file:line and what is wrong, as many as fit in one message."""
    head = "The FAQ was not reloaded; I'm still answering from the old one. Fix these, then reload again:"
    more = "…and {n} more; `faqbot check` on the bot's host lists them all."
    room = limits.CONTENT - len(head) - len(more) - 20  # fences, newlines and the count
    shown: list[str] = []
    for problem in problems:
        line = _problem(problem)
        if len(line) + 1 > room:
            break
        shown.append(line)
        room -= len(line) + 1
    text = f"{head}\n```\n" + "\n".join(shown) + "\n```"
    hidden = len(problems) - len(shown)
    return text + more.format(n=hidden) if hidden else text


def _problem(problem: Problem) -> str:
    # The file's name only: the host's directory layout is nobody's business in a server.
    where = f"{problem.file.name}:{problem.line}" if problem.line else problem.file.name
    return clip(f"{where}: {problem.message}", 400).replace("```", "'''")
