"""The storage API without a database: user hashing, choosing a backend from a URL, misuse."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.storage import Store, hash_user, open_store
from bot.storage._postgres import PostgresStore
from bot.storage._sqlite import SqliteStore

SALT = b"salt"


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        pytest.param((42, SALT), (42, SALT), True, id="same-user-same-salt"),
        pytest.param((42, SALT), (42, b"other salt"), False, id="other-salt"),
        pytest.param((42, SALT), (43, SALT), False, id="other-user"),
    ],
)
def test_a_user_hash_depends_on_the_user_and_the_salt(
    first: tuple[int, bytes], second: tuple[int, bytes], same: bool
) -> None:
    assert (hash_user(*first) == hash_user(*second)) is same


@given(user_id=st.integers(min_value=10**9, max_value=2**63 - 1), salt=st.binary(min_size=1))
def test_a_user_hash_is_hex_sha256_that_does_not_contain_the_id(user_id: int, salt: bytes) -> None:
    hashed = hash_user(user_id, salt)
    assert re.fullmatch("[0-9a-f]{64}", hashed)
    assert str(user_id) not in hashed


def test_hashing_without_a_salt_is_refused() -> None:
    with pytest.raises(ValueError, match="salt"):
        hash_user(42, b"")


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("sqlite:///data/faqbot.sqlite3", SqliteStore),
        ("sqlite:////var/lib/faqbot/faqbot.sqlite3", SqliteStore),
        ("sqlite:///:memory:", SqliteStore),
        ("postgresql://bot:secret@db.example/faqbot", PostgresStore),
        ("postgres://bot@localhost/faqbot", PostgresStore),
    ],
)
def test_the_url_picks_the_backend(url: str, backend: type[Store]) -> None:
    assert type(open_store(url)) is backend


@pytest.mark.parametrize(
    "url",
    [
        "mysql://bot:hunter2@db.example/faqbot",
        "sqlite://relative.sqlite3",
        "sqlite:///",
        "postgresql",
        "bot:hunter2@db.example/faqbot",
        "",
    ],
)
def test_an_unknown_url_is_refused_without_echoing_a_password(url: str) -> None:
    with pytest.raises(ValueError, match="expected sqlite:///") as refused:
        open_store(url)
    assert "hunter2" not in str(refused.value)


CALLS: list[Callable[[Store], Awaitable[object]]] = [
    lambda store: store.get_settings(1),
    lambda store: store.feedback_ranking(None),
    lambda store: store.update_settings(1, private=True),
    lambda store: store.faq_version(),
    lambda store: store.teachings(),
    lambda store: store.announce_reload(),
    lambda store: store.subscribe(print),
]


@pytest.mark.parametrize("url", ["sqlite:///:memory:", "postgresql://bot@127.0.0.1:1/faqbot"])
@pytest.mark.parametrize(
    "call",
    CALLS,
    ids=[
        "get_settings",
        "feedback_ranking",
        "update_settings",
        "faq_version",
        "teachings",
        "announce_reload",
        "subscribe",
    ],
)
async def test_using_a_store_before_connecting_says_how_to_connect(
    url: str, call: Callable[[Store], Awaitable[object]]
) -> None:
    store = open_store(url)
    with pytest.raises(RuntimeError, match=r"await store.connect\(\)"):
        await call(store)
    await store.close()
