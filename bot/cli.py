"""`faqbot` command line. Offline commands never import discord; `run`, `sync` and `doctor` do."""

from __future__ import annotations

import argparse
import hashlib
import hmac
import importlib
import io
import json
import os
import re
import sys
import textwrap
from collections.abc import Callable, Collection, Coroutine, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar, cast

from bot.core import (
    Answer,
    Citation,
    Entry,
    Knowledge,
    KnowledgeError,
    Matcher,
    default_knowledge_dir,
    load_knowledge,
    passages,
    shown,
)
from bot.core.config import MatcherConfig
from bot.core.evaluation import EvalReport, evaluate, load_questions
from bot.core.knowledge import missing_translations, uncovered_paragraphs
from bot.core.lint import warnings as lint_warnings
from bot.core.matcher import MAX_QUESTION_CHARS, OUTCOME_NOTES, calibrated, needs_translation
from bot.messages import message

if TYPE_CHECKING:
    from bot.core.teaching import Applied
    from bot.settings import Settings
    from bot.storage import LoggedQuestion, Store, Teaching, UserHash

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a program stopped by SIGPIPE (`faqbot eval F | head`)
WRAP = 100
# `ask -` keeps of each line what the matcher reads, and its line end; the rest is skipped in pieces this big.
_LINE_CHARS = MAX_QUESTION_CHARS + 2
_SKIP_CHARS = 64 * 1024


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code = int(args.handler(args))
        sys.stdout.flush()  # here, so that a reader gone away is caught below and not at interpreter exit
        return code
    except BrokenPipeError:
        # The reader closed the pipe (`| head`): nobody reads what is left, so stop without a word.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KnowledgeError as exc:
        print(f"faqbot: the knowledge is invalid:\n{exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that Python's own flush at exit can't fail on the closed pipe again."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # a test's captured stdout has no descriptor
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="faqbot", description=__doc__)
    parser.add_argument(
        "--knowledge",
        type=Path,
        default=None,
        help="knowledge directory (default: $KNOWLEDGE_DIR or the shipped knowledge)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = commands.add_parser("ask", help="answer a question from the article")
    ask.add_argument(
        "question", nargs="*", help="the question (required); '-' reads one question a line from stdin"
    )
    ask.add_argument("--json", action="store_true", help="one JSON object a line (the graders' contract)")
    ask.add_argument("--explain", action="store_true", help="show each stage's scores and the decision")
    ask.add_argument(
        "--lang", choices=("en", "zh"), default=None, help="answer in this language (default: the question's)"
    )
    ask.set_defaults(handler=cmd_ask)

    chat = commands.add_parser("chat", help="ask questions interactively")
    chat.set_defaults(handler=cmd_chat)

    check = commands.add_parser("check", help="validate the knowledge and report paragraph coverage")
    check.add_argument("path", nargs="?", type=Path, help="knowledge directory to check")
    check.add_argument("--quiet", action="store_true", help="print only errors")
    check.add_argument(
        "--min-coverage", type=float, default=0.0, metavar="PCT", help="fail below this paragraph coverage"
    )
    check.set_defaults(handler=cmd_check)

    ev = commands.add_parser("eval", help="grade the matcher on a question file")
    ev.add_argument("file", type=Path)
    ev.add_argument("--min-in", type=float, default=None, metavar="PCT", help="fail below this in-score")
    ev.add_argument("--max-off", type=float, default=None, metavar="PCT", help="fail above this off_answered")
    ev.add_argument("--max-near", type=float, default=None, metavar="PCT", help="fail above this near figure")
    ev.set_defaults(handler=cmd_eval)

    suggest = commands.add_parser(
        "suggest", help="propose FAQ changes from logged unanswered questions (prints YAML; writes nothing)"
    )
    suggest.add_argument("--days", type=int, default=30, help="look this many days back (default 30)")
    suggest.add_argument(
        "--min-count", type=int, default=2, metavar="K", help="only groups asked at least K times (default 2)"
    )
    suggest.set_defaults(handler=cmd_suggest)

    _add_teaching_commands(commands)
    _add_discord_commands(commands)
    return parser


def _add_teaching_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    teach = commands.add_parser(
        "teach", help="teach a phrasing of an entry, or a question the article doesn't answer (stored)"
    )
    teach.add_argument("question", help="the phrasing people use, e.g. a logged unanswered question")
    teach.add_argument("entry", nargs="?", help="the id of the entry that answers it")
    teach.add_argument(
        "--not-in-article", action="store_true", help="the article doesn't say: give it the honest reply"
    )
    teach.set_defaults(handler=cmd_teach)

    taught = commands.add_parser("taught", help="list what was taught, newest first; --undo N undoes one")
    taught.add_argument("--undo", type=int, default=None, metavar="N", help="undo teaching number N")
    taught.add_argument("--limit", type=int, default=50, metavar="K", help="list at most K (default 50)")
    taught.set_defaults(handler=cmd_taught)

    export = commands.add_parser(
        "export", help="faq.yaml with the taught phrasings merged in its own layout (stdout by default)"
    )
    export.add_argument("--out", type=Path, default=None, metavar="PATH", help="write here instead")
    export.set_defaults(handler=cmd_export)


def _add_discord_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = commands.add_parser("sync", help="register the slash commands with Discord")
    sync.add_argument("--guild", type=int, default=None, help="sync to one server only (instant)")
    sync.add_argument("--clear", action="store_true", help="remove the commands instead")
    sync.set_defaults(handler=_discord_command("sync"))

    run = commands.add_parser("run", help="start the bot (token from DISCORD_TOKEN or .env)")
    run.add_argument("--shard-ids", default=None, help="comma-separated shard ids this process runs")
    run.add_argument("--shard-count", type=int, default=None, help="total shards across all processes")
    run.set_defaults(handler=_discord_command("run"))

    doctor = commands.add_parser("doctor", help="check configuration, knowledge, database and token")
    doctor.add_argument("--offline", action="store_true", help="skip the checks that contact Discord")
    doctor.set_defaults(handler=_discord_command("doctor"))


def _discord_command(name: str) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        # Imported here: discord.py costs a quarter second, which only the commands that talk to Discord pay.
        launch = importlib.import_module("bot.launch")
        return int(getattr(launch, name)(args))

    return handler


# -- offline commands ---------------------------------------------------------------------------


def knowledge_dir(args: argparse.Namespace) -> Path:
    # The same KNOWLEDGE_DIR as Settings, read directly: offline commands skip pydantic's start-up cost.
    if args.knowledge is not None:
        return Path(args.knowledge)
    env = os.environ.get("KNOWLEDGE_DIR")
    return Path(env) if env else default_knowledge_dir()


def _matcher(args: argparse.Namespace) -> Matcher:
    return Matcher(load_knowledge(knowledge_dir(args)))


_T = TypeVar("_T")


def _run(coroutine: Coroutine[Any, Any, _T], timeout: float | None = None) -> _T:
    """Run a storage coroutine to its end. asyncio is imported here, not at the top: `ask` and `chat` without
    a database never need it, and importing it is a tenth of their start-up."""
    import asyncio

    return asyncio.run(asyncio.wait_for(coroutine, timeout))


def _taught_matcher(args: argparse.Namespace, languages: Collection[str] | None = None) -> Matcher:
    """The matcher with what moderators taught, when the configured database exists; else the FAQ's own,
    with the translations of `languages` (all when None). A database that can't be read costs a line on
    stderr, never the answer."""
    url = _database_url_if_any()
    # Moderators may have taught phrasings in any language: with a database, every translation is read.
    knowledge = load_knowledge(knowledge_dir(args), languages if url is None else None)
    if url is None:
        return Matcher(knowledge)
    from bot.core.teaching import apply_teachings

    try:
        teachings = _run(_live_teachings(url), timeout=TEACHINGS_TIMEOUT)
    except Exception as exc:
        scheme = url.partition("://")[0]  # the scheme only: the URL may hold a password
        print(
            f"faqbot: answering without taught phrasings: cannot read the {scheme} database ({exc!r})",
            file=sys.stderr,
        )
        return Matcher(knowledge)
    if not teachings:
        return Matcher(knowledge)
    applied = apply_teachings(knowledge, teachings)
    if applied.skipped:
        print(
            f"faqbot: {len(applied.skipped)} taught phrasings not applied; `faqbot taught` says why",
            file=sys.stderr,
        )
    return applied.matcher


TEACHINGS_TIMEOUT = 10.0  # seconds to read the teachings before answering without them


def _database_url_if_any() -> str | None:
    """The configured database URL when there is a database to read: never a SQLite file made to read it.

    Read as Settings reads it; pydantic is only imported when a .env file may set it, so `ask` stays quick.
    """
    if Path(".env").is_file():
        from pydantic import ValidationError

        from bot.settings import Settings

        try:
            url = Settings().database_url
        except ValidationError:
            return None  # `faqbot doctor` reports it; answering needs no settings
    else:
        found = [v for k, v in os.environ.items() if k.lower() == "database_url" and v]
        url = found[0] if found else DEFAULT_DATABASE_URL
    return None if _missing_sqlite_file(url) is not None else url


DEFAULT_DATABASE_URL = "sqlite:///data/faqbot.sqlite3"  # Settings.database_url's default


async def _live_teachings(url: str) -> list[Teaching]:
    """The teachings in force, oldest first (the order they are applied in)."""
    from bot.storage import open_store

    async with open_store(url) as store:
        return list(reversed(await store.teachings(None)))


ASK_USAGE = (
    "usage: faqbot ask [--json] [--explain] QUESTION\n"
    "   or: faqbot ask [--json] [--explain] -    (one question a line from stdin)\n"
    '  e.g. faqbot ask "What did Rubio tell Breitbart?"'
)


def cmd_ask(args: argparse.Namespace) -> int:
    if not "".join(args.question).strip():
        # Nothing to answer: say how to ask rather than wait on a terminal's stdin or answer nothing.
        print(f"faqbot ask: no question given\n{ASK_USAGE}", file=sys.stderr)
        return EXIT_USAGE
    question = " ".join(args.question)
    # One English question, answered in English, needs no translation: none is read (start-up).
    english = args.question != ["-"] and not needs_translation(question, args.lang)
    matcher = _taught_matcher(args, () if english else None)
    if args.question == ["-"]:
        # Whatever the locale: read UTF-8 (a bad byte becomes U+FFFD, never a crash), write UTF-8.
        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        reconfigure = getattr(sys.stdout, "reconfigure", None)  # absent when a test captures stdout
        if reconfigure:
            reconfigure(encoding="utf-8")
        return _ask_stream(matcher, stdin, sys.stdout, args)
    _print_answer(matcher, matcher.answer(question, args.lang), sys.stdout, args)
    return EXIT_OK


def _ask_stream(matcher: Matcher, stdin: TextIO, stdout: TextIO, args: argparse.Namespace) -> int:
    for line in _bounded_lines(stdin):
        _print_answer(matcher, matcher.answer(line.rstrip("\r\n"), args.lang), stdout, args)
        stdout.flush()
    return EXIT_OK


def _bounded_lines(stream: TextIO) -> Iterator[str]:
    """Each line of `stream`, cut to what the matcher reads; the rest of a longer line is skipped in pieces,
    so a line of any length costs no more memory than a short one."""
    while line := stream.readline(_LINE_CHARS):
        if len(line) == _LINE_CHARS and not line.endswith(("\n", "\r")):
            while (rest := stream.readline(_SKIP_CHARS)) and not rest.endswith(("\n", "\r")):
                pass
        yield line


def _print_answer(matcher: Matcher, answer: Answer, out: TextIO, args: argparse.Namespace) -> None:
    if args.json:
        out.write(json.dumps(answer.as_record(), ensure_ascii=False) + "\n")
        return
    out.write(format_answer(answer) + "\n")
    if args.explain:
        out.write(format_explanation(answer, matcher.weigh(answer.question), matcher.config) + "\n")


def format_answer(answer: Answer, numbered: bool = False) -> str:
    """The human-readable answer: text and quoted passages with paragraph numbers, or why not and what the
    article does say nearby (the closest entry, labelled as related), or suggestions. `numbered` numbers
    the related entry and the suggestions (`_choices`, in that order), for `faqbot chat` to answer."""
    if answer.answered and answer.entry:
        return "\n".join(
            [answer.entry.question, "", _wrap(answer.entry.answer), "", *_passages(answer.citations)]
        )
    lines = [answer.note or OUTCOME_NOTES.get(answer.lang, OUTCOME_NOTES["en"])["not_in_article"]]
    if answer.closest:
        closest = answer.closest
        number = "1. " if numbered else ""
        related = message("cli.related", answer.lang)
        lines += ["", f"{related} {number}{closest.question}  [{closest.id}]"]
        lines += [textwrap.indent(_wrap(closest.summary), "  "), *_passages(closest.citations[:1])]
    elif answer.suggestions:
        lines += ["", message("cli.did_you_mean", answer.lang), *_listed(answer.suggestions, numbered)]
    return "\n".join(lines)


def _choices(answer: Answer) -> tuple[Entry, ...]:
    """The entries `format_answer` shows besides the answer, in the order it numbers them."""
    if answer.answered:
        return ()
    return (answer.closest,) if answer.closest else answer.suggestions


def _listed(entries: Sequence[Entry], numbered: bool) -> list[str]:
    return [f"  {f'{i}.' if numbered else '-'} {e.question}  [{e.id}]" for i, e in enumerate(entries, 1)]


def _passages(citations: Sequence[Citation]) -> list[str]:
    lines = []
    for passage in passages(citations):
        first, last = passage.paragraphs[0], passage.paragraphs[-1]
        where = f"{first}–{last}" if last != first else str(first)
        lines.append(
            textwrap.fill(passage.text, WRAP, initial_indent=f"  ¶{where}: ", subsequent_indent="      ")
        )
    return lines


def format_explanation(answer: Answer, words: Mapping[str, float], config: MatcherConfig) -> str:
    """Why the matcher answered or abstained: the question's weighted words, then the top candidates with
    each signal, the rules that applied and the arithmetic that gives the score."""
    outcome = "answered" if answer.answered else answer.outcome
    weighed = "  ".join(f"{w} {weight:.1f}" for w, weight in words.items())
    rows = [
        f"\n{outcome}: {answer.reason}",
        _score_line(answer, config),
        f"words (stemmed, weight): {weighed or '-'}",
        f"{'entry':32} {'score':>6} {'coverage':>8} {'keywords':>9} {'fuzzy':>6}  best phrasing",
    ]
    for c in answer.candidates:
        scores = f"{c.score:6.3f} {c.coverage:8.3f} {c.keywords:9.3f} {c.fuzzy:6.3f}"
        rows.append(f"{c.entry.id[:32]:32} {scores}  {c.matched}")
        signals = (
            f"{config.coverage_weight:.2f}×{c.coverage:.3f} + {config.keyword_weight:.2f}×{c.keywords:.3f}"
            f" + {config.fuzzy_weight:.2f}×{c.fuzzy:.3f} = {c.base:.3f}"
        )
        rules = "".join(f" × {config.factor(name):.2f} ({name})" for name in c.fired)
        rows.append(f"{'':32} {signals}{rules}{' = ' + format(c.score, '.3f') if c.fired else ''}")
        if c.gap:
            rows.append(f"{'':32} closer to what it doesn't answer: {c.gap}")
    return "\n".join(rows)


def _score_line(answer: Answer, config: MatcherConfig) -> str:
    """One line on why the JSON `score` is not the "best score" of the line above: the first is the
    calibrated chance that the answer is right, the second the raw match score it is calibrated from."""
    said = f"JSON score {answer.score:.4f}"
    if not answer.candidates:
        return f"{said}: no entry matched, so there is nothing whose chance of being right to give"
    best = answer.candidates[0].score
    if calibrated(best, config) != round(answer.score, 4):
        return (
            f"{said}: too vague to give a chance of being right; the best score ({best:.3f}) and the "
            "scores below are raw match scores, not chances"
        )
    slope, intercept = config.calibration
    whose = "the answer is" if answer.answered else "the best entry's answer would be"
    return (
        f"{said} = the calibrated chance that {whose} right, from the raw best score {best:.3f} "
        f"(1/(1+e^-({slope:g}×{best:.3f}{intercept:+g})), MatcherConfig.calibration); "
        "the scores below are raw match scores, not chances"
    )


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, WRAP)) or text


CHAT_HELP = """What you can type:
  a question            about the article, e.g. What did Rubio tell Breitbart?
  a number              the numbered question from the last list (suggestions, related, more)
  tell me more          after an answer, its related questions (or "what else did he say?")
  help or ?             this list
  quit, an empty line   leave (Ctrl-D too)"""

# A follow-up names nothing new: every word is one of these, and one asks for more ("what else did he say?").
_FOLLOW_UP_WORDS = frozenset(
    "what who else more further other others related continue go on tell me us say said says mention "
    "mentioned add added about anything something any is are was were did does do has have had he she "
    "they it him her them that this the article and so ok okay please can you could i want to know questions "
    "then".split()
)
_FOLLOW_UP_CUES = frozenset({"more", "else", "further", "other", "others", "related", "continue"})
_CHOICE = re.compile(r"#?(\d{1,2})\.?")  # "2", "#2", "2." (a year like 1972 is a question)
_QUIT = frozenset({"quit", "exit", "q", "bye"})


def is_follow_up(text: str) -> bool:
    """Whether `text` asks for more about the last answer without naming anything new."""
    words = re.findall(r"[a-z]+", text.lower().replace("’", "'"))
    asks_more = bool(_FOLLOW_UP_CUES.intersection(words)) or "go on" in " ".join(words)
    return asks_more and all(w in _FOLLOW_UP_WORDS for w in words)


class Chat:
    """One `faqbot chat` conversation: the last answer (for follow-ups) and the last numbered list."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self.last: Entry | None = None  # the entry last answered, for "tell me more"
        self.choices: tuple[Entry, ...] = ()  # what the last numbered list offered

    def reply(self, text: str) -> str | None:
        """What to print for one line typed; None to leave."""
        text = text.strip()
        if not text or text.lower() in _QUIT:
            return None
        if text.lower() in {"help", "?", "h", "/help"}:
            return CHAT_HELP
        choice = _CHOICE.fullmatch(text)
        if choice:
            return self._pick(int(choice.group(1)))
        if is_follow_up(text):
            return self._more()
        answer = self.matcher.answer(text)
        self.last = answer.entry if answer.answered else None
        self.choices = _choices(answer)
        return format_answer(answer, numbered=True) + self._pick_hint()

    def _pick(self, number: int) -> str:
        if not self.choices:
            return "Nothing is numbered yet: ask a question first (help lists what you can type)."
        if not 1 <= number <= len(self.choices):
            count = len(self.choices)
            return f"The last list is numbered 1 to {count}: type one of those, or ask a question."
        entry = self.choices[number - 1]
        self.last = entry
        answer = Answer(entry.question, True, entry, 1.0, shown(entry.citations), (), "picked")
        return format_answer(answer)

    def _more(self) -> str:
        if self.last is None:
            return "Ask a question first: “tell me more” then offers the questions related to its answer."
        knowledge = self.matcher.knowledge
        related = [e for e in map(knowledge.entry, self.last.related) if e is not None]
        if not related:
            return f"The FAQ has nothing more on “{self.last.question}”; ask another question."
        self.choices = tuple(related)
        return f"More on “{self.last.question}”:\n" + "\n".join(_listed(related, True)) + self._pick_hint()

    def _pick_hint(self) -> str:
        count = len(self.choices)
        if not count:
            return ""
        return "\n\nType 1 to read it." if count == 1 else f"\n\nType a number from 1 to {count} to read one."


def cmd_chat(args: argparse.Namespace) -> int:
    chat = Chat(_taught_matcher(args))
    source = chat.matcher.knowledge.source
    print(f"Ask about “{source.title}” ({source.publisher}, {source.date}). Type help for what you can type.")
    while True:
        try:
            said = input("> ")
        except EOFError:
            print()
            return EXIT_OK
        reply = chat.reply(said)
        if reply is None:
            return EXIT_OK
        print(reply + "\n")


def cmd_check(args: argparse.Namespace) -> int:
    directory = args.path or knowledge_dir(args)
    knowledge = load_knowledge(directory)
    missing = uncovered_paragraphs(knowledge)
    paragraphs = len(knowledge.article)
    covered = 100.0 * (paragraphs - len(missing)) / max(1, paragraphs)
    if not args.quiet:
        alternates = sum(len(e.alternates) for e in knowledge.entries)
        facets = sum(len(e.not_answered) for e in knowledge.entries)
        counts = f"{len(knowledge.entries)} entries, {alternates} alternates, {facets} not answered"
        print(f"{directory}: {counts}, OK")
        print(f"coverage: {covered:.1f}% of {paragraphs} paragraphs cited")
    if missing:
        print(f"not cited by any entry: paragraphs {', '.join(map(str, missing))}", file=sys.stderr)
    untranslated = missing_translations(knowledge)
    for lang, ids in untranslated.items():
        done = len(knowledge.entries) - len(ids)
        if not args.quiet:
            found = [t for e in knowledge.entries if (t := e.translation(lang))]
            alternates, facets = (
                sum(len(t.alternates) for t in found),
                sum(len(t.not_answered) for t in found),
            )
            counts = f"{alternates} alternates, {facets} not answered"
            print(f"{lang}: {done} of {len(knowledge.entries)} entries translated, {counts}")
        if ids:
            print(f"faqbot: not translated into {lang}: {', '.join(ids)}", file=sys.stderr)
    for warning in lint_warnings(knowledge):
        print(f"warning: {warning}", file=sys.stderr)
    matcher = Matcher(knowledge)
    for entry, phrasing in matcher.vague_phrasings():
        warning = f"warning: {entry.id}: {phrasing!r} reads as one common word; say what it is about"
        print(warning, file=sys.stderr)
    for entry, facet in matcher.idle_facets():
        warning = (
            f"warning: {entry.id}: not_answered {facet!r} can't be told from what the entry answers: every "
            "word is already the entry's and it asks with what or whether; name the thing asked"
        )
        print(warning, file=sys.stderr)
    if covered < args.min_coverage:
        print(f"faqbot: coverage {covered:.1f}% is below --min-coverage {args.min_coverage}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_ERROR if any(untranslated.values()) else EXIT_OK


def _eval_failures(report: EvalReport, args: argparse.Namespace) -> list[str]:
    failures = []
    if args.min_in is not None and report.percent("in") < args.min_in:
        failures.append(f"in={report.percent('in'):.1f}% is below --min-in {args.min_in}")
    if args.max_off is not None and report.percent("off") > args.max_off:
        failures.append(f"off_answered={report.percent('off'):.1f}% is above --max-off {args.max_off}")
    if args.max_near is not None and report.percent("near") > args.max_near:
        failures.append(f"near_answered={report.percent('near'):.1f}% is above --max-near {args.max_near}")
    return failures


def cmd_eval(args: argparse.Namespace) -> int:
    try:
        questions = load_questions(args.file)
    except OSError as exc:
        print(f"faqbot: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except UnicodeDecodeError:
        print(f"faqbot: {args.file} is not UTF-8 text; save it as UTF-8", file=sys.stderr)
        return EXIT_ERROR
    matcher = _matcher(args)
    report = evaluate(matcher, questions)
    for miss in report.misses:
        print(miss)
    print(report.summary())
    failures = _eval_failures(report, args)
    for failure in failures:
        print(f"faqbot: {failure}", file=sys.stderr)
    if failures:
        return EXIT_ERROR
    return EXIT_OK


SUGGEST_LIMIT = 20_000  # questions read; bounds memory and the grouping's time on a very busy bot


def cmd_suggest(args: argparse.Namespace) -> int:
    if args.days < 1 or args.min_count < 1:
        print("faqbot: --days and --min-count must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    # Imported here: only suggest needs settings and the database drivers, and `ask` must stay quick.
    from bot.core.suggest import as_yaml, propose
    from bot.storage import open_store

    # Opening a missing file would create an empty database (and its directory) wherever faqbot is run.
    settings = _settings_with_database(
        "faqbot: no database yet at {missing} (DATABASE_URL={url}), so no questions have been logged "
        "there; run from the bot's directory or set DATABASE_URL to its database"
    )
    if isinstance(settings, int):
        return settings
    matcher = _matcher(args)
    since = datetime.now(UTC) - timedelta(days=args.days)
    try:
        logged = _run(_unanswered(open_store(settings.database_url), since))
    except Exception as exc:
        scheme = settings.database_url.partition("://")[0]  # the scheme only: the URL may hold a password
        print(f"faqbot: cannot read the {scheme} database ({exc}); check DATABASE_URL", file=sys.stderr)
        return EXIT_ERROR
    proposals = propose(logged, matcher, min_count=args.min_count)
    print(
        f"{len(logged)} unanswered questions since {since:%Y-%m-%d}: {len(proposals)} suggestions",
        file=sys.stderr,
    )
    sys.stdout.write(as_yaml(proposals))
    return EXIT_OK


_SQLITE_PREFIX = "sqlite:///"


def _missing_sqlite_file(url: str) -> Path | None:
    """The absolute path of a SQLite database file that `url` names and that does not exist yet."""
    path = url.removeprefix(_SQLITE_PREFIX)
    if not url.startswith(_SQLITE_PREFIX) or not path or path == ":memory:" or Path(path).exists():
        return None
    return Path(path).absolute()


async def _unanswered(store: Store, since: datetime) -> list[LoggedQuestion]:
    async with store:
        return await store.unanswered(None, since, limit=SUGGEST_LIMIT)


# -- teaching -----------------------------------------------------------------------------------

CLI_OPERATOR = b"cli"  # who teaches from the command line; never a Discord id (those are digits)


def cli_moderator(settings: Settings) -> UserHash:
    """The moderator a command-line teaching is stored under: the operator, hashed as hash_user hashes a
    Discord user (HMAC-SHA256 under the configured salt), so no teaching stores who someone is."""
    from bot.storage import UserHash

    return UserHash(hmac.new(settings.user_salt(), CLI_OPERATOR, hashlib.sha256).hexdigest())


def _teaching_settings(command: str) -> Settings | int:
    """The settings, when the database they name exists; else the exit code after saying why."""
    # The bot creates its database when it first runs; a new file here would be one it never reads.
    return _settings_with_database(
        f"faqbot {command}: no database at {{missing}} (DATABASE_URL={{url}}); run from the bot's "
        "directory, set DATABASE_URL to its database, or start the bot once to create it"
    )


def _settings_with_database(missing_message: str) -> Settings | int:
    """The settings, when the database they name exists (never created just to be read); else the exit
    code after saying why: `missing_message` with {missing} (the file) and {url} filled in."""
    from pydantic import ValidationError

    from bot.settings import Settings, settings_problem

    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"faqbot: {settings_problem(exc)}", file=sys.stderr)
        return EXIT_USAGE
    missing = _missing_sqlite_file(settings.database_url)
    if missing is not None:
        print(missing_message.format(missing=missing, url=settings.database_url), file=sys.stderr)
        return EXIT_ERROR
    return settings


def _database_failed(settings: Settings, exc: Exception) -> int:
    scheme = settings.database_url.partition("://")[0]  # the scheme only: the URL may hold a password
    print(f"faqbot: cannot use the {scheme} database ({exc}); check DATABASE_URL", file=sys.stderr)
    return EXIT_ERROR


def _target(teaching: Teaching) -> str:
    from bot.core.teaching import NOT_IN_ARTICLE

    return teaching.entry_id or NOT_IN_ARTICLE


def cmd_teach(args: argparse.Namespace) -> int:
    if args.not_in_article == (args.entry is not None):
        print(
            'usage: faqbot teach "QUESTION" ENTRY_ID\n   or: faqbot teach --not-in-article "QUESTION"',
            file=sys.stderr,
        )
        return EXIT_USAGE
    settings = _teaching_settings("teach")
    if isinstance(settings, int):
        return settings
    try:
        moderator = cli_moderator(settings)
    except ValueError as exc:
        print(f"faqbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    knowledge = load_knowledge(knowledge_dir(args))
    from bot.core.teaching import refusal
    from bot.storage import open_store

    async def teach() -> Teaching | str:
        async with open_store(settings.database_url) as store:
            taught = _applied(knowledge, list(reversed(await store.teachings(None))))
            reason = refusal(taught.knowledge, args.question, args.entry)
            if reason is not None:
                return reason
            when = datetime.now(UTC)
            return await store.add_teaching(
                text=args.question, entry_id=args.entry, moderator=moderator, at=when
            )

    try:
        outcome = _run(teach())
    except Exception as exc:
        return _database_failed(settings, exc)
    if isinstance(outcome, str):
        print(f"faqbot: not taught: {outcome}", file=sys.stderr)
        return EXIT_ERROR
    print(f"taught #{outcome.id}: “{outcome.text}” → {_target(outcome)} (FAQ version {outcome.version})")
    return EXIT_OK


def _applied(knowledge: Knowledge, teachings: Sequence[Teaching]) -> Applied:
    from bot.core.teaching import apply_teachings

    return apply_teachings(knowledge, teachings)


def cmd_taught(args: argparse.Namespace) -> int:
    if args.limit < 1 or (args.undo is not None and args.undo < 1):
        print("faqbot: --limit and --undo must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    settings = _teaching_settings("taught")
    if isinstance(settings, int):
        return settings
    from bot.storage import open_store

    if args.undo is not None:
        try:
            moderator = cli_moderator(settings)
        except ValueError as exc:
            print(f"faqbot: {exc}", file=sys.stderr)
            return EXIT_USAGE

        async def undo() -> Teaching | None:
            async with open_store(settings.database_url) as store:
                return await store.undo_teaching(args.undo, moderator=moderator, at=datetime.now(UTC))

        try:
            undone = _run(undo())
        except Exception as exc:
            return _database_failed(settings, exc)
        if undone is None:
            print(
                f"faqbot: no teaching #{args.undo} is in force (`faqbot taught` lists them)", file=sys.stderr
            )
            return EXIT_ERROR
        print(f"undone #{undone.id}: “{undone.text}” → {_target(undone)} (FAQ version {undone.undo_version})")
        return EXIT_OK

    async def listed() -> list[Teaching]:
        async with open_store(settings.database_url) as store:
            return await store.teachings(args.limit)

    try:
        teachings = _run(listed())
    except Exception as exc:
        return _database_failed(settings, exc)
    if not teachings:
        print('nothing taught yet (faqbot teach "QUESTION" ENTRY_ID)')
        return EXIT_OK
    skipped = {
        id(s.teaching): s.reason
        for s in _applied(load_knowledge(knowledge_dir(args)), teachings[::-1]).skipped
    }
    for teaching in teachings:
        when = f"{teaching.created_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        print(f"#{teaching.id:<5} {when}  {_target(teaching)}  “{teaching.text}”")
        if id(teaching) in skipped:
            print(f"       not applied: {skipped[id(teaching)]}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    settings = _teaching_settings("export")
    if isinstance(settings, int):
        return settings
    from bot.core.knowledge import FAQ_FILE
    from bot.core.teaching import merge_into_faq
    from bot.storage import open_store

    directory = knowledge_dir(args)
    knowledge = load_knowledge(directory)
    text = (directory / FAQ_FILE).read_bytes().decode("utf-8")

    async def live() -> list[Teaching]:
        async with open_store(settings.database_url) as store:
            return list(reversed(await store.teachings(None)))

    try:
        teachings = _run(live())
    except Exception as exc:
        return _database_failed(settings, exc)
    applied = _applied(knowledge, teachings)
    merged = merge_into_faq(text, applied.knowledge, applied.applied)
    problem = _export_problem(directory, merged.text)
    if problem is not None:
        print(f"faqbot: not exported: the merged faq.yaml would not load:\n{problem}", file=sys.stderr)
        return EXIT_ERROR
    if args.out is None:
        sys.stdout.write(merged.text)
    else:
        args.out.write_bytes(merged.text.encode("utf-8"))
    print(
        f"faqbot: {len(merged.added)} taught phrasings merged, {len(applied.present)} already in {FAQ_FILE}, "
        f"{len(teachings)} in force",
        file=sys.stderr,
    )
    for chinese in merged.elsewhere:
        teaching = cast("Teaching", chinese)
        print(
            f"faqbot: #{teaching.id} “{teaching.text}” is Chinese: add it to the entry's alternates in "
            f"faq.zh.yaml by hand",
            file=sys.stderr,
        )
    for skipped in applied.skipped:
        number = cast("Teaching", skipped.teaching).id
        print(f"faqbot: not merged: #{number}: {skipped.reason}", file=sys.stderr)
    return EXIT_OK


def _export_problem(directory: Path, text: str) -> str | None:
    """Why `text` as `directory`'s faq.yaml would not load; None when it loads."""
    import shutil
    import tempfile

    from bot.core.knowledge import ARTICLE_FILE, FAQ_FILE, TRANSLATION_FILES

    with tempfile.TemporaryDirectory(prefix="faqbot-export-") as scratch:
        copy = Path(scratch)
        shutil.copyfile(directory / ARTICLE_FILE, copy / ARTICLE_FILE)
        for path in directory.glob(TRANSLATION_FILES):
            shutil.copyfile(path, copy / path.name)
        (copy / FAQ_FILE).write_bytes(text.encode("utf-8"))
        try:
            load_knowledge(copy)
        except KnowledgeError as exc:
            return str(exc).replace(str(copy / FAQ_FILE), str(directory / FAQ_FILE))
    return None
