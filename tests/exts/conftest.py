"""A FaqBot on simcord's simulated Discord, with its commands synced, and people to use it."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path
from typing import Any

import discord
import pytest
import simcord

from bot.client import FaqBot
from bot.core import Matcher
from bot.settings import Settings
from bot.storage import Store, open_store

# The cooldown is generous enough that no test but the cooldown tests ever meets it.
TEST_SETTINGS: dict[str, Any] = {
    "cooldown_rate": 50,
    "cooldown_seconds": 60.0,
    "default_private": False,
    "user_hash_salt": "test salt",
    "warm_index": False,  # two seconds of reading per bot: the tests that need it turn it on
}


@pytest.fixture
def settings(request: pytest.FixtureRequest) -> Settings:
    """Settings from no .env and no token; override fields with indirect parametrization."""
    overrides = getattr(request, "param", {})
    return Settings(_env_file=None, discord_token=None, **{**TEST_SETTINGS, **overrides})  # type: ignore[call-arg]


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "faqbot.sqlite3"


@pytest.fixture
async def store(settings: Settings, database: Path) -> AsyncIterator[Store]:
    """A real, empty store in a file, as `faqbot run` opens one; `rows` looks inside it."""
    async with open_store(f"sqlite:///{database}", default_private=settings.default_private) as store:
        yield store


def rows(database: Path, query: str) -> list[tuple[Any, ...]]:
    """What the database holds, read behind the store's back."""
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute(query).fetchall()


@pytest.fixture
def simcord_bot(matcher: Matcher, settings: Settings, store: Store) -> FaqBot:
    # Following FAQ changes polls the SQLite file every second: simcord would never see the bot settle.
    # Teaching tests follow them on a store in memory (tests/exts/test_teach.py).
    return FaqBot(matcher, settings, store=store, shard_count=1, follow_changes=False)


@pytest.fixture
async def env(simcord_env: simcord.Env) -> simcord.Env:
    assert isinstance(simcord_env.bot, FaqBot)
    await simcord_env.bot.tree.sync()
    return simcord_env


@pytest.fixture
def bot(env: simcord.Env) -> FaqBot:
    """The running bot, typed as what it is."""
    assert isinstance(env.bot, FaqBot)
    return env.bot


@pytest.fixture
def guild(env: simcord.Env) -> simcord.GuildHandle:
    return env.create_guild("Readers")


@pytest.fixture
def channel(guild: simcord.GuildHandle) -> simcord.ChannelHandle:
    return guild.create_text_channel("general")


@pytest.fixture
def alice(env: simcord.Env, guild: simcord.GuildHandle) -> simcord.MemberActor:
    return guild.add_member(env.create_user("alice"))


@pytest.fixture
def manager(env: simcord.Env, guild: simcord.GuildHandle) -> simcord.MemberActor:
    """A member with Manage Server, who may use /faqadmin."""
    role = guild.create_role("managers", permissions=discord.Permissions(manage_guild=True))
    return guild.add_member(env.create_user("manager"), roles=[role])


@pytest.fixture
def bob(env: simcord.Env, guild: simcord.GuildHandle) -> simcord.MemberActor:
    return guild.add_member(env.create_user("bob"))
