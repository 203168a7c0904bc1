"""Two `faqbot run` processes, on different shards, sharing one real PostgreSQL, each on its own loopback
fake Discord: what is taught through one is answered by the other within 2 s, and /faqadmin reload
through one reloads both."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import yaml

from bot.core import Knowledge, load_knowledge
from bot.messages import message
from tests.conftest import KNOWLEDGE_DIR, ROOT
from tests.e2e import payloads
from tests.e2e.fake_discord import FAKE_TOKEN, FakeDiscord
from tests.e2e.payloads import JsonDict
from tests.storage.conftest import postgres_server  # noqa: F401  (the session's PostgreSQL server)

MANAGE_GUILD = 1 << 5
EPHEMERAL = 1 << 6
WEDGE, WEDGE_ENTRY = "what's the tea on the wedge thing", "split-russia-china"
ZEBRAS = "what colour are the zebras in the article"  # added to the files, then reloaded
PROPAGATION_SECONDS = 2.0
START_SECONDS = 60.0


@pytest.fixture
async def database_url(postgres_server: str) -> AsyncIterator[str]:  # noqa: F811
    name = f"test_{uuid.uuid4().hex}"
    admin = await asyncpg.connect(postgres_server)
    try:
        await admin.execute(f"CREATE DATABASE {name}")
        yield f"{postgres_server.rsplit('/', 1)[0]}/{name}"
        await admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
    finally:
        await admin.close()


@contextlib.asynccontextmanager
async def faqbot_run(
    fake: FakeDiscord, shard: int, database_url: str, knowledge: Path, home: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """`faqbot run --shard-ids SHARD --shard-count 2` in a process of its own, until SIGTERM at the end."""
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "DISCORD_TOKEN": FAKE_TOKEN,
        "DATABASE_URL": database_url,
        "KNOWLEDGE_DIR": str(knowledge),
        "USER_HASH_SALT": "two processes",
        "COOLDOWN_SECONDS": "0",  # the test asks again and again until the answer changes
        "FAKE_DISCORD_API": fake.api_base,
        "FAKE_DISCORD_GATEWAY": fake.gateway_url,
    }
    script = str(Path(__file__).with_name("faqbot_against_fake.py"))
    argv = ["run", "--shard-ids", str(shard), "--shard-count", "2"]
    process = await asyncio.create_subprocess_exec(
        sys.executable, script, *argv, cwd=home, env=env, stderr=(home / "stderr").open("wb")
    )
    try:
        identified = asyncio.ensure_future(fake.wait_until_identified(START_SECONDS))
        exited = asyncio.ensure_future(process.wait())
        await asyncio.wait({identified, exited}, return_when=asyncio.FIRST_COMPLETED)
        exited.cancel()
        if not identified.done() or identified.exception() is not None:
            identified.cancel()
            raise AssertionError(f"shard {shard} did not start:\n{(home / 'stderr').read_text()}")
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()


def manager_command(subcommand: str, **options: Any) -> JsonDict:
    given = [payloads.option(name, value) for name, value in options.items()]
    command = payloads.slash_command("faqadmin", [{"type": 1, "name": subcommand, "options": given}])
    command["member"] = payloads.member(payloads.someone("manager"), permissions=str(MANAGE_GUILD))
    return command


async def followup(fake: FakeDiscord, interaction: JsonDict, timeout: float = 20.0) -> str:
    """What a deferred /faqadmin said, once it said it."""
    await fake.interact(interaction)
    sent = await fake.wait_for_request(payloads.followup_route(interaction), timeout=timeout)
    content: str = sent.json["content"]
    return content


async def answered_within(fake: FakeDiscord, question: str, title: str, seconds: float) -> float:
    """Ask `question` until the answer is the entry titled `title`; how long that took (at most `seconds`)."""
    start = time.monotonic()
    while True:
        ask = payloads.slash_command("ask", [payloads.option("question", question)])
        reply = (await fake.interact(ask)).json["data"]
        if reply.get("embeds") and reply["embeds"][0]["title"] == title:
            return time.monotonic() - start
        if time.monotonic() - start > seconds:
            raise AssertionError(f"{question!r} was not answered with {title!r} within {seconds}s")
        await asyncio.sleep(0.1)


async def test_teaching_through_one_process_is_answered_by_the_other_and_reload_reloads_both(
    database_url: str, tmp_path: Path
) -> None:
    knowledge_dir = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, knowledge_dir)
    knowledge: Knowledge = load_knowledge(knowledge_dir)
    wedge = knowledge.entry(WEDGE_ENTRY)
    assert wedge is not None
    async with FakeDiscord() as first_fake, FakeDiscord() as second_fake:
        async with (
            faqbot_run(first_fake, 0, database_url, knowledge_dir, tmp_path / "shard0"),
            faqbot_run(second_fake, 1, database_url, knowledge_dir, tmp_path / "shard1"),
        ):
            with pytest.raises(AssertionError):
                await answered_within(second_fake, WEDGE, wedge.question, 0)

            # A member without Manage Server is refused, privately, and nothing is taught.
            attempt = manager_command("teach", question=WEDGE, entry=WEDGE_ENTRY)
            attempt["member"] = payloads.member(payloads.someone("member"), permissions="0")
            refused = (await first_fake.interact(attempt)).json
            assert refused["data"]["content"] == message("errors.not_a_manager")
            assert refused["data"]["flags"] & EPHEMERAL
            with pytest.raises(AssertionError):
                await answered_within(second_fake, WEDGE, wedge.question, 1)

            taught = await followup(first_fake, manager_command("teach", question=WEDGE, entry=WEDGE_ENTRY))
            assert taught.startswith("Taught #1") and "Answering from it now" in taught
            assert await answered_within(second_fake, WEDGE, wedge.question, PROPAGATION_SECONDS) < 2

            rubio = knowledge.entry("rubio-breitbart")
            assert rubio is not None
            add_zebras(knowledge_dir)
            reloaded = await followup(first_fake, manager_command("reload"))
            assert "every process running the bot was told to reload" in reloaded
            await answered_within(first_fake, ZEBRAS, rubio.question, PROPAGATION_SECONDS)
            await answered_within(second_fake, ZEBRAS, rubio.question, PROPAGATION_SECONDS)
            await answered_within(second_fake, WEDGE, wedge.question, 0)  # the teaching survives reloads
        first_fake.assert_no_crashes()
        second_fake.assert_no_crashes()


def add_zebras(knowledge: Path) -> None:
    faq = knowledge / "faq.yaml"
    data = yaml.safe_load(faq.read_text(encoding="utf-8"))
    rubio = next(e for e in data["entries"] if e["id"] == "rubio-breitbart")
    rubio["alternates"].append(ZEBRAS)
    faq.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
