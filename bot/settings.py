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

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(";", ",").split(",") if part.strip())
        return value


def load_settings(**overrides: object) -> Settings:
    """Read settings now (from env and `.env`), with explicit overrides on top."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
