"""faqbot's storage: feedback on answers, the question log and per-server settings, in SQLite or PostgreSQL.
Build one store at startup with `open_store(url, default_private=...)` and use it as `async with store:`;
users are only ever stored as `hash_user(user_id, salt)`. Moderators' teachings are kept with a FAQ version;
`store.subscribe(callback)` hears of every teaching, undo and reload, from this process or another.
"""

from bot.storage._models import (
    MAX_THRESHOLD,
    MIN_THRESHOLD,
    FeedbackCount,
    GuildSettings,
    LoggedQuestion,
    Teaching,
    UserHash,
    hash_user,
)
from bot.storage._open import database_file_problem, open_store
from bot.storage._retention import retention_loop
from bot.storage._store import ANSWER_MENTIONS_DEFAULT, ChangeCallback, Store, Subscription

__all__ = [
    "ANSWER_MENTIONS_DEFAULT",
    "MAX_THRESHOLD",
    "MIN_THRESHOLD",
    "ChangeCallback",
    "FeedbackCount",
    "GuildSettings",
    "LoggedQuestion",
    "Store",
    "Subscription",
    "Teaching",
    "UserHash",
    "database_file_problem",
    "hash_user",
    "open_store",
    "retention_loop",
]
