"""Runtime settings, read once from the environment and `.env` by the entry point and passed down."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.core.knowledge import default_knowledge_dir

SALT_LABEL = b"faqbot user id hash salt, v1"


def settings_problem(error: ValidationError) -> str:
    """The first problem in the settings, naming the setting and the rule broken but never the value,
    which could be the token."""
    first = error.errors()[0]
    where = ".".join(map(str, first["loc"])).upper()
    return f"setting {where} is invalid: {first['msg']}; see .env.example"


class Settings(BaseSettings):
    """Every setting of the bot; `.env.example` documents each one."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    discord_token: SecretStr | None = Field(default=None, description="Bot token from the Developer Portal.")
    database_url: str = Field(
        default="sqlite:///data/faqbot.sqlite3",
        description="sqlite:///PATH (one process) or postgresql://user:pass@host/db (shared by shards).",
    )
    knowledge_dir: Path = Field(default_factory=default_knowledge_dir)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    log_verbose: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Loggers that echo data (aiosqlite, discord.http...) to log at LOG_LEVEL even if DEBUG.",
    )
    default_private: bool = Field(
        default=False, description="Answers ephemeral unless a server says otherwise."
    )
    cooldown_seconds: float = Field(default=5.0, ge=0, le=300, description="Per-user cooldown on answers.")
    cooldown_rate: int = Field(default=3, ge=1, le=50, description="Answers allowed per cooldown window.")
    warm_index: bool = Field(
        default=True,
        description="Read the whole index (every language) off the event loop after start-up and each"
        " rebuild, so the first questions, and the first Chinese one, answer as fast as later ones.",
    )
    retention_days: int = Field(default=90, ge=1, le=3650, description="Days question logs are kept.")
    user_hash_salt: SecretStr | None = Field(
        default=None, description="Secret that user ids are hashed with before storing; see user_salt()."
    )
    shard_ids: list[int] | None = None
    shard_count: int | None = Field(default=None, ge=1)

    def user_salt(self) -> bytes:
        """The secret that user ids are hashed with: USER_HASH_SALT, else one derived from the token."""
        if self.user_hash_salt is not None and self.user_hash_salt.get_secret_value().strip():
            return self.user_hash_salt.get_secret_value().strip().encode()
        token = self.discord_token.get_secret_value().strip() if self.discord_token else ""
        if not token:
            raise ValueError("hashing user ids needs USER_HASH_SALT or DISCORD_TOKEN; set one of them")
        # Derived, not generated and kept in a file: every shard and process has the token, so all agree on
        # a user's hash with no state to share. The price: rotating the token unlinks the old hashes.
        return hmac.new(token.encode(), SALT_LABEL, hashlib.sha256).digest()

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _split_shard_ids(cls, value: object) -> object:
        # Accept "0,1" from the environment as well as a list.
        if isinstance(value, str):
            return [int(part) for part in value.split(",") if part.strip()]
        if isinstance(value, int):  # SHARD_IDS=0 arrives JSON-decoded as a bare int
            return [value]
        return value

    @field_validator("log_verbose", mode="before")
    @classmethod
    def _split_logger_names(cls, value: object) -> object:
        # "aiosqlite, discord.http" from the environment, as well as a list.
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check_shards(self) -> Settings:
        if self.shard_ids is None:
            return self
        if self.shard_count is None:
            raise ValueError("SHARD_IDS needs SHARD_COUNT (the total number of shards across all processes)")
        bad = [i for i in self.shard_ids if not 0 <= i < self.shard_count]
        if bad or len(set(self.shard_ids)) != len(self.shard_ids):
            raise ValueError(
                f"SHARD_IDS must be distinct shard ids from 0 to SHARD_COUNT-1={self.shard_count - 1}, "
                f"got {self.shard_ids}"
            )
        return self
