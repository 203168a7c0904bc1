"""Choosing a backend from a database URL."""

from __future__ import annotations

from bot.storage._postgres import PostgresStore
from bot.storage._sqlite import SqliteStore
from bot.storage._store import Store

__all__ = ["open_store"]

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
