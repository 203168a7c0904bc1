"""Writes questions "burst 0", "burst 1", ... to the store at argv[1] until killed.

Prints each number only after record_question returned: a printed number is an acknowledged write.
"""

from __future__ import annotations

import asyncio
import itertools
import sys

from bot.storage import hash_user, open_store


async def write_forever(url: str) -> None:
    async with open_store(url) as store:
        for number in itertools.count():
            await store.record_question(
                text=f"burst {number}",
                user_hash=hash_user(number, b"burst"),
                guild_id=1,
                channel_id=1,
                entry_id=None,
                score=0.0,
                answered=False,
            )
            print(number, flush=True)


if __name__ == "__main__":
    asyncio.run(write_forever(sys.argv[1]))
