"""Fixtures for end-to-end tests against the fake Discord."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

# Harness modules are imported as tests.e2e.* / tests.support.*. That needs the repository root on
# sys.path, which pytest only arranges while tests/ has an __init__.py; keep it working regardless.
_REPO_ROOT = str(Path(__file__).resolve().parents[2])
if _REPO_ROOT not in sys.path:
    sys.path.insert(0, _REPO_ROOT)

from tests.e2e.fake_discord import FakeDiscord  # noqa: E402


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """A running fake Discord that discord.py talks to for the duration of the test."""
    async with FakeDiscord() as fake:
        fake.redirect_discord_py(monkeypatch)
        yield fake
        fake.assert_no_crashes()
