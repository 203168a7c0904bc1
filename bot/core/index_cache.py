"""A large FAQ's validated knowledge and built index, cached on disk and keyed by what they are made of.

Loading and indexing a 10,000-entry FAQ takes most of a minute of CPU (YAML, validation, reading 350,000
phrasings); reading the result back takes about a second. The key hashes the knowledge files' bytes, the
source of bot/core (a changed matcher or validator never reads an old index), the Python version and, for
an index, the matcher's configuration. Only FAQs of at least `MIN_BYTES` are cached: a small one loads
faster than a cache is read; the shipped FAQ (83 entries, 2,900 phrasings, 950 facets, 4,300 Chinese
phrasings) no longer does: `faqbot ask` starts in 0.3 s from the cache, 0.7 s without. A translation's
index (the Chinese matcher's) is cached under the same files' key: a Chinese `faqbot ask` then takes 0.8 s,
not 2.

The cache is a directory of pickles: `$FAQBOT_CACHE_DIR` (empty: no cache), else `$XDG_CACHE_HOME/faqbot`
or `~/.cache/faqbot`. Unpickling runs code, so a directory that anyone but this user may write to is not
used. Any failure to read or write it is ignored: the knowledge is then loaded as without a cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["KEPT", "MIN_BYTES", "directory", "fingerprint", "load", "remember", "store"]

MIN_BYTES = 100_000  # faq.yaml files smaller than this are loaded directly
KEPT = 4  # pickles kept per kind; older ones (an FAQ before its last edits, older code) are deleted
_FORMAT = b"faqbot-index-1"
_KNOWN: dict[int, tuple[object, str]] = {}  # id(knowledge) -> (that knowledge, its key): loaded, unchanged
_KNOWN_MAX = 4


def directory() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    chosen = os.environ.get("FAQBOT_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "faqbot"


@lru_cache(maxsize=1)
def _code_version() -> bytes:
    digest = hashlib.sha256(_FORMAT + sys.version.encode())
    for source in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.digest()


def fingerprint(*parts: bytes) -> str:
    """The key of what is made from `parts` (file names and contents, settings) by this code."""
    digest = hashlib.sha256(_code_version())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def remember(knowledge: object, key: str) -> None:
    """Note that `knowledge` is exactly what `key` names (loaded from the files, not changed since)."""
    while len(_KNOWN) >= _KNOWN_MAX:
        del _KNOWN[next(iter(_KNOWN))]
    _KNOWN[id(knowledge)] = (knowledge, key)


def key_of(knowledge: object) -> str | None:
    """The key `remember` noted for this very object: None for knowledge made or changed in memory."""
    known = _KNOWN.get(id(knowledge))
    return known[1] if known is not None and known[0] is knowledge else None


def load(kind: str, key: str) -> Any | None:
    """What `store` kept under `kind` and `key`, or None."""
    path = _path(kind, key)
    if path is None:
        return None
    try:
        with path.open("rb") as file:
            if file.read(len(_FORMAT)) != _FORMAT:
                return None
            value = pickle.load(file)
        os.utime(path)  # used: the last to be deleted
        return value
    except Exception:  # a missing, truncated or stale file: build instead
        return None


def store(kind: str, key: str, value: object) -> None:
    """Keep `value` under `kind` and `key`, written whole or not at all."""
    path = _path(kind, key, create=True)
    if path is None:
        return
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(_FORMAT)
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        _prune(path.parent, kind)
    except Exception:  # a full disk or a read-only home: the next start builds again
        return


def _prune(where: Path, kind: str) -> None:
    """Keep the `KEPT` most recently used pickles of `kind`: every FAQ edit and code change makes new ones."""
    found = sorted(where.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in found[KEPT:]:
        stale.unlink(missing_ok=True)


def _path(kind: str, key: str, create: bool = False) -> Path | None:
    where = directory()
    if where is None:
        return None
    try:
        if create:
            where.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = where.stat()
    except OSError:
        return None
    # Only a directory of this user's that no one else may write to: unpickling runs code.
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & 0o022 or info.st_uid != os.getuid():
        return None
    return where / f"{kind}-{key}.pickle"
