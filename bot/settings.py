"""Configuration from the environment and `.env`, read when asked, never at import."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing_extensions import Annotated


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: str = ""
    database_path: Path = Path("data/nhacviec.db")
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(default_factory=frozenset)
    access: Literal["open", "invite"] = "open"
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_file_base_url: str = "https://api.telegram.org/file/bot"
    webhook_url: str = ""
    webhook_secret: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    timezone: str = "Asia/Ho_Chi_Minh"
    log_level: str = "INFO"
    reminders: bool = True
    # Zalo Bot Platform (bots made with Zalo Bot Creator); the channel starts when a token is set.
    zalo_bot_token: str = ""
    zalo_api_base_url: str = "https://bot-api.zaloplatforms.com/bot"    # the token and method are appended
    zalo_webhook_url: str = ""
    zalo_webhook_secret: str = ""
    zalo_webhook_listen: str = "127.0.0.1"
    zalo_webhook_port: int = 8444
    zalo_admin_ids: Annotated[frozenset[str], NoDecode] = Field(default_factory=frozenset)
    zalo_messages_per_second: float = 10.0         # all chats together (Zalo publishes no limit)
    zalo_seconds_between_messages: float = 1.0     # to one chat
    zalo_poll_seconds: float = 30.0                # getUpdates long poll
    zalo_timeout_seconds: float = 10.0             # any call's answer, beyond the long poll
    plans_dir: Path | None = None                  # plan files put here are read in (a Zalo bot gets no files)

    @field_validator("zalo_admin_ids", mode="before")
    @classmethod
    def _split_text_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.replace(";", ",").split(",") if part.strip())
        return value

    @field_validator("plans_dir", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(";", ",").split(",") if part.strip())
        return value


def load_settings(**overrides: object) -> Settings:
    """Read settings now (from env and `.env`), with explicit overrides on top."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
