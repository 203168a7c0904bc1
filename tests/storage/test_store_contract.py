"""The Store contract: every test runs on SQLite and on PostgreSQL and must behave the same on both."""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from bot.storage import (
    MAX_THRESHOLD,
    MIN_THRESHOLD,
    FeedbackCount,
    Store,
    UserHash,
    hash_user,
    open_store,
    retention_loop,
)
from bot.storage._schema import LATEST_VERSION
from tests.storage.conftest import Database

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SALT = b"test salt"
RAW_USER_ID = 123456789012345678
ALL_VERSIONS = [(version,) for version in range(1, LATEST_VERSION + 1)]
# Snowflake-sized, so every id column and the channel list must hold 64-bit integers exactly.
GUILD, OTHER_GUILD, CHANNEL = 1_100_000_000_000_000_001, 1_100_000_000_000_000_002, 9_000_000_000_000_000_001


def user(number: int) -> UserHash:
    return hash_user(number, SALT)


async def ask(store: Store, text: str, **changes: Any) -> None:
    question: dict[str, Any] = {
        "user_hash": user(1),
        "guild_id": GUILD,
        "channel_id": CHANNEL,
        "entry_id": None,
        "score": 0.2,
        "answered": False,
        "asked_at": NOW,
    }
    await store.record_question(text=text, **(question | changes))


async def vote(store: Store, entry_id: str, helpful: bool, *, voter: int = 1, **changes: Any) -> None:
    feedback: dict[str, Any] = {"message_id": 5001, "guild_id": GUILD, "user_hash": user(voter)}
    await store.set_feedback(entry_id=entry_id, helpful=helpful, **(feedback | changes))


async def logged_texts(store: Store) -> list[str]:
    """Every unanswered question ever logged, newest first."""
    return [q.text for q in await store.unanswered(None, EPOCH, limit=10_000)]


# Feedback


async def test_a_second_vote_by_the_same_user_replaces_the_first(store: Store) -> None:
    await vote(store, "when", helpful=True)
    await vote(store, "when", helpful=False)
    assert await store.feedback_ranking(GUILD) == [FeedbackCount("when", helpful=0, not_helpful=1)]


async def test_each_user_has_one_vote_per_answer_message(store: Store) -> None:
    await vote(store, "when", helpful=False, voter=1, message_id=1)
    await vote(store, "when", helpful=False, voter=1, message_id=2)
    await vote(store, "when", helpful=True, voter=2, message_id=1)
    assert await store.feedback_ranking(GUILD) == [FeedbackCount("when", helpful=1, not_helpful=2)]


@pytest.mark.parametrize(
    ("votes", "ranking"),
    [
        pytest.param(
            [("a", True), ("b", False), ("b", False), ("c", False)], ["b", "c", "a"], id="most-first"
        ),
        pytest.param([("a", False), ("a", True), ("b", False)], ["b", "a"], id="tie-fewer-helpful-first"),
        pytest.param([("b", False), ("a", False)], ["a", "b"], id="tie-by-entry-id"),
        pytest.param([], [], id="no-votes"),
    ],
)
async def test_ranking_puts_the_entries_with_most_not_helpful_votes_first(
    store: Store, votes: list[tuple[str, bool]], ranking: list[str]
) -> None:
    for voter, (entry_id, helpful) in enumerate(votes):
        await vote(store, entry_id, helpful, voter=voter)
    assert [count.entry_id for count in await store.feedback_ranking(GUILD)] == ranking


@pytest.mark.parametrize(
    ("guild_id", "limit", "ranking"),
    [
        pytest.param(GUILD, 10, [FeedbackCount("here", 0, 1)], id="one-server"),
        pytest.param(OTHER_GUILD, 10, [FeedbackCount("there", 0, 2)], id="other-server"),
        pytest.param(
            None,
            10,
            [FeedbackCount("there", 0, 2), FeedbackCount("dm", 0, 1), FeedbackCount("here", 0, 1)],
            id="all",
        ),
        pytest.param(None, 1, [FeedbackCount("there", 0, 2)], id="limited"),
    ],
)
async def test_ranking_counts_one_server_or_all_of_them(
    store: Store, guild_id: int | None, limit: int, ranking: list[FeedbackCount]
) -> None:
    await vote(store, "here", helpful=False, guild_id=GUILD, message_id=1)
    await vote(store, "there", helpful=False, guild_id=OTHER_GUILD, message_id=2, voter=1)
    await vote(store, "there", helpful=False, guild_id=OTHER_GUILD, message_id=2, voter=2)
    await vote(store, "dm", helpful=False, guild_id=None, message_id=3)
    assert await store.feedback_ranking(guild_id, limit) == ranking


# The question log


async def test_a_logged_question_reads_back_as_it_was_written(store: Store) -> None:
    await ask(store, "who signed?", guild_id=None, entry_id="signers", score=0.41, asked_at=NOW)
    [question] = await store.unanswered(None, EPOCH)
    assert (question.text, question.user_hash, question.guild_id, question.channel_id) == (
        "who signed?",
        user(1),
        None,
        CHANNEL,
    )
    assert (question.entry_id, question.score, question.answered) == ("signers", 0.41, False)
    assert question.asked_at == NOW


async def test_a_question_with_a_lone_surrogate_is_stored_with_it_replaced(store: Store) -> None:
    await ask(store, "what did rubio say \ud83d about china")  # half an emoji, as gateway JSON can carry
    assert await logged_texts(store) == ["what did rubio say \ufffd about china"]


async def test_mentions_are_stored_as_placeholders_whoever_calls_the_store(store: Store) -> None:
    await ask(store, "<@1300000000000000777> and <@&1300000000000000778> in <#1300000000000000779>?")
    assert await logged_texts(store) == ["@user and @role in #channel?"]


async def test_the_database_never_holds_a_raw_user_id(store: Store, database: Database) -> None:
    hashed = hash_user(RAW_USER_ID, SALT)
    await ask(store, "what happened?", user_hash=hashed)
    await store.set_feedback(message_id=1, user_hash=hashed, entry_id="what", guild_id=GUILD, helpful=True)
    cells = await database.all_cells()
    assert hashed in cells
    assert not [cell for cell in cells if str(RAW_USER_ID) in str(cell)]


async def test_times_from_other_zones_are_stored_as_utc(store: Store) -> None:
    await ask(store, "when?", asked_at=NOW.astimezone(timezone(timedelta(hours=5, minutes=30))))
    [question] = await store.unanswered(None, EPOCH)
    assert question.asked_at == NOW
    assert question.asked_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("guild_id", "since", "limit", "expected"),
    [
        pytest.param(GUILD, NOW - timedelta(days=7), 50, ["recent"], id="server-last-week"),
        pytest.param(GUILD, NOW - timedelta(days=30), 50, ["recent", "old"], id="server-last-month"),
        pytest.param(GUILD, NOW - timedelta(days=10), 50, ["recent", "old"], id="since-is-inclusive"),
        pytest.param(OTHER_GUILD, NOW - timedelta(days=7), 50, ["elsewhere"], id="other-server"),
        pytest.param(None, NOW - timedelta(days=7), 50, ["elsewhere", "in a dm", "recent"], id="everywhere"),
        pytest.param(None, NOW - timedelta(days=30), 2, ["elsewhere", "in a dm"], id="newest-first-limited"),
        pytest.param(GUILD, NOW, 50, [], id="nothing-since"),
    ],
)
async def test_unanswered_lists_only_unanswered_questions_of_that_server_since_the_date(
    store: Store, guild_id: int | None, since: datetime, limit: int, expected: list[str]
) -> None:
    await ask(store, "old", asked_at=NOW - timedelta(days=10))
    await ask(store, "recent", asked_at=NOW - timedelta(days=1))
    await ask(store, "answered", asked_at=NOW - timedelta(days=1), answered=True, entry_id="x", score=0.9)
    await ask(store, "elsewhere", guild_id=OTHER_GUILD, asked_at=NOW - timedelta(hours=1))
    await ask(store, "in a dm", guild_id=None, asked_at=NOW - timedelta(hours=2))
    assert [q.text for q in await store.unanswered(guild_id, since, limit)] == expected


async def test_purge_deletes_only_questions_asked_before_the_cutoff(store: Store) -> None:
    cutoff = NOW - timedelta(days=90)
    for text, age in [("too old", 91), ("exactly at cutoff", 90), ("recent", 1)]:
        await ask(store, text, asked_at=NOW - timedelta(days=age))
    assert await store.purge_questions(cutoff) == 1
    assert await store.purge_questions(cutoff) == 0
    assert await logged_texts(store) == ["recent", "exactly at cutoff"]


async def test_purge_feedback_deletes_only_votes_cast_before_the_cutoff(store: Store) -> None:
    await vote(store, "when", helpful=False)
    assert await store.purge_feedback(datetime.now(UTC) - timedelta(days=1)) == 0
    assert await store.feedback_ranking(GUILD) == [FeedbackCount("when", helpful=0, not_helpful=1)]
    assert await store.purge_feedback(datetime.now(UTC) + timedelta(seconds=1)) == 1
    assert await store.feedback_ranking(GUILD) == []


async def test_retention_loop_purges_old_questions_until_cancelled(store: Store) -> None:
    await ask(store, "too old", asked_at=datetime.now(UTC) - timedelta(days=31))
    await ask(store, "recent", asked_at=datetime.now(UTC))
    loop = asyncio.create_task(retention_loop(store, days=30, interval_seconds=0.01))
    async with asyncio.timeout(5):
        while await logged_texts(store) != ["recent"]:
            await asyncio.sleep(0.01)
    loop.cancel()
    with pytest.raises(asyncio.CancelledError):
        await loop


async def test_retention_loop_deletes_votes_older_than_the_retention_period_as_privacy_promises(
    database: Database, store: Store
) -> None:
    await vote(store, "old", helpful=False, message_id=1)
    await vote(store, "recent", helpful=True, message_id=2)
    # Votes are stamped with the time they are cast: age one behind the store's back.
    long_ago = (datetime.now(UTC) - timedelta(days=31)).isoformat(timespec="microseconds")
    await database.query(f"UPDATE feedback SET voted_at = '{long_ago}' WHERE message_id = 1")
    loop = asyncio.create_task(retention_loop(store, days=30, interval_seconds=0.01))
    async with asyncio.timeout(5):
        while len(await store.feedback_ranking(None)) > 1:
            await asyncio.sleep(0.01)
    loop.cancel()
    with pytest.raises(asyncio.CancelledError):
        await loop
    assert await store.feedback_ranking(None) == [FeedbackCount("recent", helpful=1, not_helpful=0)]


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda s: ask(s, "?", asked_at=NOW.replace(tzinfo=None)), id="record_question"),
        pytest.param(lambda s: s.unanswered(GUILD, NOW.replace(tzinfo=None)), id="unanswered"),
        pytest.param(lambda s: s.purge_questions(NOW.replace(tzinfo=None)), id="purge_questions"),
        pytest.param(lambda s: s.purge_feedback(NOW.replace(tzinfo=None)), id="purge_feedback"),
    ],
)
async def test_times_without_a_zone_are_refused(store: Store, call: Any) -> None:
    with pytest.raises(ValueError, match="no time zone"):
        await call(store)


# Per-server settings


@pytest.mark.parametrize("default_private", [False, True])
@pytest.mark.parametrize("guild_id", [GUILD, None], ids=["server", "dm"])
async def test_a_server_that_never_chose_gets_the_defaults(
    database: Database, default_private: bool, guild_id: int | None
) -> None:
    async with open_store(database.url, default_private=default_private) as store:
        settings = await store.get_settings(guild_id)
    assert settings.guild_id == guild_id
    assert settings.private is default_private
    assert settings.allowed_channels == frozenset()
    assert settings.threshold is None
    assert settings.answer_mentions is True


async def test_changing_one_setting_keeps_the_others(store: Store) -> None:
    await store.update_settings(GUILD, private=True, allowed_channels=[CHANNEL, 4])
    changed = await store.update_settings(GUILD, threshold=0.8, answer_mentions=False)
    assert changed == await store.get_settings(GUILD)
    assert (changed.private, changed.allowed_channels, changed.threshold, changed.answer_mentions) == (
        True,
        frozenset({CHANNEL, 4}),
        0.8,
        False,
    )


async def test_settings_of_one_server_stay_in_that_server(store: Store) -> None:
    await store.update_settings(GUILD, private=True, threshold=0.9)
    other = await store.get_settings(OTHER_GUILD)
    assert (other.private, other.threshold) == (False, None)


async def test_a_visibility_never_chosen_follows_the_current_default(database: Database) -> None:
    async with open_store(database.url, default_private=False) as store:
        await store.update_settings(GUILD, threshold=0.6)
    async with open_store(database.url, default_private=True) as store:
        assert (await store.get_settings(GUILD)).private is True


@pytest.mark.parametrize(
    ("allowed", "channel", "answers"),
    [
        pytest.param([], 9, True, id="empty-means-every-channel"),
        pytest.param([3, 4], 3, True, id="listed-channel"),
        pytest.param([3, 4], 9, False, id="unlisted-channel"),
    ],
)
async def test_allowed_channels_decide_where_the_bot_answers(
    store: Store, allowed: list[int], channel: int, answers: bool
) -> None:
    await store.update_settings(GUILD, allowed_channels=[1])
    await store.update_settings(GUILD, allowed_channels=allowed)
    assert (await store.get_settings(GUILD)).allows(channel) is answers


@pytest.mark.parametrize(
    ("asked", "kept"),
    [
        (0.0, MIN_THRESHOLD),
        (0.3, MIN_THRESHOLD),
        (MIN_THRESHOLD, MIN_THRESHOLD),
        (0.72, 0.72),
        (MAX_THRESHOLD, MAX_THRESHOLD),
        (1.0, MAX_THRESHOLD),
        (-math.inf, MIN_THRESHOLD),
        (math.inf, MAX_THRESHOLD),
    ],
)
async def test_threshold_is_clamped_to_safe_bounds(store: Store, asked: float, kept: float) -> None:
    assert (await store.update_settings(GUILD, threshold=asked)).threshold == kept
    assert (await store.get_settings(GUILD)).threshold == kept


async def test_a_nan_threshold_is_refused_and_changes_nothing(store: Store) -> None:
    await store.update_settings(GUILD, threshold=0.7)
    with pytest.raises(ValueError, match="NaN"):
        await store.update_settings(GUILD, threshold=math.nan)
    assert (await store.get_settings(GUILD)).threshold == 0.7


# Schema and concurrency


async def test_connecting_again_keeps_the_data_and_migrates_only_once(database: Database) -> None:
    for _ in range(2):
        async with open_store(database.url) as store:
            await ask(store, "still here?")
    async with open_store(database.url) as store:
        assert await logged_texts(store) == ["still here?", "still here?"]
    assert await database.query("SELECT version FROM schema_version ORDER BY version") == ALL_VERSIONS


async def test_two_processes_starting_at_once_both_get_one_schema(database: Database) -> None:
    first, second = open_store(database.url), open_store(database.url)
    await asyncio.gather(first.connect(), second.connect())
    try:
        await asyncio.gather(ask(first, "one"), ask(second, "two"))
        assert sorted(await logged_texts(first)) == ["one", "two"]
    finally:
        await asyncio.gather(first.close(), second.close())
    assert await database.query("SELECT version FROM schema_version ORDER BY version") == ALL_VERSIONS


async def test_a_database_from_a_newer_faqbot_is_refused(database: Database) -> None:
    async with open_store(database.url):
        pass
    await database.query("INSERT INTO schema_version (version) VALUES (99)")
    with pytest.raises(RuntimeError, match="version 99"):
        await open_store(database.url).connect()


async def test_concurrent_writes_from_two_connections_are_all_kept(database: Database) -> None:
    async with open_store(database.url) as first, open_store(database.url) as second:
        writes = [
            write
            for number in range(50)
            for write in (
                ask(first if number % 2 else second, f"q{number}"),
                vote(second if number % 2 else first, "e", helpful=number % 3 == 0, voter=number),
                first.update_settings(GUILD, threshold=0.5 + number / 100),
            )
        ]
        await asyncio.gather(*writes)
        assert sorted(await logged_texts(first)) == sorted(f"q{number}" for number in range(50))
        assert await second.feedback_ranking(GUILD) == [FeedbackCount("e", helpful=17, not_helpful=33)]
        written = {min(0.5 + number / 100, MAX_THRESHOLD) for number in range(50)}
        assert (await second.get_settings(GUILD)).threshold in written
