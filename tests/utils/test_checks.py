"""The per-user answer cooldown (bot/utils/checks.py)."""

from __future__ import annotations

import pytest

from bot.utils.checks import MAX_TRACKED_USERS, AnswerCooldown


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_a_user_at_the_rate_waits_the_whole_window_from_their_first_answer(clock: Clock) -> None:
    cooldown = AnswerCooldown(3, 5.0, clock=clock)
    assert [cooldown.retry_after(1) for _ in range(3)] == [0.0, 0.0, 0.0]
    clock.now = 4.9
    assert cooldown.retry_after(1) == pytest.approx(0.1)
    assert cooldown.retry_after(2) == 0.0  # per user
    clock.now = 5.0
    assert cooldown.retry_after(1) == 0.0


def test_the_cooldown_forgets_users_idle_for_a_whole_window_so_its_memory_stays_bounded(clock: Clock) -> None:
    cooldown = AnswerCooldown(3, 5.0, clock=clock)
    for user in range(MAX_TRACKED_USERS):
        cooldown.retry_after(user)
    assert len(cooldown) == MAX_TRACKED_USERS
    clock.now = 5.0
    cooldown.retry_after(MAX_TRACKED_USERS)
    assert len(cooldown) == 1


def test_a_user_forgotten_while_idle_is_not_forgiven_while_on_cooldown(clock: Clock) -> None:
    cooldown = AnswerCooldown(1, 5.0, clock=clock)
    cooldown.retry_after(0)
    for user in range(1, MAX_TRACKED_USERS + 1):
        cooldown.retry_after(user)
    assert cooldown.retry_after(0) == pytest.approx(5.0)
