"""A server's settings as the features apply them (bot/utils/server.py): where an answer may be public, and
settings kept in memory, never waited for past Discord's deadline."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from bot.storage import GuildSettings
from bot.utils.server import SettingsCache, allowed_here, placement


def server(
    *, private: bool = False, channels: frozenset[int] = frozenset(), threshold: float | None = None
) -> GuildSettings:
    return GuildSettings(1, private, channels, threshold, answer_mentions=True)


def channel(channel_id: int, parent_id: int | None = None) -> SimpleNamespace:
    return SimpleNamespace(id=channel_id, parent_id=parent_id)


@pytest.mark.parametrize(
    ("channels", "where", "allowed"),
    [
        pytest.param(frozenset(), channel(5), True, id="no-list-means-everywhere"),
        pytest.param(frozenset({5}), channel(5), True, id="listed"),
        pytest.param(frozenset({5}), channel(6), False, id="not-listed"),
        pytest.param(frozenset({5}), channel(9, parent_id=5), True, id="thread-in-a-listed-channel"),
        pytest.param(frozenset({5}), channel(9, parent_id=6), False, id="thread-elsewhere"),
        pytest.param(frozenset({5}), None, False, id="no-channel-known"),
    ],
)
def test_answers_are_public_only_in_the_allowed_channels(
    channels: frozenset[int], where: object, allowed: bool
) -> None:
    assert allowed_here(server(channels=channels), where) is allowed


@pytest.mark.parametrize(
    ("private_setting", "asked", "ephemeral"),
    [(False, None, False), (True, None, True), (True, False, False), (False, True, True)],
)
def test_the_asker_choice_wins_over_the_server_default(
    private_setting: bool, asked: bool | None, ephemeral: bool
) -> None:
    assert placement(server(private=private_setting), channel(5), asked).ephemeral is ephemeral


def test_outside_the_allowed_channels_every_answer_is_private_with_a_note_naming_them() -> None:
    where = placement(server(channels=frozenset({5, 7})), channel(6), private=False)
    assert where.ephemeral and where.note is not None
    assert "<#5>" in where.note and "<#7>" in where.note


def test_the_note_names_at_most_ten_channels() -> None:
    where = placement(server(channels=frozenset(range(100, 130))), channel(6), private=None)
    assert where.note is not None and where.note.count("<#") == 10 and "and 20 more" in where.note


DISCORD_DEADLINE = 3.0  # seconds Discord gives a bot to acknowledge an interaction


DEFAULTS = GuildSettings(None, False, frozenset(), None, answer_mentions=True)


CHOSEN = GuildSettings(1, True, frozenset({5}), 0.8, answer_mentions=False)


class SlowStore:
    """A store that gives a server's settings only after Discord has stopped waiting for the answer."""

    async def get_settings(self, guild_id: int | None) -> GuildSettings:
        await asyncio.sleep(DISCORD_DEADLINE)
        return CHOSEN


async def test_settings_the_database_gives_too_late_for_discord_are_not_waited_for() -> None:
    # Only the order matters: the cache must give up before the store answers at Discord's deadline.
    cache = SettingsCache(SlowStore(), DEFAULTS)  # type: ignore[arg-type]
    assert await cache.get(1) == DEFAULTS
