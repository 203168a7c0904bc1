"""Choosing a backend from a database URL."""

from __future__ import annotations

from bot.storage._postgres import PostgresStore
from bot.storage._sqlite import SqliteStore, deleted_database
from bot.storage._store import Store

__all__ = ["database_file_problem", "open_store"]

_SQLITE_PREFIX = "sqlite:///"
_POSTGRES_SCHEMES = ("postgresql", "postgres")
_FORMS = (
    "sqlite:///relative/path.sqlite3, sqlite:////absolute/path.sqlite3, sqlite:///:memory:, postgresql://"
)


def open_store(url: str, *, default_private: bool = False) -> Store:
    """A store for `url`, not connected yet: `async with open_store(url) as store` or `await store.connect()`.

    `default_private` is whether answers are ephemeral in servers that never chose.
    """
    scheme, separator, _ = url.partition("://")
    if separator and scheme in _POSTGRES_SCHEMES:
        return PostgresStore(url, default_private=default_private)
    path = url.removeprefix(_SQLITE_PREFIX)
    if url.startswith(_SQLITE_PREFIX) and path:
        return SqliteStore(path, default_private=default_private)
    # Only the scheme is echoed: the rest of a URL may hold a password.
    shown = f"{scheme}://..." if separator else "without a scheme"
    raise ValueError(f"cannot open the database URL {shown}; expected {_FORMS}")


def database_file_problem(url: str) -> str | None:
    """For a SQLite URL, whether its file was deleted under a running faqbot; None when nothing is wrong.

    Another process can't see which file a running bot has open, but a -wal file without its database
    is what deleting the database under an open connection leaves behind.
    """
    path = url.removeprefix(_SQLITE_PREFIX)
    if not url.startswith(_SQLITE_PREFIX) or path == ":memory:" or not deleted_database(path):
        return None
    return (
        f"{path} is missing but its write-ahead log {path}-wal is there: the file was deleted while faqbot "
        "had it open, and what faqbot wrote since is lost once it stops"
    )
