"""A write the store acknowledged survives the bot being killed with SIGKILL straight after."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.storage import open_store
from tests.storage.conftest import Database

ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("burst_writer.py")
ACKNOWLEDGED_BEFORE_KILL = 200


async def test_every_acknowledged_write_survives_a_sigkill_mid_burst(database: Database) -> None:
    writer = await asyncio.create_subprocess_exec(
        sys.executable,
        str(WRITER),
        database.url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    assert writer.stdout is not None and writer.stderr is not None
    try:
        async with asyncio.timeout(60):
            lines = [await writer.stdout.readline() for _ in range(ACKNOWLEDGED_BEFORE_KILL)]
        assert lines[-1].endswith(b"\n"), (await writer.stderr.read()).decode()
    finally:
        writer.send_signal(signal.SIGKILL)
    # Numbers already in the pipe were acknowledged before the kill; a cut-off last line was not.
    rest = (await writer.stdout.read()).split(b"\n")[:-1]
    assert await writer.wait() == -signal.SIGKILL
    acknowledged = {f"burst {int(line)}" for line in [*lines, *rest]}

    async with open_store(database.url) as store:
        stored = {q.text for q in await store.unanswered(None, datetime(1970, 1, 1, tzinfo=UTC), 10**9)}
    assert len(acknowledged) > ACKNOWLEDGED_BEFORE_KILL - 1
    assert acknowledged <= stored
