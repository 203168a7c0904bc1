"""Shared fixtures: the shipped knowledge, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import Knowledge, Matcher, load_knowledge

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE_DIR = ROOT / "knowledge"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge(KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def matcher(knowledge: Knowledge) -> Matcher:
    return Matcher(knowledge)
