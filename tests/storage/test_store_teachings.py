"""The teaching part of the Store contract: teachings, the FAQ version and change notifications between
processes. Every test runs on SQLite and on PostgreSQL unless it says why not.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import asyncpg
import pytest

from bot.storage import Store, Teaching, UserHash, _postgres, hash_user, open_store
from bot.storage._postgres import LISTENER_NAME
from bot.storage._schema import (
    CREATE_VERSION_TABLE,
    FAQ_CHANGES,
    LATEST_VERSION,
    POSTGRES,
    SQLITE,
    migration_statements,
)
from tests.storage.conftest import Database

NOW = datetime(2025, 3, 12, 9, 30, tzinfo=UTC)
SALT = b"test salt"
RAW_MODERATOR_ID = 987654321098765432
ARRIVES_WITHIN = 2.0  # seconds: the bound for a teaching to reach every process


def moderator(number: int = 1) -> UserHash:
    return hash_user(number, SALT)


async def teach(store: Store, text: str, entry_id: str | None = "call", **changes: object) -> Teaching:
    fields: dict[str, object] = {"moderator": moderator(), "at": NOW}
    return await store.add_teaching(text=text, entry_id=entry_id, **(fields | changes))  # type: ignore[arg-type]


async def undo(store: Store, teaching_id: int, *, by: int = 2) -> Teaching | None:
    return await store.undo_teaching(teaching_id, moderator=moderator(by), at=NOW + timedelta(hours=1))


class Heard:
    """A subscriber that remembers every version it was told."""

    def __init__(self) -> None:
        self.versions: list[int] = []

    def __call__(self, version: int) -> None:
        self.versions.append(version)

    async def until(self, done: Callable[[list[int]], bool], within: float = ARRIVES_WITHIN) -> list[int]:
        async with asyncio.timeout(within):
            while not done(self.versions):
                await asyncio.sleep(0.01)
        return self.versions


# Teachings and the FAQ version


async def test_nothing_taught_is_version_zero_and_an_empty_list(store: Store) -> None:
    assert await store.faq_version() == 0
    assert await store.teachings() == []
    assert await store.teachings(include_undone=True) == []


async def test_a_teaching_reads_back_as_it_was_returned(store: Store) -> None:
    taught = await teach(store, "who rang whom on february 12?", "call")
    assert (taught.text, taught.entry_id, taught.moderator, taught.moderator_hash) == (
        "who rang whom on february 12?",
        "call",
        moderator(),
        moderator(),
    )
    assert (taught.created_at, taught.version, taught.undone_at, taught.live) == (NOW, 1, None, True)
    assert await store.teachings() == [taught]


async def test_the_article_doesnt_say_is_a_teaching_without_an_entry(store: Store) -> None:
    taught = await teach(store, "who placed the call?", entry_id=None)
    [read] = await store.teachings()
    assert read.entry_id is None and read == taught


async def test_each_teaching_and_each_undo_raises_the_version_by_one(store: Store) -> None:
    first = await teach(store, "one")
    second = await teach(store, "two")
    assert (first.version, second.version, await store.faq_version()) == (1, 2, 2)
    undone = await undo(store, first.id)
    assert undone is not None and undone.undo_version == 3
    assert await store.faq_version() == 3
    assert (await teach(store, "three")).version == 4


async def test_an_undo_is_kept_with_who_and_when_and_hides_the_teaching(store: Store) -> None:
    kept, gone = await teach(store, "kept"), await teach(store, "gone")
    undone = await undo(store, gone.id, by=7)
    assert undone is not None
    assert (undone.id, undone.text, undone.version, undone.live) == (gone.id, "gone", gone.version, False)
    assert (undone.undone_at, undone.undone_by) == (NOW + timedelta(hours=1), moderator(7))
    assert await store.teachings() == [kept]
    assert await store.teachings(include_undone=True) == [undone, kept]


async def test_undoing_an_unknown_or_undone_teaching_returns_none_and_changes_nothing(store: Store) -> None:
    taught = await teach(store, "once")
    assert await undo(store, taught.id + 1000) is None
    assert await store.faq_version() == 1
    assert await undo(store, taught.id) is not None
    assert await undo(store, taught.id) is None
    assert await store.faq_version() == 2
    [still] = await store.teachings(include_undone=True)
    assert still.undone_by == moderator(2)


async def test_teachings_are_listed_newest_first_up_to_the_limit(store: Store) -> None:
    for number in range(5):
        await teach(store, f"phrasing {number}", at=NOW + timedelta(minutes=number))
    assert [t.text for t in await store.teachings(limit=3)] == ["phrasing 4", "phrasing 3", "phrasing 2"]
    assert len(await store.teachings(limit=None)) == 5
    with pytest.raises(ValueError, match="limit"):
        await store.teachings(limit=0)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        pytest.param("@everyone did <@123> call <@!456>?", "everyone did @user call @user?", id="users"),
        pytest.param("@here ask <@&1300000000000000778> in <#99>", "here ask @role in #channel", id="roles"),
        pytest.param("  what did rubio say \ud83d?  ", "what did rubio say \ufffd?", id="surrogate"),
    ],
)
async def test_teaching_text_is_stored_without_ids_or_pings(
    store: Store, database: Database, text: str, kept: str
) -> None:
    assert (await teach(store, text)).text == kept
    assert [t.text for t in await store.teachings()] == [kept]
    assert await database.query("SELECT text FROM teachings") == [(kept,)]


async def test_the_database_never_holds_a_raw_moderator_id(store: Store, database: Database) -> None:
    hashed = hash_user(RAW_MODERATOR_ID, SALT)
    taught = await teach(store, "who called?", moderator=hashed)
    await store.undo_teaching(taught.id, moderator=hashed, at=NOW)
    cells = await database.all_cells()
    assert hashed in cells
    assert not [cell for cell in cells if str(RAW_MODERATOR_ID) in str(cell)]


@pytest.mark.parametrize("raw", [RAW_MODERATOR_ID, str(RAW_MODERATOR_ID)], ids=["int", "digits"])
async def test_a_raw_moderator_id_is_refused(store: Store, raw: object) -> None:
    with pytest.raises(TypeError, match="hash_user"):
        await teach(store, "who called?", moderator=raw)
    with pytest.raises(TypeError, match="hash_user"):
        await store.undo_teaching(1, moderator=raw, at=NOW)  # type: ignore[arg-type]
    assert await store.faq_version() == 0


async def test_empty_text_and_naive_times_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="text"):
        await teach(store, "  ")
    with pytest.raises(ValueError, match="time zone"):
        await teach(store, "when?", at=datetime(2025, 3, 12, 9, 30))
    assert await store.faq_version() == 0


async def test_times_from_other_zones_are_kept_as_utc(store: Store) -> None:
    taught = await teach(store, "when?", at=NOW.astimezone(timezone(timedelta(hours=-5))))
    [read] = await store.teachings()
    assert read.created_at == taught.created_at == NOW
    assert read.created_at.utcoffset() == timedelta(0)


async def test_teachings_from_two_connections_at_once_get_one_version_each(database: Database) -> None:
    async with open_store(database.url) as first, open_store(database.url) as second:
        taught = await asyncio.gather(
            *(teach(first if number % 2 else second, f"t{number}") for number in range(20))
        )
        assert sorted(t.version for t in taught) == list(range(1, 21))
        assert await second.faq_version() == 20


async def test_the_same_teaching_undone_twice_at_once_is_undone_once(database: Database) -> None:
    async with open_store(database.url) as first, open_store(database.url) as second:
        taught = await teach(first, "contested")
        results = await asyncio.gather(undo(first, taught.id), undo(second, taught.id))
        assert sorted(result is None for result in results) == [False, True]
        assert await first.faq_version() == 2


# Notifications


async def test_a_subscriber_hears_every_teaching_undo_and_reload_of_its_own_store(store: Store) -> None:
    heard = Heard()
    await store.subscribe(heard)
    taught = await teach(store, "one")
    await undo(store, taught.id)
    assert await store.announce_reload() == 2
    assert await heard.until(lambda versions: len(versions) == 3) == [1, 2, 2]


async def test_an_async_subscriber_is_run_and_a_failing_one_does_not_stop_the_others(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    awaited: list[int] = []

    async def rebuild(version: int) -> None:
        awaited.append(version)

    def broken(version: int) -> None:
        raise RuntimeError("cannot build")

    async def broken_later(version: int) -> None:
        raise RuntimeError("cannot build later")

    heard = Heard()
    for callback in (broken, broken_later, rebuild, heard):
        await store.subscribe(callback)
    with caplog.at_level(logging.ERROR, logger="bot.storage"):
        await teach(store, "one")
        await heard.until(lambda versions: versions == [1])
        async with asyncio.timeout(ARRIVES_WITHIN):
            while not awaited or len(caplog.records) < 2:
                await asyncio.sleep(0.01)
    assert awaited == [1]
    assert sorted(r.getMessage() for r in caplog.records) == [
        "a FAQ change subscriber failed",
        "a FAQ change subscriber failed at version 1",
    ]


async def test_a_cancelled_subscription_hears_nothing_more(store: Store) -> None:
    gone, staying = Heard(), Heard()
    subscription = await store.subscribe(gone)
    await store.subscribe(staying)
    async with subscription:
        await teach(store, "one")
        await gone.until(lambda versions: versions == [1])
    await teach(store, "two")
    await staying.until(lambda versions: versions == [1, 2])
    await asyncio.sleep(0.1)
    assert gone.versions == [1]


async def test_a_teaching_through_one_store_reaches_another_within_two_seconds(database: Database) -> None:
    # Two stores on one database stand for two processes: with SQLite a CLI `faqbot teach` beside the bot.
    async with open_store(database.url) as teacher, open_store(database.url) as listener:
        heard = Heard()
        await listener.subscribe(heard)
        taught = await teach(teacher, "who called whom?")
        assert await heard.until(lambda versions: versions == [1]) == [1]
        await undo(teacher, taught.id)
        assert await heard.until(lambda versions: versions == [1, 2]) == [1, 2]


async def test_a_reload_through_one_store_reaches_another_on_postgres(database: Database) -> None:
    if database.backend == "sqlite":
        pytest.skip("with SQLite the bot is one process; a reload is only told within it")
    async with open_store(database.url) as announcer, open_store(database.url) as listener:
        heard, own = Heard(), Heard()
        await listener.subscribe(heard)
        await announcer.subscribe(own)
        await teach(announcer, "one")
        await heard.until(lambda versions: versions == [1])
        assert await announcer.announce_reload() == 1
        assert await heard.until(lambda versions: versions == [1, 1]) == [1, 1]
        assert await own.until(lambda versions: versions == [1, 1]) == [1, 1]


async def test_close_stops_listening(database: Database) -> None:
    heard = Heard()
    async with open_store(database.url) as teacher:
        listener = open_store(database.url)
        await listener.connect()
        await listener.subscribe(heard)
        if database.backend == "postgres":
            assert await _listeners(database) == 1
        await listener.close()
        await listener.close()  # twice is fine
        await teach(teacher, "after close")
        await asyncio.sleep(1.0)
        assert heard.versions == []
        if database.backend == "postgres":
            assert await _listeners(database) == 0


async def test_a_dropped_listening_connection_is_logged_and_reconnected(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    if database.backend == "sqlite":
        pytest.skip("SQLite has no listening connection")
    async with open_store(database.url) as teacher, open_store(database.url) as listener:
        heard = Heard()
        with caplog.at_level(logging.WARNING, logger="bot.storage"):
            await listener.subscribe(heard)
            await teach(teacher, "before the drop")
            await heard.until(lambda versions: versions == [1])
            await _drop_listener(database)
            await teach(teacher, "while away or after")
            # Told once it is back: by the catch-up from the version then, or by the notification itself.
            await heard.until(lambda versions: 2 in versions, within=10)
            await teach(teacher, "after")
            await heard.until(lambda versions: 3 in versions)
        messages = [r.getMessage() for r in caplog.records]
        assert any("listening for FAQ changes was lost" in m for m in messages), messages
        assert any("listening for FAQ changes again" in m for m in messages), messages


async def test_a_listener_that_cannot_reconnect_at_once_keeps_trying(
    database: Database, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    if database.backend == "sqlite":
        pytest.skip("SQLite has no listening connection")
    refusals = 2
    real_connect = asyncpg.connect

    async def refusing_connect(*args: object, **kwargs: object) -> object:
        nonlocal refusals
        if refusals and kwargs.get("server_settings") == {"application_name": LISTENER_NAME}:
            refusals -= 1
            raise OSError("connection refused")
        return await real_connect(*args, **kwargs)

    monkeypatch.setattr(_postgres, "_RECONNECT_FIRST", 0.01)
    async with open_store(database.url) as teacher, open_store(database.url) as listener:
        heard = Heard()
        await listener.subscribe(heard)
        monkeypatch.setattr(asyncpg, "connect", refusing_connect)
        with caplog.at_level(logging.WARNING, logger="bot.storage"):
            await _drop_listener(database)
            await teach(teacher, "while away")
            await heard.until(lambda versions: 1 in versions, within=10)
        failures = [r.getMessage() for r in caplog.records if "reconnecting to listen" in r.getMessage()]
        assert len(failures) == 2 and "connection refused" in failures[0]


async def test_a_notification_that_is_not_a_version_is_ignored_with_a_warning(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    if database.backend == "sqlite":
        pytest.skip("SQLite has no notifications")
    async with open_store(database.url) as listener:
        heard = Heard()
        await listener.subscribe(heard)
        with caplog.at_level(logging.WARNING, logger="bot.storage"):
            await database.query(f"SELECT pg_notify('{FAQ_CHANGES}', 'reload please')")
            await database.query(f"SELECT pg_notify('{FAQ_CHANGES}', '7')")
            await heard.until(lambda versions: versions == [7])
        assert any("not a version number" in r.getMessage() for r in caplog.records)


async def test_the_listener_stays_healthy_between_checks(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    if database.backend == "sqlite":
        pytest.skip("SQLite has no listening connection")
    monkeypatch.setattr(_postgres, "_HEALTH_SECONDS", 0.02)
    async with open_store(database.url) as store:
        heard = Heard()
        await store.subscribe(heard)
        await asyncio.sleep(0.2)  # several health checks pass
        await teach(store, "still listening")
        assert await heard.until(lambda versions: versions == [1]) == [1]


async def test_other_writes_are_not_faq_changes(database: Database) -> None:
    async with open_store(database.url) as writer, open_store(database.url) as listener:
        heard = Heard()
        await listener.subscribe(heard)
        await asyncio.sleep(0.6)  # an idle poll on SQLite
        await writer.update_settings(1, private=True)
        await asyncio.sleep(0.6)
        await teach(writer, "a change")
        assert await heard.until(lambda versions: versions == [1]) == [1]


async def test_close_cancels_subscribers_still_running(store: Store) -> None:
    started, finished = asyncio.Event(), asyncio.Event()

    async def slow(version: int) -> None:
        started.set()
        await asyncio.sleep(60)
        finished.set()

    await store.subscribe(slow)
    await teach(store, "one")
    async with asyncio.timeout(ARRIVES_WITHIN):
        await started.wait()
    async with asyncio.timeout(ARRIVES_WITHIN):
        await store.close()
    assert not finished.is_set()


async def _drop_listener(database: Database) -> None:
    await database.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE application_name = '{LISTENER_NAME}' AND datname = current_database()"
    )


async def _listeners(database: Database) -> int:
    [(count,)] = await database.query(
        "SELECT COUNT(*) FROM pg_stat_activity "
        f"WHERE application_name = '{LISTENER_NAME}' AND datname = current_database()"
    )
    return int(count)


# Schema


async def test_a_database_of_the_previous_schema_is_upgraded_with_its_data(database: Database) -> None:
    dialect = SQLITE if database.backend == "sqlite" else POSTGRES
    for statement in [CREATE_VERSION_TABLE, *migration_statements(dialect, 0, target=LATEST_VERSION - 1)]:
        await database.query(statement)
    await database.query(
        "INSERT INTO questions (asked_at, guild_id, channel_id, user_hash, text, entry_id, score, answered) "
        "VALUES ('2025-03-01T12:00:00.000000+00:00', 1, 2, 'h', 'from before', NULL, 0.1, FALSE)"
    )
    async with open_store(database.url) as store:
        [question] = await store.unanswered(None, datetime(1970, 1, 1, tzinfo=UTC))
        assert question.text == "from before"
        assert await store.faq_version() == 0
        assert (await teach(store, "now teachable")).version == 1
    versions = await database.query("SELECT version FROM schema_version ORDER BY version")
    assert versions == [(version,) for version in range(1, LATEST_VERSION + 1)]
