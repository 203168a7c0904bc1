"""Shared fixtures: the shipped knowledge, loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.core import Knowledge, Matcher, load_knowledge

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE_DIR = ROOT / "knowledge"
SHARED = ROOT.parent / "shared"
# No on-disk index cache unless a test asks for one (tests/core/test_index_cache.py): nothing written to
# ~/.cache, and every test builds what it checks.
os.environ.setdefault("FAQBOT_CACHE_DIR", "")


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge(KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def matcher(knowledge: Knowledge) -> Matcher:
    return Matcher(knowledge)
