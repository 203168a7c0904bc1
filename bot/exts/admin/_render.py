"""What /faqadmin shows: unanswered questions (embed and CSV), feedback, settings, and reload results."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import discord

from bot.core import Entry, Knowledge, Problem, limits
from bot.core.config import DEFAULT_CONFIG
from bot.core.grouping import QuestionGroup
from bot.messages import message
from bot.storage import FeedbackCount, GuildSettings, Teaching
from bot.utils.localize import localized
from bot.utils.render import clip, echo, fit_embed

if TYPE_CHECKING:
    from bot.client import Rebuilt

TOP_GROUPS = 10
QUESTION_ECHO = 150  # ten of these, with counts and times, stay well inside one embed description
CSV_NAME = "unanswered-questions.csv"
# A cell starting with one of these is run as a formula by spreadsheets; people's questions must not be.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _days(days: int, lang: str) -> str:
    return message("admin.one_day", lang) if days == 1 else message("admin.days", lang, days=days)


def _unanswered_line(group: QuestionGroup, lang: str) -> str:
    when = f"<t:{int(group.last_asked.timestamp())}:R>"  # Discord shows it in the reader's own language
    line = message(
        "admin.unanswered_line",
        lang,
        count=group.count,
        question=echo(group.question, QUESTION_ECHO),
        when=when,
    )
    many = len(group.phrasings) > 1
    return line + (message("admin.wordings", lang, count=len(group.phrasings)) if many else "")


def unanswered_embed(
    groups: Sequence[QuestionGroup], days: int, total: int, *, capped: bool, lang: str = "en"
) -> discord.Embed:
    """The most asked unanswered questions, similar ones counted together, with when each was last asked."""
    lines = [_unanswered_line(g, lang) for g in groups[:TOP_GROUPS]]
    footer = message("admin.unanswered_footer", lang, total=total, groups=len(groups))
    if capped:
        footer += message("admin.unanswered_capped", lang, total=total)
    return fit_embed(
        title=message("admin.unanswered_title", lang, days=_days(days, lang)),
        description="\n".join(lines) or message("admin.unanswered_none", lang, days=_days(days, lang)),
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
    ranking: Sequence[FeedbackCount], knowledge: Knowledge, retention_days: int, lang: str = "en"
) -> discord.Embed:
    """Entries with the most "Not helpful" votes in this server first: the answers to improve."""
    lines = []
    for count in ranking:
        entry = knowledge.entry(count.entry_id)
        question = entry.question if entry else message("admin.feedback_gone", lang)
        lines.append(f"👎 {count.not_helpful} · 👍 {count.helpful} — `{count.entry_id}` {question}")
    return fit_embed(
        title=message("admin.feedback_title", lang),
        description="\n".join(lines) or message("admin.feedback_none", lang),
        footer=message("admin.feedback_footer", lang, days=_days(retention_days, lang)),
    )


def settings_embed(settings: GuildSettings, *, changed: bool, lang: str = "en") -> discord.Embed:
    """The server's settings in words, each with what it does."""
    visibility = message("admin.private" if settings.private else "admin.public", lang)
    mentions = message("admin.mentions_on" if settings.answer_mentions else "admin.mentions_off", lang)
    fields = [
        (message("admin.answers_field", lang), message("admin.answers", lang, visibility=visibility)),
        (message("admin.channels_field", lang), _channels(settings.allowed_channels, lang)),
        (message("admin.threshold_field", lang), _threshold(settings.threshold, lang)),
        (message("admin.mentions_field", lang), mentions),
    ]
    return fit_embed(
        title=message("admin.settings_updated" if changed else "admin.settings_title", lang),
        fields=fields,
        footer=message("admin.settings_footer", lang),
    )


def _channels(allowed: frozenset[int], lang: str) -> str:
    if not allowed:
        return message("admin.every_channel", lang)
    named = message("common.list_separator", lang).join(f"<#{c}>" for c in sorted(allowed))
    return clip(message("admin.only_channels", lang, channels=named), limits.EMBED_FIELD_VALUE)


def _threshold(threshold: float | None, lang: str) -> str:
    if threshold is None:
        return message("admin.threshold_default", lang, threshold=f"{DEFAULT_CONFIG.threshold:.2f}")
    note = "" if threshold > DEFAULT_CONFIG.threshold else message("admin.threshold_no_effect", lang)
    return message("admin.threshold", lang, threshold=f"{threshold:.2f}", note=note)


def reload_failed(problems: Sequence[Problem], lang: str = "en") -> str:
    """Each problem as file:line and what is wrong, as many as fit in one message."""
    head = message("admin.reload_failed", lang)
    longest_more = message("admin.reload_more", lang, count=len(problems))
    room = limits.CONTENT - len(head) - len(longest_more) - 20  # fences and newlines
    shown: list[str] = []
    for problem in problems:
        line = _problem(problem)
        if len(line) + 1 > room:
            break
        shown.append(line)
        room -= len(line) + 1
    text = f"{head}\n```\n" + "\n".join(shown) + "\n```"
    hidden = len(problems) - len(shown)
    return text + message("admin.reload_more", lang, count=hidden) if hidden else text


def _problem(problem: Problem) -> str:
    # The file's name only: the host's directory layout is nobody's business in a server.
    where = f"{problem.file.name}:{problem.line}" if problem.line else problem.file.name
    return clip(f"{where}: {problem.message}", 400).replace("```", "'''")


# -- teaching ---------------------------------------------------------------------------------------------

TAUGHT_SHOWN = 10  # teachings listed, each with its Undo button: two rows of five buttons at most
TEACHABLE_GROUPS = limits.MAX_ROWS  # one menu a row under /faqadmin unanswered
SUGGESTED_ENTRIES = 4  # entries offered in a group's menu, besides "the article doesn't say this"
NOT_IN_ARTICLE_VALUE = ":none"  # the menu option for "the article doesn't say this"; never an entry id
OPTION_LABEL = limits.SELECT_OPTION_LABEL  # a menu option's description has the same limit
TAUGHT_ECHO = 100  # a taught phrasing is at most a choice name long


def teach_refused(reason: str, lang: str = "en") -> str:
    return message("admin.teach_refused", lang, reason=echo(reason, 1500))


def taught(teaching: Teaching, knowledge: Knowledge, rebuilt: Rebuilt | None, lang: str = "en") -> str:
    """What a teaching did, and whether this process answers from it yet."""
    text = echo(teaching.text, TAUGHT_ECHO)
    entry = knowledge.entry(teaching.entry_id) if teaching.entry_id is not None else None
    if teaching.entry_id is None:
        head = message("admin.taught_not_in_article", lang, id=teaching.id, text=text)
    else:
        question = echo(localized(knowledge, entry, lang).question, 150) if entry else teaching.entry_id
        head = message(
            "admin.taught_entry", lang, id=teaching.id, text=text, entry=teaching.entry_id, question=question
        )
    return head + "\n" + _serving(rebuilt, teaching.version, lang)


def undone(teaching: Teaching, rebuilt: Rebuilt | None, lang: str = "en") -> str:
    head = message("admin.undone", lang, id=teaching.id, text=echo(teaching.text, TAUGHT_ECHO))
    return head + "\n" + _serving(rebuilt, teaching.undo_version or teaching.version, lang)


def _serving(rebuilt: Rebuilt | None, version: int, lang: str) -> str:
    if rebuilt is None:
        return message("admin.not_live_yet", lang, version=version)
    if not rebuilt.ok:
        return message("admin.not_live_failed", lang, reason=rebuild_failure(rebuilt, lang))
    return message("admin.live", lang, version=version)


def rebuild_failure(rebuilt: Rebuilt, lang: str = "en") -> str:
    """Why a rebuild left the old FAQ in place, for a moderator (the details are in the log)."""
    if rebuilt.problems:
        return message("admin.failure_knowledge", lang, count=len(rebuilt.problems))
    key = "admin.failure_database" if rebuilt.failure == "database" else "admin.failure_error"
    return message(key, lang)


def taught_embed(
    teachings: Sequence[Teaching], skipped: Mapping[int, str], lang: str = "en"
) -> discord.Embed:
    """Recent teachings, newest first: number, when, the phrasing and what it was taught as."""
    lines = []
    for teaching in teachings:
        when = f"<t:{int(teaching.created_at.timestamp())}:R>"
        text = echo(teaching.text, TAUGHT_ECHO)
        if teaching.entry_id is None:
            line = message("admin.taught_line_not_in_article", lang, id=teaching.id, when=when, text=text)
        else:
            line = message(
                "admin.taught_line", lang, id=teaching.id, when=when, text=text, entry=teaching.entry_id
            )
        if teaching.id in skipped:
            line += message("admin.taught_skipped", lang, reason=echo(skipped[teaching.id], 200))
        lines.append(line)
    return fit_embed(
        title=message("admin.taught_title", lang),
        description="\n".join(lines) or message("admin.taught_none", lang),
        footer=message("admin.taught_footer", lang) if lines else "",
    )


def undo_label(teaching_id: int, lang: str = "en") -> str:
    return clip(message("admin.undo_button", lang, id=teaching_id), limits.BUTTON_LABEL)


def teach_placeholder(question: str, lang: str = "en") -> str:
    return clip(message("admin.teach_placeholder", lang, question=" ".join(question.split())), 150)


def teach_options(entries: Sequence[Entry], lang: str = "en") -> list[discord.SelectOption]:
    """A group's menu: "add as a phrasing of" each suggested entry, then "the article doesn't say this"."""
    options = [
        discord.SelectOption(
            label=clip(message("admin.teach_as_phrasing", lang, question=e.question), OPTION_LABEL),
            value=e.id,
            description=clip(e.id, OPTION_LABEL),
        )
        for e in entries[:SUGGESTED_ENTRIES]
        if len(e.id) <= limits.CHOICE_VALUE
    ]
    options.append(
        discord.SelectOption(
            label=message("admin.teach_not_in_article", lang),
            value=NOT_IN_ARTICLE_VALUE,
            description=message("admin.teach_not_in_article_description", lang),
        )
    )
    return options


def reloaded(rebuilt: Rebuilt, *, announced: bool | None, lang: str = "en") -> str:
    """A reload that worked: what is served now, and whether the other processes were told."""
    key = {True: "admin.reloaded", False: "admin.reloaded_not_announced", None: "admin.reloaded_here"}
    return message(key[announced], lang, entries=rebuilt.entries, taught=rebuilt.taught)


def reload_error(rebuilt: Rebuilt, lang: str = "en") -> str:
    return message("admin.reload_error", lang, reason=rebuild_failure(rebuilt, lang))
