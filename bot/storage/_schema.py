"""Tables, their migrations and every query, written once for both backends.

Queries use PostgreSQL's `$1` placeholders; the SQLite backend rewrites them to its own `?1`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = [
    "ADD_TEACHING",
    "BUMP_FAQ_VERSION",
    "CREATE_VERSION_TABLE",
    "CURRENT_VERSION",
    "FAQ_CHANGES",
    "FAQ_VERSION",
    "FEEDBACK_RANKING",
    "GET_SETTINGS",
    "LATEST_VERSION",
    "POSTGRES",
    "PURGE_FEEDBACK",
    "PURGE_QUESTIONS",
    "RECORD_QUESTION",
    "SET_FEEDBACK",
    "SQLITE",
    "TEACHINGS",
    "UNANSWERED",
    "UNDO_TEACHING",
    "UPDATE_SETTINGS",
    "Dialect",
    "migration_statements",
]


@dataclass(frozen=True, slots=True)
class Dialect:
    """The column types that differ between SQLite and PostgreSQL."""

    timestamp: str
    json: str
    identity: str


# SQLite stores times as ISO-8601 text in UTC with microseconds, so text order is time order.
SQLITE = Dialect(timestamp="TEXT", json="TEXT", identity="INTEGER PRIMARY KEY")
POSTGRES = Dialect(
    timestamp="TIMESTAMPTZ", json="JSONB", identity="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
)

# Applied in order, each once; append new ones, never edit a released one.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE questions (
            id {identity},
            asked_at {timestamp} NOT NULL,
            guild_id BIGINT,
            channel_id BIGINT NOT NULL,
            user_hash TEXT NOT NULL,
            text TEXT NOT NULL,
            entry_id TEXT,
            score DOUBLE PRECISION NOT NULL,
            answered BOOLEAN NOT NULL
        )""",
        "CREATE INDEX questions_asked_at ON questions (asked_at)",
        "CREATE INDEX questions_guild_asked_at ON questions (guild_id, asked_at)",
        """CREATE TABLE feedback (
            message_id BIGINT NOT NULL,
            user_hash TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            guild_id BIGINT,
            helpful BOOLEAN NOT NULL,
            voted_at {timestamp} NOT NULL,
            PRIMARY KEY (message_id, user_hash)
        )""",
        # NULL in a column means "not chosen": the current default applies, so changing a default reaches
        # every server that never chose.
        """CREATE TABLE guild_settings (
            guild_id BIGINT PRIMARY KEY,
            private BOOLEAN,
            allowed_channels {json},
            threshold DOUBLE PRECISION,
            answer_mentions BOOLEAN
        )""",
    ),
    (
        # What moderators taught, kept after an undo so the list shows who undid what and when.
        """CREATE TABLE teachings (
            id {identity},
            created_at {timestamp} NOT NULL,
            moderator_hash TEXT NOT NULL,
            text TEXT NOT NULL,
            entry_id TEXT,
            version BIGINT NOT NULL UNIQUE,
            undone_at {timestamp},
            undone_by TEXT,
            undo_version BIGINT UNIQUE
        )""",
        # One row: the FAQ version, raised by one at each teaching and each undo. Its row lock is what puts
        # concurrent teachings from several processes in one order.
        """CREATE TABLE faq_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version BIGINT NOT NULL
        )""",
        "INSERT INTO faq_state (id, version) VALUES (1, 0)",
    ),
)

LATEST_VERSION = len(_MIGRATIONS)

CREATE_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)"
CURRENT_VERSION = "SELECT COALESCE(MAX(version), 0) FROM schema_version"


def migration_statements(dialect: Dialect, current: int, target: int = LATEST_VERSION) -> list[str]:
    """The statements that take a database from version `current` to `target` (the latest), version rows
    included.

    A database newer than this code is refused rather than misread.
    """
    latest = LATEST_VERSION
    if current > latest:
        raise RuntimeError(
            f"the database schema is version {current} but this faqbot knows versions up to {latest}; "
            "run a newer faqbot against it"
        )
    types = asdict(dialect)
    statements: list[str] = []
    for version, migration in enumerate(_MIGRATIONS[current:target], start=current + 1):
        statements.extend(statement.format(**types) for statement in migration)
        statements.append(f"INSERT INTO schema_version (version) VALUES ({version})")
    return statements


RECORD_QUESTION = """
    INSERT INTO questions (asked_at, guild_id, channel_id, user_hash, text, entry_id, score, answered)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
"""

UNANSWERED = """
    SELECT text, user_hash, guild_id, channel_id, entry_id, score, answered, asked_at
    FROM questions
    WHERE NOT answered AND asked_at >= $2 AND (CAST($1 AS BIGINT) IS NULL OR guild_id = $1)
    ORDER BY asked_at DESC
    LIMIT $3
"""

PURGE_QUESTIONS = "DELETE FROM questions WHERE asked_at < $1"

# Votes hold a user hash too, so they are kept no longer than questions.
PURGE_FEEDBACK = "DELETE FROM feedback WHERE voted_at < $1"

SET_FEEDBACK = """
    INSERT INTO feedback (message_id, user_hash, entry_id, guild_id, helpful, voted_at)
    VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (message_id, user_hash) DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at
"""

FEEDBACK_RANKING = """
    SELECT entry_id,
           COUNT(*) FILTER (WHERE helpful) AS helpful_votes,
           COUNT(*) FILTER (WHERE NOT helpful) AS unhelpful_votes
    FROM feedback
    WHERE CAST($1 AS BIGINT) IS NULL OR guild_id = $1
    GROUP BY entry_id
    ORDER BY unhelpful_votes DESC, helpful_votes ASC, entry_id ASC
    LIMIT $2
"""

_SETTINGS_COLUMNS = "private, allowed_channels, threshold, answer_mentions"

GET_SETTINGS = f"SELECT {_SETTINGS_COLUMNS} FROM guild_settings WHERE guild_id = $1"

# A NULL argument leaves that setting as it was.
UPDATE_SETTINGS = f"""
    INSERT INTO guild_settings (guild_id, {_SETTINGS_COLUMNS}) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (guild_id) DO UPDATE SET
        private = COALESCE(excluded.private, guild_settings.private),
        allowed_channels = COALESCE(excluded.allowed_channels, guild_settings.allowed_channels),
        threshold = COALESCE(excluded.threshold, guild_settings.threshold),
        answer_mentions = COALESCE(excluded.answer_mentions, guild_settings.answer_mentions)
    RETURNING {_SETTINGS_COLUMNS}
"""

# PostgreSQL's NOTIFY channel for FAQ changes; the payload is the FAQ version as text.
FAQ_CHANGES = "faqbot_faq_changes"

FAQ_VERSION = "SELECT version FROM faq_state WHERE id = 1"

BUMP_FAQ_VERSION = "UPDATE faq_state SET version = version + 1 WHERE id = 1 RETURNING version"

_TEACHING_COLUMNS = (
    "id, text, entry_id, moderator_hash, created_at, version, undone_at, undone_by, undo_version"
)

ADD_TEACHING = f"""
    INSERT INTO teachings (created_at, moderator_hash, text, entry_id, version) VALUES ($1, $2, $3, $4, $5)
    RETURNING {_TEACHING_COLUMNS}
"""

# $1: whether undone teachings are listed too.
TEACHINGS = f"""
    SELECT {_TEACHING_COLUMNS} FROM teachings
    WHERE $1 OR undone_at IS NULL
    ORDER BY version DESC
    LIMIT $2
"""

UNDO_TEACHING = f"""
    UPDATE teachings SET undone_at = $2, undone_by = $3, undo_version = $4
    WHERE id = $1 AND undone_at IS NULL
    RETURNING {_TEACHING_COLUMNS}
"""
