"""A FaqBot on simcord's simulated Discord, with its commands synced, and people to use it."""

from __future__ import annotations

from typing import Any

import pytest
import simcord

from bot.client import FaqBot
from bot.core import Matcher
from bot.settings import Settings

# Generous enough that no test but the cooldown tests ever meets it.
TEST_SETTINGS: dict[str, Any] = {"cooldown_rate": 50, "cooldown_seconds": 60.0, "default_private": False}


@pytest.fixture
def settings(request: pytest.FixtureRequest) -> Settings:
    """Settings from no .env and no token; override fields with indirect parametrization."""
    overrides = getattr(request, "param", {})
    return Settings(_env_file=None, discord_token=None, **{**TEST_SETTINGS, **overrides})  # type: ignore[call-arg]


@pytest.fixture
def simcord_bot(matcher: Matcher, settings: Settings) -> FaqBot:
    return FaqBot(matcher, settings, shard_count=1)


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
def bob(env: simcord.Env, guild: simcord.GuildHandle) -> simcord.MemberActor:
    return guild.add_member(env.create_user("bob"))
