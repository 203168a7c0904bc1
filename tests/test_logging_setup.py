"""bot.logging_setup: text and JSON lines, extra fields, one handler for everything, secrets never printed."""

from __future__ import annotations

import base64
import io
import json
import logging
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from bot.logging_setup import DATA_ECHOING_LOGGERS as ECHOING
from bot.logging_setup import DISCORD_TOKEN_RE, REDACTED, Redactor, configure_logging

# Built at run time from obviously fake parts, so no token-shaped literal sits in the repository.
FAKE_ID = base64.urlsafe_b64encode(b"123456789012345678").decode().rstrip("=")
TOKEN = f"{FAKE_ID}.AbCdEf.{'x1_-' * 9}yz"
# A configured secret that does not look like a token, to test the exact-string path on its own.
PLAIN_SECRET = "plain-secret-value-without-token-shape"


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Leave the root and discord loggers as they were (pytest's own capture handlers included)."""
    root = logging.getLogger()
    discord_logger = logging.getLogger("discord")
    saved = (list(root.handlers), root.level, list(discord_logger.handlers), discord_logger.level)
    echoing = {name: logging.getLogger(name).level for name in ECHOING}
    yield
    for name, level in echoing.items():
        logging.getLogger(name).setLevel(level)
    for handler in root.handlers:
        if handler not in saved[0]:
            handler.close()
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    discord_logger.handlers[:] = saved[2]
    discord_logger.setLevel(saved[3])
    logging.captureWarnings(False)


def _configure(fmt: str = "text", level: str = "DEBUG", **kwargs: object) -> io.StringIO:
    stream = io.StringIO()
    configure_logging(level, fmt, secrets=[TOKEN, PLAIN_SECRET], stream=stream, **kwargs)  # type: ignore[arg-type]
    return stream


def _emit_every_way(logger: logging.Logger) -> None:
    logger.info("token in the message %s", TOKEN)
    logger.info(f"token formatted in: {TOKEN} and {PLAIN_SECRET}")
    logger.warning("token in a dict arg %s", {"authorization": f"Bot {TOKEN}"})
    logger.info("token in an extra field", extra={"header": f"Bot {TOKEN}", "payload": {"token": TOKEN}})
    logger.info("token in the stack", stack_info=True, extra={"note": PLAIN_SECRET})
    try:
        raise RuntimeError(f"login failed for {TOKEN} ({PLAIN_SECRET})")
    except RuntimeError:
        logger.exception("login failed")
    try:
        secret_in_a_local = TOKEN
        raise ValueError(secret_in_a_local)
    except ValueError as error:
        logger.error("wrapped", exc_info=error)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_token_never_appears(fmt: str) -> None:
    stream = _configure(fmt)
    _emit_every_way(logging.getLogger("bot.test"))
    _emit_every_way(logging.getLogger("discord.client"))
    output = stream.getvalue()
    assert output.count("login failed") >= 2
    assert "Traceback (most recent call last)" in output
    assert TOKEN not in output
    assert PLAIN_SECRET not in output
    assert FAKE_ID not in output  # not even the id part alone
    assert REDACTED in output


def test_secret_str_is_accepted_and_json_escaped_forms_are_redacted() -> None:
    odd_secret = 'quote"and\\backslash-secret-é'
    stream = io.StringIO()
    configure_logging("INFO", "json", secrets=[SecretStr(odd_secret), None, "x"], stream=stream)
    logger = logging.getLogger("bot.test")
    logger.info("plain %s", odd_secret)
    logger.info("in an object extra", extra={"blob": object.__new__(_Leaky)})
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    for line in lines:
        assert odd_secret not in line
        assert json.dumps(odd_secret)[1:-1] not in line
        json.loads(line)
    # A one-letter "secret" is ignored rather than shredding every line.
    assert json.loads(lines[0])["message"].startswith("plain")


class _Leaky:
    def __str__(self) -> str:
        return 'quote"and\\backslash-secret-é'


def test_token_shape_is_redacted_without_being_configured() -> None:
    stream = io.StringIO()
    configure_logging("INFO", "text", stream=stream)
    other = f"{base64.b64encode(b'98765432109876543').decode().rstrip('=')}.ZZZZZZ.{'a' * 38}"
    assert DISCORD_TOKEN_RE.fullmatch(other)
    logging.getLogger("discord.http").info("sent Authorization: Bot %s", other)
    output = stream.getvalue()
    assert other not in output
    assert f"Authorization: Bot {REDACTED}" in output


@pytest.mark.parametrize(
    "digits", ["12345678901234567", "987654321098765432", "1234567890123456789", "12345678901234567890"]
)
def test_token_regex_covers_every_id_length(digits: str) -> None:
    user_id = base64.urlsafe_b64encode(digits.encode()).decode().rstrip("=")
    for hmac in ("b" * 27, "c-_D" * 9 + "ee"):
        token = f"{user_id}.Gq0Z1x.{hmac}"
        assert DISCORD_TOKEN_RE.fullmatch(token)
        assert Redactor()(f"token={token};") == f"token={REDACTED};"


INTERACTION_TOKEN = "aW50ZXJhY3Rpb246MTMwMDAwMDAwMDAwMDAwMDAwMTpzZWNyZXQ-_x"


@pytest.mark.parametrize(
    "url",
    [
        "https://discord.com/api/v10/webhooks/1300000000000000001/{token}/messages/@original",
        "https://discord.com/api/v10/webhooks/1300000000000000001/{token}?wait=true",
        "https://discord.com/api/v10/interactions/1300000000000000009/{token}/callback",
        "/api/v10/webhooks/1300000000000000001/{token}",
        "https://discordapp.com/api/webhooks/1300000000000000001/{token}",
    ],
)
def test_interaction_and_webhook_tokens_in_urls_are_redacted(url: str) -> None:
    redacted = Redactor()(f"POST {url.format(token=INTERACTION_TOKEN)} has returned 204")
    assert INTERACTION_TOKEN not in redacted
    assert url.format(token=REDACTED) in redacted


def test_a_webhook_url_logged_at_debug_by_a_logger_asked_for_by_name_is_redacted() -> None:
    stream = _configure("text", level="DEBUG", verbose=["discord.webhook"])
    url = f"https://discord.com/api/v10/webhooks/1/{INTERACTION_TOKEN}"
    logging.getLogger("discord.webhook.async_").debug("Webhook ID %s with POST %s has returned 200", 1, url)
    output = stream.getvalue()
    assert "has returned 200" in output and INTERACTION_TOKEN not in output


def test_url_password_is_redacted() -> None:
    redact = Redactor()
    assert (
        redact("postgresql://faqbot:hunter22@db:5432/faqbot")
        == f"postgresql://faqbot:{REDACTED}@db:5432/faqbot"
    )
    assert redact("sqlite:////data/faqbot.sqlite3") == "sqlite:////data/faqbot.sqlite3"
    assert redact("see https://example.com:8080/path") == "see https://example.com:8080/path"


def test_json_lines_parse_and_carry_extra_fields() -> None:
    stream = _configure("json")
    logger = logging.getLogger("bot.exts.faq")
    extra = {"guild": 123456789, "command": "ask", "entry": "q-007", "score": 0.91, "latency_ms": 12.5}
    logger.info("answered %s", "a question", extra=extra)
    logger.info("multi\nline message", extra={"level": "clashes with a core key"})
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["message"] == "answered a question"
    assert first["level"] == "INFO"
    assert first["logger"] == "bot.exts.faq"
    assert first["timestamp"].endswith("Z") and "T" in first["timestamp"]
    for key, value in extra.items():
        assert first[key] == value
    second = json.loads(lines[1])
    assert second["message"] == "multi\nline message"
    assert second["level"] == "INFO"
    assert second["extra_level"] == "clashes with a core key"


def test_json_exception_stays_on_one_line() -> None:
    stream = _configure("json")
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        logging.getLogger("bot.test").exception("boom", extra={"command": "ask"})
    (line,) = stream.getvalue().splitlines()
    entry = json.loads(line)
    assert "ZeroDivisionError" in entry["exc_info"]
    assert entry["command"] == "ask"


def test_text_is_single_line_with_extras() -> None:
    stream = _configure("text")
    logging.getLogger("bot.exts.faq").info(
        "answered\nsneaky second line", extra={"guild": 42, "command": "ask", "entry": "two words"}
    )
    (line,) = stream.getvalue().splitlines()
    assert " INFO bot.exts.faq: answered\\nsneaky second line " in line
    assert 'guild=42 command=ask entry="two words"' in line


def test_levels_apply_and_bad_values_are_rejected() -> None:
    stream = _configure("text", level="warning")
    logging.getLogger("bot.test").info("hidden")
    logging.getLogger("bot.test").warning("shown")
    assert "hidden" not in stream.getvalue()
    assert "shown" in stream.getvalue()
    with pytest.raises(ValueError, match="log level"):
        configure_logging("LOUD", "text")
    with pytest.raises(ValueError, match="log format"):
        configure_logging("INFO", "xml")  # type: ignore[arg-type]


def test_discord_logs_go_through_the_same_handler_once() -> None:
    import discord.utils

    # As if discord.py had set up its own logging first (Client.run without log_handler=None does this).
    discord.utils.setup_logging(handler=logging.StreamHandler(io.StringIO()), root=False)
    discord.utils.setup_logging(handler=logging.StreamHandler(io.StringIO()))
    stream = _configure("text", level="INFO")
    stream = _configure("text", level="INFO")  # configuring twice must not add a second handler
    ours = [handler for handler in logging.getLogger().handlers if handler.get_name() == "faqbot"]
    assert len(ours) == 1
    assert logging.getLogger("discord").handlers == []
    logging.getLogger("discord.gateway").info("Shard ID %s has connected to Gateway", 0)
    output = stream.getvalue()
    assert output.count("has connected to Gateway") == 1
    assert "discord.gateway: Shard ID 0 has connected" in output


DATA_ECHOING_LOGGERS = ("discord.gateway", "discord.http", "discord.webhook.async_", "aiosqlite", "asyncpg")


@pytest.mark.parametrize("name", DATA_ECHOING_LOGGERS)
def test_loggers_that_echo_data_stay_quiet_at_debug(name: str) -> None:
    stream = _configure("text", level="DEBUG")
    logging.getLogger(name).debug("echoed: %s", {"content": "a user's message"})
    logging.getLogger(name).info("%s is connected", name)
    logging.getLogger("discord.client").debug("client debug line")
    logging.getLogger("bot.exts.ask").debug("our own debug line")
    output = stream.getvalue()
    assert "a user's message" not in output
    assert f"{name} is connected" in output
    assert "client debug line" in output and "our own debug line" in output


@pytest.mark.parametrize("name", DATA_ECHOING_LOGGERS)
def test_a_logger_that_echoes_data_logs_at_debug_when_asked_for_by_name(name: str) -> None:
    asked = name.removesuffix(".async_")  # a parent's name covers its children
    stream = _configure("text", level="DEBUG", verbose=[asked])
    logging.getLogger(name).debug("echoed: %s", "a user's message")
    logging.getLogger(DATA_ECHOING_LOGGERS[0 if name != DATA_ECHOING_LOGGERS[0] else 1]).debug("not asked")
    output = stream.getvalue()
    assert "a user's message" in output and "not asked" not in output


def test_a_logger_asked_for_by_name_still_follows_a_quieter_log_level() -> None:
    stream = _configure("text", level="WARNING", verbose=["aiosqlite"])
    logging.getLogger("aiosqlite").info("executing INSERT a user's message")
    assert stream.getvalue() == ""


def test_warnings_are_logged() -> None:
    import warnings

    stream = _configure("json")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn(f"careful, token {TOKEN}", UserWarning, stacklevel=1)
    (line,) = stream.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["logger"] == "py.warnings"
    assert TOKEN not in line
