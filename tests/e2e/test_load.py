"""1,000 interactions at once through `faqbot run` and the loopback fake: every one acknowledged exactly
once, with the right kind of reply, none lost, whatever else the machine is doing.

How fast is measured, not asserted: timings depend on the machine's load and on coverage tracing (the bot
runs in the test's process), and a test that stops testing when the machine is busy hides regressions.
`FAQBOT_WRITE_LOAD_REPORT=1 python3 -m pytest --no-cov tests/e2e/test_load.py` writes the dispatch→callback
distribution (gateway frame, discord.py's parsing, the matcher, rendering and the HTTP callback, measured
on the fake's side) to benchmarks/load_report.md, beside Discord's 3-second deadline.
"""

from __future__ import annotations

import asyncio
import os
import platform
import resource
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import discord
import pytest

from tests.e2e import payloads
from tests.e2e.conftest import FaqbotCli
from tests.e2e.fake_discord import FakeDiscord, RecordedRequest
from tests.e2e.payloads import JsonDict

INTERACTIONS = 1_000
DEADLINE = 3.0  # seconds Discord gives a bot to acknowledge an interaction before the user sees a failure
ALL_ACKNOWLEDGED_WITHIN = 20.0  # generous: only a bot that loses or stalls interactions comes near it
SETTLE = 0.5  # seconds to keep listening after the last callback, for any duplicate
REPORT = Path(__file__).resolve().parents[2] / "benchmarks" / "load_report.md"
WRITE_REPORT = os.environ.get("FAQBOT_WRITE_LOAD_REPORT") == "1"

ANSWERABLE = (
    "What did Rubio tell Breitbart?",
    "Is Trump trying to split Russia and China?",
    "What is the reverse Kissinger strategy?",
    "How much oil does China buy from Russia?",
    "what did nixon do in 1972",
)
OFF_TOPIC = (
    "What is the weather in Paris?",
    "How many goals did Messi score?",
    "Best pizza recipe?",
)
TYPED = ("rubio", "putin", "nix", "china oil", "k", "")
# Out of every four interactions: two answerable questions, one off-topic question, one autocomplete.
MIX = ("answerable", "answerable", "off-topic", "autocomplete")


# Bot and fake share this process: each in-flight callback holds a socket at both ends, and discord.py
# pools connections without a limit, so a burst can need two descriptors per interaction, plus spare.
OPEN_FILES_NEEDED = 4 * INTERACTIONS


@pytest.fixture(autouse=True)
def enough_open_files() -> Iterator[None]:
    """Raise the soft limit on open files (1,024 on many machines) for the burst; put it back after."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < OPEN_FILES_NEEDED:
        if hard != resource.RLIM_INFINITY and hard < OPEN_FILES_NEEDED:
            pytest.skip(f"needs {OPEN_FILES_NEEDED} open files; the hard limit here is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES_NEEDED, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@dataclass(frozen=True)
class Sent:
    kind: str
    interaction: JsonDict
    at: float = 0.0


def workload() -> list[Sent]:
    """The interactions, each from a different person (the per-user cooldown is not what is measured)."""
    sent = []
    for n in range(INTERACTIONS):
        kind = MIX[n % len(MIX)]
        who = payloads.user(payloads.snowflake(), f"reader{n}")
        if kind == "autocomplete":
            typed = payloads.option("question", TYPED[n % len(TYPED)], focused=True)
            interaction = payloads.autocomplete("ask", [typed], user_payload=who)
        else:
            questions = ANSWERABLE if kind == "answerable" else OFF_TOPIC
            asked = payloads.option("question", questions[n % len(questions)])
            interaction = payloads.slash_command("ask", [asked], user_payload=who)
        sent.append(Sent(kind, interaction))
    return sent


def interaction_id(callback: RecordedRequest) -> str:
    return callback.path.split("/")[2]


def callbacks(fake: FakeDiscord) -> list[RecordedRequest]:
    return [r for r in fake.requests if r.method == "POST" and r.path.endswith("/callback") and r.status]


async def flood(fake: FakeDiscord, work: list[Sent]) -> list[Sent]:
    """Dispatch everything back to back, then wait until every interaction has had its callback."""
    stamped = []
    for item in work:
        stamped.append(Sent(item.kind, item.interaction, time.monotonic()))
        await fake.dispatch("INTERACTION_CREATE", item.interaction)
    wanted = {item.interaction["id"] for item in work}
    deadline = time.monotonic() + ALL_ACKNOWLEDGED_WITHIN
    while wanted - {interaction_id(c) for c in callbacks(fake)} and time.monotonic() < deadline:
        await asyncio.sleep(0.1)  # checking costs the loop that records the callbacks; not too often
    await asyncio.sleep(SETTLE)
    return stamped


def test_a_thousand_concurrent_interactions_are_each_acknowledged_exactly_once(
    faqbot: FaqbotCli,
) -> None:
    work = workload()
    load_before = os.getloadavg()[0]

    run = faqbot.run(lambda fake: flood(fake, work))

    sent: list[Sent] = run.result
    answered = {interaction_id(c): c for c in callbacks(run.fake)}
    counts = Counter(interaction_id(c) for c in callbacks(run.fake))
    missing = [s.interaction["id"] for s in sent if s.interaction["id"] not in answered]
    assert not missing, f"{len(missing)} of {INTERACTIONS} interactions never got a callback"
    assert [i for i, n in counts.items() if n > 1] == [], "an interaction was answered twice"
    assert set(counts) == {s.interaction["id"] for s in sent}
    assert all(c.status == 200 for c in answered.values())
    for item in sent:
        assert_right_kind_of_reply(item.kind, answered[item.interaction["id"]].json)
    assert run.exit_code == 0
    assert run.problem_lines() == []
    run.fake.assert_all_handled()
    run.assert_every_exchange_follows_spec()

    latency = {s.interaction["id"]: answered[s.interaction["id"]].received_at - s.at for s in sent}
    if WRITE_REPORT:
        first, last = min(s.at for s in sent), max(c.received_at for c in answered.values())
        REPORT.parent.mkdir(exist_ok=True)
        REPORT.write_text(report(sent, latency, wall=last - first, load=load_before), encoding="utf-8")


def assert_right_kind_of_reply(kind: str, callback: JsonDict) -> None:
    if kind == "autocomplete":
        assert callback["type"] == 8 and len(callback["data"]["choices"]) <= 25
    elif kind == "answerable":
        assert callback["type"] == 4 and "\n> **¶" in callback["data"]["embeds"][0]["description"], callback
    else:
        assert callback["type"] == 4 and callback["data"]["flags"] & 64, callback
        assert "doesn't say" in callback["data"]["content"]


# --- the report ------------------------------------------------------------------------------------------


def percentiles(seconds: list[float]) -> str:
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    values = (cuts[49], cuts[89], cuts[98], max(seconds))
    return " | ".join(f"{value * 1000:.0f}" for value in values)


def report(sent: list[Sent], latency: dict[str, float], *, wall: float, load: float) -> str:
    pushed = max(s.at for s in sent) - min(s.at for s in sent)
    by_kind: dict[str, list[float]] = {}
    for item in sent:
        by_kind.setdefault(item.kind, []).append(latency[item.interaction["id"]])
    rows = [f"| all | {len(sent)} | {percentiles(list(latency.values()))} |"]
    rows += [f"| {kind} | {len(times)} | {percentiles(times)} |" for kind, times in sorted(by_kind.items())]
    return "\n".join(
        [
            "# Load: 1,000 concurrent interactions through `faqbot run`",
            "",
            "Generated by `FAQBOT_WRITE_LOAD_REPORT=1 python3 -m pytest --no-cov tests/e2e/test_load.py`;"
            " do not edit.",
            "",
            f"- measured: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.platform()}, "
            f"{os.cpu_count()} CPUs (1-minute load average {load:.1f} before the run), "
            f"Python {platform.python_version()}, discord.py {discord.__version__}",
            "- setup: the real `faqbot run` (SQLite database) in the main thread; the loopback fake Discord "
            "(gateway + REST on 127.0.0.1) in a second thread of the same process",
            f"- workload: {len(sent)} INTERACTION_CREATE events dispatched back to back, each from a "
            "different user: half answerable `/ask`, a quarter off-topic `/ask`, "
            "a quarter `/ask` autocomplete",
            "- latency: from just before the fake sends the gateway frame to the fake receiving the "
            "interaction callback",
            f"- the fake pushed all {len(sent)} frames in {pushed:.2f} s, so the times below are mostly "
            "queueing behind the rest of the burst",
            f"- every interaction acknowledged exactly once; all {len(sent)} within {wall:.2f} s "
            f"({len(sent) / wall:.0f} interactions/s)",
            "",
            "| kind | n | p50 ms | p90 ms | p99 ms | max ms |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"Discord's deadline for the first response is {DEADLINE:.0f} s: "
            + ("met" if max(latency.values()) <= DEADLINE else "**missed**")
            + f" here (slowest {max(latency.values()):.2f} s). The test asserts only what holds on any"
            " machine: every interaction acknowledged exactly once, with the right kind of reply.",
            "",
        ]
    )
