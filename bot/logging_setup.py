"""Logging for the whole process: one handler on the root logger, text or JSON lines, secrets redacted.

`configure_logging` is called once by the entry point, after the settings are read.  Every logger,
discord.py's included, propagates to the root logger and so goes through the same handler, which carries a
`RedactingFilter` (the Discord token and anything shaped like one, in the message, its args, extra fields,
exception and stack text) and redacts the formatted line once more as a last line of defence.

discord.py adds a handler of its own when `Client.run` is called without `log_handler=None`; the entry
point must pass `log_handler=None` (or use `Client.start`), or discord.py's lines would appear twice.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal, Protocol, TextIO

__all__ = [
    "DATA_ECHOING_LOGGERS",
    "DISCORD_TOKEN_RE",
    "REDACTED",
    "JsonFormatter",
    "RedactingFilter",
    "Redactor",
    "TextFormatter",
    "configure_logging",
]

REDACTED = "[REDACTED]"

# A bot token is base64(user id) "." base64(timestamp) "." HMAC, in the URL-safe alphabet, unpadded.
# The id part is 23-27 characters for 17-20 digit snowflakes (one spare allowed) and starts with M, N or O
# (first digit 1-3, 4-7, 8-9); the timestamp part is 6 characters; the HMAC part was 27 characters and is
# 38 in newer tokens. Not anchored, and open-ended at the end, so a token glued to other text is covered.
DISCORD_TOKEN_RE = re.compile(r"[MNO][A-Za-z0-9_-]{22,27}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}")
# Old user-account MFA tokens: "mfa." followed by the HMAC.
_MFA_TOKEN_RE = re.compile(r"mfa\.[A-Za-z0-9_-]{20,}")
# The token in a webhook or interaction URL (.../webhooks/ID/TOKEN, .../interactions/ID/TOKEN/callback): an
# interaction's token lets anyone answer as the bot for 15 minutes, a webhook's for ever.
_URL_TOKEN_RE = re.compile(r"(?P<head>/(?:webhooks|interactions)/\d+/)[^/?#\s'\"]+")
# The password in a URL such as postgresql://user:password@host/db.
_URL_PASSWORD_RE = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*):(?P<password>[^@\s/]+)@")

# Secrets shorter than this are ignored: redacting a one-letter "secret" would shred every line.
MIN_SECRET_LENGTH = 6

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD_ATTRS = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}
# Core keys of a JSON line; an `extra=` field with one of these names is written as "extra_<name>".
_JSON_CORE_KEYS = ("timestamp", "level", "logger", "message")

# discord.py's default format, used to recognise (and drop) a handler that discord.utils.setup_logging added.
_DISCORD_DEFAULT_FORMAT = "[{asctime}] [{levelname:<8}] {name}: {message}"
# Loggers that echo data at DEBUG: discord.py's gateway payloads and HTTP bodies (message contents) and
# webhook URLs, the SQL drivers' statements with their parameters (question texts, user hashes). They stay at
# INFO or above unless named in `configure_logging(verbose=...)`.
DATA_ECHOING_LOGGERS = ("discord.gateway", "discord.http", "discord.webhook", "aiosqlite", "asyncpg")


class _HasSecretValue(Protocol):
    def get_secret_value(self) -> str: ...


SecretLike = str | _HasSecretValue | None


def _secret_text(secret: SecretLike) -> str:
    if secret is None:
        return ""
    if isinstance(secret, str):
        return secret
    return secret.get_secret_value()


class Redactor:
    """Replaces the given secrets, anything shaped like a Discord token, and the tokens and passwords in URLs
    (webhooks, interactions, database URLs) with REDACTED."""

    def __init__(self, secrets: Iterable[SecretLike] = ()) -> None:
        texts = {_secret_text(secret) for secret in secrets}
        plain = {text for text in texts if len(text) >= MIN_SECRET_LENGTH}
        # Also the JSON-escaped form, in case a secret holds a quote, a backslash or non-ASCII text.
        escaped = {json.dumps(text)[1:-1] for text in plain}
        self._secrets = sorted(plain | escaped, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        text = DISCORD_TOKEN_RE.sub(REDACTED, text)
        text = _MFA_TOKEN_RE.sub(REDACTED, text)
        text = _URL_TOKEN_RE.sub(rf"\g<head>{REDACTED}", text)
        return _URL_PASSWORD_RE.sub(rf"\g<head>:{REDACTED}@", text)


class RedactingFilter(logging.Filter):
    """Redacts secrets in a record's message (after merging its args), extra fields, exception and stack.

    Put it on handlers, not loggers: a logger's filters do not see records propagated from its children.
    The record is changed in place (msg becomes the redacted text, args None), so it is idempotent.
    """

    _exception_formatter = logging.Formatter()

    def __init__(self, secrets: Iterable[SecretLike] = (), *, redactor: Redactor | None = None) -> None:
        super().__init__()
        self.redact = redactor if redactor is not None else Redactor(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not crash logging, nor leak through the raw args
            message = f"{record.msg!s} {record.args!r}"
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set, so the traceback is only ever shown redacted.
            record.exc_text = self._exception_formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for key, value in list(record.__dict__.items()):
            if key not in _STANDARD_ATTRS and isinstance(value, str):
                setattr(record, key, self.redact(value))
        return True


def _iso_utc(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    return {key: value for key, value in record.__dict__.items() if key not in _STANDARD_ATTRS}


def _text_value(value: Any) -> str:
    text = value if isinstance(value, str) else str(value)
    if not text or any(char.isspace() or char in '"=' for char in text):
        return json.dumps(text, ensure_ascii=False)
    return text


class TextFormatter(logging.Formatter):
    """`2025-01-31T12:00:00.123Z INFO bot.exts.faq: answered guild=1 command=ask score=0.91`.

    One line per record; a traceback, if any, follows on the next lines as Python prints it.
    """

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return _iso_utc(record.created)

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record).replace("\r", "\\r").replace("\n", "\\n")
        extras = _extra_fields(record)
        if extras:
            line += " " + " ".join(f"{key}={_text_value(value)}" for key, value in extras.items())
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp, level, logger, message, then every `extra=` field.

    A traceback goes in "exc_info" and a stack in "stack_info", as strings, so each record stays one line.
    Values JSON cannot hold are written as their str().
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": _iso_utc(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in _extra_fields(record).items():
            entry[f"extra_{key}" if key in _JSON_CORE_KEYS else key] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _RedactingStreamHandler(logging.StreamHandler[TextIO]):
    """A stream handler that redacts the finished line too (catches secrets inside non-string extras)."""

    def __init__(self, stream: TextIO, redactor: Redactor) -> None:
        super().__init__(stream)
        self._redact = redactor

    def format(self, record: logging.LogRecord) -> str:
        return self._redact(super().format(record))


def _is_discord_default_handler(handler: logging.Handler) -> bool:
    formatter = handler.formatter
    if formatter is None:
        return False
    if type(formatter).__module__ == "discord.utils":
        return True
    return getattr(formatter, "_fmt", None) == _DISCORD_DEFAULT_FORMAT


def configure_logging(
    level: str = "INFO",
    fmt: Literal["text", "json"] = "text",
    *,
    secrets: Iterable[SecretLike] = (),
    stream: TextIO | None = None,
    verbose: Iterable[str] = (),
) -> None:
    """Send every logger's records to one handler on `stream` (stderr by default), redacting `secrets`.

    Safe to call again (it replaces its own handler rather than adding one), and it removes handlers that
    discord.utils.setup_logging added, so nothing is printed twice.  `secrets` takes str or SecretStr
    values (the Discord token; None and very short values are ignored).  The DATA_ECHOING_LOGGERS log at
    INFO or above unless they (or a parent, such as "discord") are named in `verbose`.
    """
    levels = logging.getLevelNamesMapping()
    level_name = level.strip().upper()
    if level_name not in levels:
        raise ValueError(f"unknown log level {level!r}; use DEBUG, INFO, WARNING or ERROR")
    if fmt not in ("text", "json"):
        raise ValueError(f"unknown log format {fmt!r}; use 'text' or 'json'")
    numeric_level = levels[level_name]

    redactor = Redactor(secrets)
    handler = _RedactingStreamHandler(stream if stream is not None else sys.stderr, redactor)
    handler.set_name("faqbot")
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(RedactingFilter(redactor=redactor))

    root = logging.getLogger()
    for old in list(root.handlers):
        if isinstance(old, _RedactingStreamHandler) or _is_discord_default_handler(old):
            root.removeHandler(old)
            old.close()
    root.addHandler(handler)
    root.setLevel(numeric_level)

    # discord.py's records go up to the root handler; a handler of its own would print them twice.
    discord_logger = logging.getLogger("discord")
    for old in list(discord_logger.handlers):
        discord_logger.removeHandler(old)
    discord_logger.propagate = True
    discord_logger.setLevel(logging.NOTSET)
    asked = {name.strip() for name in verbose if name.strip()}
    for name in DATA_ECHOING_LOGGERS:
        named = any(name == a or name.startswith(f"{a}.") for a in asked)
        logging.getLogger(name).setLevel(numeric_level if named else max(numeric_level, logging.INFO))

    logging.captureWarnings(True)
