"""`faqbot run`, `sync` and `doctor`: the commands that talk to Discord.

Each reads the settings once, builds the knowledge, matcher and bot, and reports failures as one line on
stderr with what to do about it. The token is never printed or logged.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import discord
from discord import app_commands
from pydantic import ValidationError

from bot.client import FaqBot
from bot.core import Knowledge, KnowledgeError, Matcher, load_knowledge, uncovered_paragraphs
from bot.logging_setup import configure_logging
from bot.settings import Settings, settings_problem
from bot.storage import Store, database_file_problem, open_store, retention_loop

__all__ = ["command_differences", "doctor", "invite_url", "reload_on_signal", "run", "sync", "sync_commands"]

log = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
NO_TOKEN = "DISCORD_TOKEN is not set; put it in the environment or .env"
BAD_TOKEN = "Discord rejected DISCORD_TOKEN; copy a fresh one from the Developer Portal (Bot > Reset Token)"
INVITE_SCOPES = ("bot", "applications.commands")
# Replies to @mentions go where the question was, threads included; answers are embeds.
INVITE_PERMISSIONS = discord.Permissions(
    send_messages=True, send_messages_in_threads=True, embed_links=True, read_message_history=True
)


class Stop(Exception):
    """Ends a command with one line for the person running it and an exit code."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


def run(args: argparse.Namespace) -> int:
    """Start the bot and serve until SIGTERM/SIGINT; 0 after a clean shutdown."""
    return _guard(_run, args)


def sync(args: argparse.Namespace) -> int:
    """Register the app commands globally or on `--guild`, or remove them with `--clear`."""
    return _guard(_sync, args)


def doctor(args: argparse.Namespace) -> int:
    """One line per check with a fix hint; 1 when any check failed."""
    return _guard(_doctor, args)


def invite_url(application_id: int) -> str:
    """The link that adds the bot to a server with only the permissions it uses."""
    return discord.utils.oauth_url(application_id, permissions=INVITE_PERMISSIONS, scopes=INVITE_SCOPES)


async def sync_commands(bot: FaqBot, *, guild_id: int | None, clear: bool) -> list[app_commands.AppCommand]:
    """Make Discord's commands (global, or one guild's) match the tree, or empty with `clear`."""
    guild = discord.Object(guild_id) if guild_id is not None else None
    if clear:
        bot.tree.clear_commands(guild=guild)
    elif guild is not None:
        bot.tree.copy_global_to(guild=guild)  # a guild gets them instantly; handy while developing
    return await bot.tree.sync(guild=guild)


async def command_differences(bot: FaqBot, fetched: Iterable[app_commands.AppCommand]) -> list[str]:
    """How Discord's global commands differ from the tree: missing, extra or changed, by name. Changed
    counts the description and the names and descriptions in other languages, as the tree's translator
    gives them and `faqbot sync` sends them."""
    translator = bot.tree.translator
    ours = {}
    for command in bot.tree.get_commands():
        if translator is not None:
            payload = await command.get_translated_payload(bot.tree, translator)
        else:
            payload = command.to_dict(bot.tree)
        ours[(command.name, _kind(command))] = _as_shown(payload)
    theirs = {(c.name, _kind(c)): _as_shown(c.to_dict()) for c in fetched}
    problems = [f"{_label(key)} is not on Discord" for key in ours.keys() - theirs.keys()]
    problems += [f"{_label(key)} is on Discord but not in this bot" for key in theirs.keys() - ours.keys()]
    problems += [
        f"{_label(key)} has changed" for key in ours.keys() & theirs.keys() if ours[key] != theirs[key]
    ]
    return sorted(problems)


def _as_shown(payload: Mapping[str, Any]) -> tuple[str, dict[str, str], dict[str, str]]:
    """What a client shows of a command: its description, and its names and descriptions by language."""
    return (
        payload.get("description", ""),
        dict(payload.get("name_localizations") or {}),
        dict(payload.get("description_localizations") or {}),
    )


# -- run ----------------------------------------------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    settings = _load_settings()
    if args.knowledge is not None:  # /faqadmin reload and SIGHUP read the directory the bot started from
        settings = settings.model_copy(update={"knowledge_dir": Path(args.knowledge)})
    token = _token(settings)
    shard_ids, shard_count = _shards(args, settings)
    store = _store(settings)
    matcher = Matcher(_knowledge(args, settings))
    bot = FaqBot(matcher, settings, store=store, shard_ids=shard_ids, shard_count=shard_count)
    return asyncio.run(_serve(bot, store, token))


async def _serve(bot: FaqBot, store: Store, token: str) -> int:
    settings = bot.settings
    # The store opens before Discord is contacted and closes after the bot has, so no write is cut off.
    async with _database(store, settings.database_url), _retention(store, settings.retention_days):
        async with bot:
            _handle_signals(bot)
            await _connect(bot.start(token))
        await bot.finish_writes()
    return EXIT_OK


async def reload_on_signal(bot: FaqBot) -> None:
    """SIGHUP: reload the knowledge as /faqadmin reload does, with the outcome in the log."""
    directory = bot.settings.knowledge_dir
    try:
        knowledge = await bot.reload_knowledge()
    except KnowledgeError as error:
        log.error("reloading %s failed; still serving the old FAQ:\n%s", directory, error)
    except Exception:  # a signal's task has nobody to raise to: the log is the only place to say it
        log.exception("reloading %s failed; still serving the old FAQ", directory)
    else:
        log.info("reloaded %s: %d entries", directory, len(knowledge.entries))


def _handle_signals(bot: FaqBot) -> None:
    loop = asyncio.get_running_loop()
    running: set[asyncio.Task[None]] = set()  # the loop keeps only weak references to tasks

    def start(work: Callable[[], Coroutine[Any, Any, None]]) -> Callable[[], None]:
        def handler() -> None:
            task = loop.create_task(work())
            running.add(task)
            task.add_done_callback(running.discard)

        return handler

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, start(bot.close))
    loop.add_signal_handler(signal.SIGHUP, start(lambda: reload_on_signal(bot)))


def _store(settings: Settings) -> Store:
    try:
        return open_store(settings.database_url, default_private=settings.default_private)
    except ValueError as exc:
        raise Stop(f"{exc}; set DATABASE_URL as .env.example shows", EXIT_USAGE) from None


@contextlib.asynccontextmanager
async def _database(store: Store, url: str) -> AsyncIterator[Store]:
    try:
        await store.connect()
    except Exception as exc:
        scheme = url.partition("://")[0]  # the scheme only: the rest of the URL may hold a password
        problem = f"{exc.__class__.__name__}: {exc}"
        raise Stop(f"cannot open the {scheme} database ({problem}); check DATABASE_URL") from None
    try:
        yield store
    finally:
        await store.close()


@contextlib.asynccontextmanager
async def _retention(store: Store, days: int) -> AsyncIterator[None]:
    task = asyncio.create_task(retention_loop(store, days=days))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _shards(args: argparse.Namespace, settings: Settings) -> tuple[list[int] | None, int | None]:
    shard_ids = settings.shard_ids
    if args.shard_ids:
        try:
            shard_ids = [int(part) for part in args.shard_ids.split(",") if part.strip()]
        except ValueError:
            raise Stop("--shard-ids takes comma-separated numbers, e.g. 0,1", EXIT_USAGE) from None
    shard_count = args.shard_count or settings.shard_count
    if shard_ids and shard_count is None:
        raise Stop("--shard-ids needs --shard-count (or SHARD_COUNT): the total across processes", EXIT_USAGE)
    return shard_ids, shard_count


# -- sync ---------------------------------------------------------------------------------------------------


def _sync(args: argparse.Namespace) -> int:
    settings = _load_settings()
    token = _token(settings)
    bot = FaqBot(Matcher(_knowledge(args, settings)), settings)
    return asyncio.run(_sync_as(bot, token, guild_id=args.guild, clear=args.clear))


async def _sync_as(bot: FaqBot, token: str, *, guild_id: int | None, clear: bool) -> int:
    async with bot:
        await _connect(bot.login(token))  # logging in runs setup_hook, which fills the tree
        synced = await sync_commands(bot, guild_id=guild_id, clear=clear)
        where = f"guild {guild_id}" if guild_id is not None else "globally"
        if clear:
            print(f"removed every command {where}")
        else:
            names = ", ".join(_label((c.name, c.type)) for c in synced)
            print(f"synced {len(synced)} commands {where}: {names}")
        print(f"invite: {invite_url(_application_id(bot))}")
    return EXIT_OK


# -- doctor -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Check:
    status: str  # "ok", "FAIL" or "skip"
    name: str
    detail: str
    fix: str = ""

    def __str__(self) -> str:
        line = f"{self.status:<4} {self.name}: {self.detail}"
        return f"{line} — fix: {self.fix}" if self.fix else line


def _doctor(args: argparse.Namespace) -> int:
    try:
        settings = _load_settings()
    except Stop as problem:
        print(Check("FAIL", "settings", str(problem), "correct it in the environment or .env"))
        return EXIT_ERROR
    knowledge: Knowledge | None = None
    try:
        knowledge = _knowledge(args, settings)
    except Stop as problem:
        knowledge_check = Check("FAIL", "knowledge", str(problem), "correct each line `faqbot check` names")
    else:
        knowledge_check = _coverage(knowledge)
    token = _token_text(settings)
    checks = [
        Check("ok", "settings", "loaded"),
        knowledge_check,
        _check_database(settings),
        Check("ok", "token", "set") if token else Check("FAIL", "token", NO_TOKEN, "see .env.example"),
    ]
    for check in checks:
        print(check)
    skip = _skip_reason(args.offline, token, knowledge)
    if skip or knowledge is None:
        online = [Check("skip", "discord", f"not contacted ({skip})")]
    else:
        online = asyncio.run(_check_discord(FaqBot(Matcher(knowledge), settings), token))
    for check in online:
        print(check)
    return EXIT_ERROR if any(c.status == "FAIL" for c in [*checks, *online]) else EXIT_OK


def _skip_reason(offline: bool, token: str, knowledge: Knowledge | None) -> str:
    """Why the checks that contact Discord cannot run; empty when they can."""
    if offline:
        return "--offline"
    if not token:
        return "no token"
    return "the knowledge is invalid" if knowledge is None else ""


def _coverage(knowledge: Knowledge) -> Check:
    missing = uncovered_paragraphs(knowledge)
    paragraphs = len(knowledge.article)
    covered = 100.0 * (paragraphs - len(missing)) / max(1, paragraphs)
    detail = f"{len(knowledge.entries)} entries, {covered:.1f}% of {paragraphs} paragraphs cited"
    if missing:
        return Check("ok", "knowledge", f"{detail}; uncited: {', '.join(map(str, missing))}")
    return Check("ok", "knowledge", detail)


def _check_database(settings: Settings) -> Check:
    try:
        open_store(settings.database_url)  # parses the URL and picks a backend; connects to nothing
    except ValueError as exc:
        return Check("FAIL", "database", str(exc), "set DATABASE_URL as .env.example shows")
    problem = database_file_problem(settings.database_url)
    if problem is not None:
        fix = "stop faqbot, move the -wal and -shm files aside (or restore all three from a backup), start it"
        return Check("FAIL", "database", problem, fix)
    return Check("ok", "database", f"{settings.database_url.partition('://')[0]} URL parses")


async def _check_discord(bot: FaqBot, token: str) -> list[Check]:
    async with bot:
        try:
            await _connect(bot.login(token))
        except Stop as problem:
            return [Check("FAIL", "login", str(problem))]
        checks = [Check("ok", "login", f"token accepted for {bot.user}")]
        differences = await command_differences(bot, await bot.tree.fetch_commands())
        if differences:
            checks.append(Check("FAIL", "commands", "; ".join(differences), "run `faqbot sync`"))
        else:
            checks.append(Check("ok", "commands", "Discord has every command, as this bot defines them"))
        checks.append(Check("ok", "invite", invite_url(_application_id(bot))))
        return checks


# -- shared -------------------------------------------------------------------------------------------------


def _guard(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return command(args)
    except Stop as stop:
        print(f"faqbot: {stop}", file=sys.stderr)
        return stop.code


def _load_settings() -> Settings:
    """The settings, read once; also sets up logging, with the token redacted."""
    try:
        settings = Settings()
    except ValidationError as exc:
        raise Stop(settings_problem(exc), EXIT_USAGE) from None
    secrets = [settings.discord_token, settings.user_hash_salt]
    configure_logging(settings.log_level, settings.log_format, secrets=secrets, verbose=settings.log_verbose)
    return settings


def _token_text(settings: Settings) -> str:
    return settings.discord_token.get_secret_value().strip() if settings.discord_token else ""


def _token(settings: Settings) -> str:
    token = _token_text(settings)
    if not token:
        raise Stop(NO_TOKEN, EXIT_USAGE)
    return token


def _knowledge(args: argparse.Namespace, settings: Settings) -> Knowledge:
    directory = Path(args.knowledge) if args.knowledge is not None else settings.knowledge_dir
    try:
        return load_knowledge(directory)
    except KnowledgeError as exc:
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        first = exc.problems[0] if exc.problems else "unknown problem"
        raise Stop(f"the knowledge is invalid: {first}{more}; run `faqbot check {directory}`") from None


async def _connect(step: Awaitable[None]) -> None:
    try:
        await step
    except discord.LoginFailure:
        raise Stop(BAD_TOKEN) from None
    except discord.DiscordServerError as exc:
        raise Stop(
            f"Discord is not answering properly (HTTP {exc.status}); try again in a few minutes"
        ) from None
    except discord.Forbidden as exc:
        raise Stop(
            f"Discord refused the connection (HTTP {exc.status}); check DISCORD_TOKEN, and if it is right, "
            "this host may be blocked for a while after too many failed requests"
        ) from None
    except discord.HTTPException as exc:
        raise Stop(f"Discord answered HTTP {exc.status} while connecting; try again later") from None
    except (aiohttp.ClientError, OSError) as exc:
        raise Stop(
            f"cannot reach Discord ({exc.__class__.__name__}); check the network and try again"
        ) from None


def _application_id(bot: FaqBot) -> int:
    if bot.application_id is None:
        raise Stop("Discord did not say which application this token belongs to")
    return bot.application_id


def _kind(command: object) -> discord.AppCommandType:
    return getattr(command, "type", discord.AppCommandType.chat_input)


def _label(key: tuple[str, discord.AppCommandType]) -> str:
    name, kind = key
    return f"/{name}" if kind is discord.AppCommandType.chat_input else f"“{name}” ({kind.name} menu)"
