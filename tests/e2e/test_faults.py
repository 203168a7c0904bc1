"""`faqbot run` when things go wrong around it: the gateway drops, Discord rate-limits or fails a request,
the database is locked. Whatever happens, the bot keeps running, says what went wrong in the log, and the
next person asking gets an answer in time."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import discord
import pytest

from bot.messages import message
from bot.utils import bounds
from tests.e2e import payloads
from tests.e2e.conftest import FaqbotCli, FaqbotRun
from tests.e2e.fake_discord import FakeDiscord, RecordedRequest
from tests.e2e.payloads import JsonDict

RUBIO = "What did Rubio tell Breitbart?"
DEADLINE = 3.0  # seconds Discord gives a bot to acknowledge an interaction
CHANNEL_MESSAGE = "POST /channels/{channel_id}/messages"
IDENTIFY, RESUME = 2, 6
# Longer than the SQLite store's busy timeout (5 s), so that its writes give up rather than wait it out.
LOCKED_FOR = 6.0
MANAGE_GUILD = int(payloads.EVERYONE_PERMISSIONS) | 1 << 5


def ask(question: str = RUBIO) -> JsonDict:
    return payloads.slash_command(
        "ask", [payloads.option("question", question)], user_payload=payloads.someone()
    )


def mention(question: str = RUBIO) -> JsonDict:
    return payloads.message(
        f"<@{payloads.BOT_USER_ID}> {question}", author=payloads.someone(), mentions=[payloads.bot_user()]
    )


def is_answer(body: JsonDict) -> bool:
    """An answer with its cited paragraphs, whether a callback's data or a message body."""
    embeds = body.get("embeds") or []
    return len(embeds) == 1 and "\n> **¶" in embeds[0].get("description", "")


async def eventually(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout}s")
        await asyncio.sleep(0.01)


def errors(run: FaqbotRun) -> list[logging.LogRecord]:
    return [record for record in run.problems if record.levelno >= logging.ERROR]


def logged_exception(run: FaqbotRun, kind: type[BaseException]) -> bool:
    """Whether an error was logged with a traceback of `kind`, directly or as the cause."""
    for record in errors(run):
        error = record.exc_info[1] if record.exc_info else None
        while error is not None:
            if isinstance(error, kind):
                return True
            error = error.__cause__ or error.__context__
    return False


def opcodes(fake: FakeDiscord) -> list[int]:
    return [payload["op"] for payload in fake.gateway_received]


# --- the gateway -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "interruption",
    ["dropped-while-answering", "dropped-after-the-answer", "reconnect-requested"],
)
def test_interrupted_gateway_is_resumed_and_questions_are_answered_throughout(
    faqbot: FaqbotCli, interruption: str
) -> None:
    async def scenario(fake: FakeDiscord) -> list[RecordedRequest]:
        during = ask()
        route = payloads.callback_route(during)
        if interruption == "dropped-while-answering":
            fake.delay(route, 0.3)  # the answer is on its way over HTTP when the gateway goes
        await fake.dispatch("INTERACTION_CREATE", during)
        if interruption == "dropped-while-answering":
            await eventually(lambda: bool(fake.requests_to(route)))
            await fake.drop_gateway()
        first = await fake.wait_for_request(route)
        if interruption == "dropped-after-the-answer":
            await fake.drop_gateway()
        elif interruption == "reconnect-requested":
            await fake.request_reconnect()
        await eventually(lambda: fake.resumes() == 1)
        return [first, await fake.interact(ask())]

    run = faqbot.run(scenario)

    assert [callback.status for callback in run.result] == [200, 200]
    assert all(is_answer(callback.json["data"]) for callback in run.result)
    # One session throughout: resumed, not identified afresh (which would lose events in between).
    assert opcodes(run.fake).count(IDENTIFY) == 1 and opcodes(run.fake).count(RESUME) == 1
    assert run.exit_code == 0
    assert errors(run) == []


def test_interaction_created_while_the_gateway_is_down_is_answered_in_time_after_resuming(
    faqbot: FaqbotCli,
) -> None:
    async def scenario(fake: FakeDiscord) -> tuple[RecordedRequest, float]:
        await fake.drop_gateway()
        missed = ask()
        started = time.monotonic()
        await fake.dispatch("INTERACTION_CREATE", missed)  # kept by the fake and replayed on RESUME
        callback = await fake.wait_for_request(payloads.callback_route(missed))
        return callback, callback.received_at - started

    run = faqbot.run(scenario)

    callback, took = run.result
    assert is_answer(callback.json["data"])
    assert took < DEADLINE
    assert opcodes(run.fake).count(IDENTIFY) == 1
    assert run.exit_code == 0
    assert errors(run) == []


# --- rate limits and server errors -----------------------------------------------------------------------


@pytest.mark.parametrize("is_global", [False, True], ids=["route-limit", "global-limit"])
def test_rate_limited_answer_is_sent_again_after_retry_after_and_arrives_in_time(
    faqbot: FaqbotCli, is_global: bool
) -> None:
    retry_after = 0.5

    async def scenario(fake: FakeDiscord) -> tuple[list[RecordedRequest], float, RecordedRequest]:
        limited = ask()
        route = payloads.callback_route(limited)
        fake.rate_limit(route, retry_after=retry_after, is_global=is_global)
        started = time.monotonic()
        await fake.dispatch("INTERACTION_CREATE", limited)
        attempts = [await fake.wait_for_request(route), await fake.wait_for_request(route)]
        return attempts, attempts[-1].received_at - started, await fake.interact(ask())

    run = faqbot.run(scenario)

    (refused, accepted), took, later = run.result
    assert (refused.status, accepted.status) == (429, 200)
    assert accepted.json == refused.json and is_answer(accepted.json["data"])
    assert retry_after <= took < DEADLINE
    assert later.status == 200 and is_answer(later.json["data"])
    assert run.exit_code == 0
    assert errors(run) == []


@pytest.mark.parametrize("status", [500, 503])
def test_a_server_error_on_the_answer_is_retried_and_the_answer_still_arrives_in_time(
    faqbot: FaqbotCli, status: int
) -> None:
    async def scenario(fake: FakeDiscord) -> tuple[list[RecordedRequest], float, RecordedRequest]:
        interaction = ask()
        route = payloads.callback_route(interaction)
        fake.fail(route, status)
        started = time.monotonic()
        await fake.dispatch("INTERACTION_CREATE", interaction)
        attempts = [await fake.wait_for_request(route), await fake.wait_for_request(route)]
        return attempts, attempts[-1].received_at - started, await fake.interact(ask())

    run = faqbot.run(scenario)

    (failed, retried), took, later = run.result
    assert (failed.status, retried.status) == (status, 200)
    assert retried.json == failed.json and is_answer(retried.json["data"])
    assert took < DEADLINE
    assert is_answer(later.json["data"])
    assert run.exit_code == 0
    assert errors(run) == []


def test_a_server_error_on_a_followup_is_retried_and_the_followup_arrives(faqbot: FaqbotCli) -> None:
    manager = payloads.member(payloads.someone("manager"), permissions=str(MANAGE_GUILD))

    async def scenario(fake: FakeDiscord) -> tuple[RecordedRequest, list[RecordedRequest]]:
        report = payloads.slash_command("faqadmin", [{"type": 1, "name": "unanswered", "options": []}])
        report["member"] = manager
        fake.fail(payloads.followup_route(report), 502)
        deferred = await fake.interact(report)
        route = payloads.followup_route(report)
        return deferred, [await fake.wait_for_request(route), await fake.wait_for_request(route)]

    run = faqbot.run(scenario)

    deferred, (failed, retried) = run.result
    assert deferred.json["type"] == 5  # "thinking…", then the report as a followup
    assert (failed.status, retried.status) == (502, 200)
    assert retried.json == failed.json and retried.json["flags"] & 64
    assert run.exit_code == 0
    assert errors(run) == []


@pytest.mark.parametrize("status", [500, 503])
def test_a_server_error_on_a_mention_reply_is_logged_and_the_next_mention_is_answered(
    faqbot: FaqbotCli, status: int
) -> None:
    async def scenario(fake: FakeDiscord) -> list[RecordedRequest]:
        fake.fail(CHANNEL_MESSAGE, status)
        await fake.dispatch("MESSAGE_CREATE", mention())
        replies = [await fake.wait_for_request(CHANNEL_MESSAGE)]
        if status == 500:  # discord.py sends it again after a second
            replies.append(await fake.wait_for_request(CHANNEL_MESSAGE))
        await fake.dispatch("MESSAGE_CREATE", mention())
        replies.append(await fake.wait_for_request(CHANNEL_MESSAGE))
        return replies

    run = faqbot.run(scenario)

    *first, later = run.result
    assert first[0].status == status
    assert later.status == 200 and is_answer(later.json)
    if status == 500:
        assert first[1].status == 200 and first[1].json == first[0].json
    else:
        assert logged_exception(run, discord.DiscordServerError)
    assert run.exit_code == 0


# --- the login ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "says"),
    [(401, "rejected DISCORD_TOKEN"), (403, "refused"), (503, "try again")],
)
@pytest.mark.parametrize("command", ["run", "sync"])
def test_a_failed_login_is_one_clean_line_whatever_discord_answers(
    faqbot: FaqbotCli, capsys: pytest.CaptureFixture[str], status: int, says: str, command: str
) -> None:
    def refuse_login(fake: FakeDiscord) -> None:
        fake.fail("GET /users/@me", status)

    run = faqbot.invoke(command, prepare=refuse_login)

    assert (run.exit_code, run.result) == (1, False)  # it stopped by itself
    err = capsys.readouterr().err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("faqbot: ") and says in last and (status == 401 or str(status) in last), last
    assert run.fake.gateway_received == []


# --- the database ----------------------------------------------------------------------------------------


def hold_write_lock(database: Path) -> sqlite3.Connection:
    """Another process's view: a connection that has taken SQLite's write lock and keeps it."""
    connection = sqlite3.connect(database, isolation_level=None, timeout=5)
    connection.execute("BEGIN IMMEDIATE")
    return connection


def vote(fake: FakeDiscord, answered: JsonDict) -> JsonDict:
    """A click on "Helpful" under the answer the bot gave to `answered`."""
    message = fake.original_responses[answered["token"]]
    [helpful] = [
        button["custom_id"]
        for row in message["components"]
        for button in row["components"]
        if button.get("custom_id", "").startswith("faq:fb:") and button["custom_id"].endswith(":1")
    ]
    return payloads.button_click(helpful, clicked_message=message, user_payload=payloads.someone())


def test_a_locked_database_delays_no_answer_or_vote_and_what_could_not_be_stored_is_logged(
    faqbot: FaqbotCli,
) -> None:
    async def scenario(fake: FakeDiscord) -> tuple[list[tuple[str, RecordedRequest, float]], RecordedRequest]:
        answered = ask()
        await fake.interact(answered)
        timings = []
        with closing(hold_write_lock(faqbot.database)) as locker:
            locked_at = time.monotonic()
            for step, interaction in (("ask", ask()), ("vote", vote(fake, answered)), ("ask", ask())):
                started = time.monotonic()
                callback = await fake.interact(interaction, timeout=LOCKED_FOR + 5)
                timings.append((step, callback, callback.received_at - started))
            await asyncio.sleep(max(0.0, locked_at + LOCKED_FOR - time.monotonic()))
            locker.execute("ROLLBACK")
        return timings, await fake.interact(ask())

    run = faqbot.run(scenario)

    timings, after = run.result
    assert [step for step, callback, _ in timings if callback.status != 200] == []
    assert all(is_answer(callback.json["data"]) for step, callback, _ in timings if step == "ask")
    slow = [f"{step} {took:.1f}s" for step, _, took in timings if took >= DEADLINE]
    assert slow == [], "Discord had given up on these while the database was locked"
    [vote_reply] = [callback.json["data"] for step, callback, _ in timings if step == "vote"]
    assert vote_reply["flags"] & 64 and vote_reply["content"]
    assert is_answer(after.json["data"])
    assert logged_exception(run, sqlite3.OperationalError), "what could not be stored must show in the log"
    assert run.exit_code == 0


def faqadmin(subcommand: str, **options: object) -> JsonDict:
    """/faqadmin SUBCOMMAND from a member with Manage Server."""
    given = [payloads.option(name, value) for name, value in options.items()]
    command = payloads.slash_command("faqadmin", [{"type": 1, "name": subcommand, "options": given}])
    command["member"] = payloads.member(payloads.someone("manager"), permissions=str(MANAGE_GUILD))
    return command


@pytest.mark.parametrize("subcommand", ["settings", "feedback", "unanswered"])
def test_faqadmin_is_acknowledged_in_time_and_answers_within_its_bound_while_the_database_is_locked(
    faqbot: FaqbotCli, monkeypatch: pytest.MonkeyPatch, subcommand: str
) -> None:
    monkeypatch.setattr(bounds, "DATABASE_SECONDS", 1.0)
    options = {"private": True} if subcommand == "settings" else {}

    async def scenario(fake: FakeDiscord) -> tuple[RecordedRequest, float, RecordedRequest, float]:
        with closing(hold_write_lock(faqbot.database)) as locker:
            await fake.interact(
                ask()
            )  # its log write now waits for the lock, and the store's reads behind it
            report = faqadmin(subcommand, **options)
            started = time.monotonic()
            callback = await fake.interact(report, timeout=LOCKED_FOR + 5)
            reply = await fake.wait_for_request(payloads.followup_route(report), timeout=LOCKED_FOR + 5)
            took = time.monotonic() - started
            locker.execute("ROLLBACK")
        return callback, callback.received_at - started, reply, took

    run = faqbot.run(scenario)

    callback, acknowledged, reply, took = run.result
    assert callback.json["type"] == 5 and acknowledged < DEADLINE  # "thinking…" before any database wait
    assert took < 1.0 + DEADLINE, "the database wait was not bounded"
    assert reply.json["flags"] & 64 and reply.json["content"] == message("errors.database_busy")
    assert run.exit_code == 0


def test_a_database_that_cannot_be_opened_stops_the_bot_with_one_line_before_it_goes_online(
    faqbot: FaqbotCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_directory = tmp_path / "plain-file"
    not_a_directory.write_text("")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{not_a_directory}/faqbot.sqlite3")

    run = faqbot.invoke("run", stop_after=5.0)

    assert (run.exit_code, run.result) == (1, False)  # refused by itself, not stopped
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("faqbot: cannot open the sqlite database") and "DATABASE_URL" in err[-1]
    assert run.fake.gateway_received == []


# --- stopping --------------------------------------------------------------------------------------------


def test_stopping_while_an_answer_is_on_its_way_lets_it_finish_without_errors(faqbot: FaqbotCli) -> None:
    async def scenario(fake: FakeDiscord) -> str:
        interaction = ask()
        route = payloads.callback_route(interaction)
        fake.delay(route, 0.5)
        await fake.dispatch("INTERACTION_CREATE", interaction)
        await eventually(lambda: bool(fake.requests_to(route)))
        return route  # SIGTERM now, while Discord has not yet confirmed the answer

    run = faqbot.run(scenario)

    [callback] = run.fake.requests_to(run.result)
    assert callback.status == 200
    assert run.exit_code == 0
    assert run.problem_lines() == []
