"""bot.settings.Settings: environment and .env, parsing, secrecy of the token, range checks, .env.example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from bot.core.knowledge import default_knowledge_dir
from bot.logging_setup import DISCORD_TOKEN_RE
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
ENV_EXAMPLE = ROOT / ".env.example"
FIELDS = sorted(name.upper() for name in Settings.model_fields)
# Obviously fake, and not token-shaped, so nothing here trips a secret scanner.
TOKEN = "test-token-value-0123456789"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No setting from the machine running the tests, and a working directory without a .env."""
    for name in FIELDS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_without_environment_or_env_file() -> None:
    settings = Settings()
    assert settings.discord_token is None
    assert settings.database_url == "sqlite:///data/faqbot.sqlite3"
    assert settings.knowledge_dir == default_knowledge_dir()
    assert (settings.log_level, settings.log_format) == ("INFO", "text")
    assert settings.log_verbose == []
    assert settings.default_private is False
    assert (settings.cooldown_seconds, settings.cooldown_rate, settings.retention_days) == (5.0, 3, 90)
    assert settings.shard_ids is None
    assert settings.shard_count is None
    assert settings.warm_index is True


def test_reads_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    values = {
        "DISCORD_TOKEN": TOKEN,
        "DATABASE_URL": "postgresql://faqbot:pw@db:5432/faqbot",
        "KNOWLEDGE_DIR": str(tmp_path / "knowledge"),
        "LOG_LEVEL": "DEBUG",
        "LOG_FORMAT": "json",
        "LOG_VERBOSE": "aiosqlite, discord.http",
        "DEFAULT_PRIVATE": "true",
        "COOLDOWN_SECONDS": "2.5",
        "COOLDOWN_RATE": "10",
        "RETENTION_DAYS": "30",
        "SHARD_IDS": "0,1",
        "SHARD_COUNT": "4",
        "USER_HASH_SALT": "pepper",
        "WARM_INDEX": "false",
    }
    assert sorted(values) == FIELDS  # a new setting needs a line here (and in .env.example)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    assert isinstance(settings.discord_token, SecretStr)
    assert settings.discord_token.get_secret_value() == TOKEN
    assert settings.database_url == "postgresql://faqbot:pw@db:5432/faqbot"
    assert settings.knowledge_dir == tmp_path / "knowledge"
    assert (settings.log_level, settings.log_format) == ("DEBUG", "json")
    assert settings.log_verbose == ["aiosqlite", "discord.http"]
    assert settings.default_private is True
    assert (settings.cooldown_seconds, settings.cooldown_rate, settings.retention_days) == (2.5, 10, 30)
    assert settings.shard_ids == [0, 1]
    assert settings.shard_count == 4
    assert settings.user_salt() == b"pepper"
    assert settings.warm_index is False


def test_reads_a_dotenv_file_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text(
        f"DISCORD_TOKEN={TOKEN}\n"
        "LOG_FORMAT=json\n"
        "SHARD_IDS=0,1\n"
        "SHARD_COUNT=2\n"
        "COOLDOWN_RATE=7\n"
        "# comments and unknown keys (compose's POSTGRES_*) are ignored\n"
        "POSTGRES_PASSWORD=change-me\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("COOLDOWN_RATE", "9")  # the real environment wins over .env
    settings = Settings()
    assert settings.discord_token is not None
    assert settings.discord_token.get_secret_value() == TOKEN
    assert settings.log_format == "json"
    assert settings.shard_ids == [0, 1]
    assert settings.shard_count == 2
    assert settings.cooldown_rate == 9
    assert not hasattr(settings, "postgres_password")


@pytest.mark.parametrize("raw", ["0,1", " 0, 1 ", "0,1,", "[0, 1]"])
def test_shard_ids_parse(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SHARD_IDS", raw)
    monkeypatch.setenv("SHARD_COUNT", "2")  # discord.py needs the total whenever shard ids are given
    assert Settings().shard_ids == [0, 1]


def test_token_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    settings = Settings()
    assert isinstance(settings.discord_token, SecretStr)
    for shown in (
        repr(settings),
        str(settings),
        settings.model_dump_json(),
        str(settings.model_dump()),
        repr(settings.discord_token),
        str(settings.discord_token),
        f"{settings.discord_token}",
    ):
        assert TOKEN not in shown
    assert "**********" in settings.model_dump_json()


@pytest.mark.parametrize(
    ("name", "value", "bound"),
    [
        ("COOLDOWN_SECONDS", "301", "less than or equal to 300"),
        ("COOLDOWN_SECONDS", "-1", "greater than or equal to 0"),
        ("COOLDOWN_RATE", "0", "greater than or equal to 1"),
        ("COOLDOWN_RATE", "51", "less than or equal to 50"),
        ("RETENTION_DAYS", "0", "greater than or equal to 1"),
        ("SHARD_COUNT", "0", "greater than or equal to 1"),
    ],
)
def test_out_of_range_values_are_rejected_clearly(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, bound: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as caught:
        Settings()
    message = str(caught.value)
    assert name.lower() in message  # names the setting
    assert bound in message  # and the limit it broke
    assert f"input_value='{value}'" in message  # and the value given


@pytest.mark.parametrize(("name", "value"), [("LOG_LEVEL", "LOUD"), ("LOG_FORMAT", "xml")])
def test_unknown_choices_are_rejected(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name.lower()):
        Settings()


def _example_keys() -> list[str]:
    return re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(encoding="utf-8"), flags=re.MULTILINE)


def test_env_example_documents_every_setting() -> None:
    keys = _example_keys()
    assert sorted(set(keys) & set(FIELDS)) == FIELDS
    assert len(keys) == len(set(keys)), "a key appears twice in .env.example"
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    for name in FIELDS:
        (index,) = [i for i, line in enumerate(lines) if re.match(rf"^#? ?{name}=", line)]
        above = lines[index - 1]
        assert above.startswith("# ") and "=" not in above.split()[1], f"{name} has no comment line above it"


def test_env_example_loads_and_holds_no_real_token(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(ENV_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    settings = Settings()
    assert settings.discord_token is not None
    placeholder = settings.discord_token.get_secret_value()
    assert not DISCORD_TOKEN_RE.search(placeholder)
    assert "replace" in placeholder
    # Commented-out lines keep the defaults (the Docker image's DATABASE_URL must not be overridden).
    assert settings.database_url == Settings.model_fields["database_url"].default
    assert settings.shard_ids is None


def test_single_shard_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHARD_IDS", "0")
    monkeypatch.setenv("SHARD_COUNT", "1")
    assert Settings().shard_ids == [0]


def test_empty_values_mean_unset(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "DISCORD_TOKEN=\nSHARD_IDS=\nSHARD_COUNT=\nKNOWLEDGE_DIR=\n", encoding="utf-8"
    )
    settings = Settings()
    assert settings.discord_token is None
    assert settings.shard_ids is None
    assert settings.shard_count is None
    assert settings.knowledge_dir == default_knowledge_dir()


def test_log_level_is_case_insensitive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "info")
    assert Settings().log_level == "INFO"


@pytest.mark.parametrize(("ids", "count"), [("0,2", "2"), ("1,1", "2"), ("0", None)])
def test_shard_ids_must_fit_shard_count(monkeypatch: pytest.MonkeyPatch, ids: str, count: str | None) -> None:
    monkeypatch.setenv("SHARD_IDS", ids)
    if count is not None:
        monkeypatch.setenv("SHARD_COUNT", count)
    with pytest.raises(ValidationError, match="SHARD_COUNT"):
        Settings()


def test_without_a_user_hash_salt_one_is_derived_from_the_token_and_stays_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    derived = Settings().user_salt()
    assert derived == Settings().user_salt() and TOKEN.encode() not in derived
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN + "-rotated")
    assert Settings().user_salt() != derived  # rotating the token unlinks earlier hashes, as documented
    monkeypatch.setenv("USER_HASH_SALT", "pepper")
    assert Settings().user_salt() == b"pepper"


def test_hashing_users_needs_a_salt_or_a_token() -> None:
    with pytest.raises(ValueError, match="USER_HASH_SALT or DISCORD_TOKEN"):
        Settings().user_salt()
