"""Where and by whom commands may be used, and the cooldown shared by every way of getting an answer."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

import discord
from discord import app_commands

from bot.errors import Refused

if TYPE_CHECKING:
    from bot.client import FaqBot

T = TypeVar("T")
MAX_TRACKED_USERS = 10_000  # past this, users idle for a whole window are forgotten


def everywhere(command: T) -> T:
    """Installable on servers and on users; usable in servers, the bot's DMs and private channels."""
    command = app_commands.allowed_installs(guilds=True, users=True)(command)
    return app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)(command)


class RateLimit:
    """At most `rate` events per key (a user, a channel) in any `per` seconds; per <= 0 means no limit.

    `clock` is for tests; by default time.monotonic, looked up at each call.
    """

    def __init__(self, rate: int, per: float, *, clock: Callable[[], float] | None = None) -> None:
        self.rate = rate
        self.per = per
        self._clock = clock
        self._recent: dict[int, deque[float]] = {}

    def retry_after(self, key: int) -> float:
        """0 when `key` may have one more now (and counts it), else the seconds left to wait."""
        if self.per <= 0:
            return 0.0
        now = self._clock() if self._clock is not None else time.monotonic()
        stamps = self._recent.setdefault(key, deque())
        while stamps and now - stamps[0] >= self.per:
            stamps.popleft()
        if len(stamps) >= self.rate:
            return self.per - (now - stamps[0])
        stamps.append(now)
        if len(self._recent) > MAX_TRACKED_USERS:
            self._forget_idle(now)
        return 0.0

    def __len__(self) -> int:
        """How many keys are remembered: bounded, however many come and go."""
        return len(self._recent)

    def _forget_idle(self, now: float) -> None:
        self._recent = {key: s for key, s in self._recent.items() if s and now - s[-1] < self.per}


class AnswerCooldown(RateLimit):
    """At most `rate` answers per user in any `per` seconds, across /ask, menus, mentions and buttons.

    `check` is the one place the cooldown is checked; the one error path (bot/errors.py) words it.
    """

    def check(self, user_id: int) -> None:
        """Count one answer for `user_id`; raise CommandOnCooldown when they have had too many lately."""
        retry_after = self.retry_after(user_id)
        if retry_after:
            raise app_commands.CommandOnCooldown(app_commands.Cooldown(self.rate, self.per), retry_after)


def answer_cooldown() -> Callable[[T], T]:
    """An app command check raising CommandOnCooldown when the user has had too many answers lately."""

    async def predicate(interaction: discord.Interaction) -> bool:
        cast("FaqBot", interaction.client).answer_cooldown.check(interaction.user.id)
        return True

    return app_commands.check(predicate)


def require_manage_guild(interaction: discord.Interaction) -> None:
    """Refuse anyone without Manage Server in this server, whatever Discord let them see."""
    permissions = interaction.permissions
    if interaction.guild_id is None or not (permissions.manage_guild or permissions.administrator):
        raise Refused("errors.not_a_manager")
