"""Slack settings from the environment (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN,
SLACK_API_URL), validated at start-up so that a typo is one clear line, not a failure at the first event."""

from __future__ import annotations

import re

from pydantic import AnyHttpUrl, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SLACK_API_URL = "https://slack.com/api/"

# Rotating tokens carry an "xoxe." prefix; either way Slack's Web API needs a bot token here.
_BOT_TOKEN = re.compile(r"^(?:xoxe\.)?xoxb-[\w-]+$")
_APP_TOKEN = re.compile(r"^xapp-[\w-]+$")
_SECRET = re.compile(r"^\S+$")


class SettingsProblem(Exception):
    """A missing or malformed setting; the message is one line naming the variable."""


class SlackSettings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, extra="ignore", env_ignore_empty=True)

    slack_bot_token: SecretStr
    slack_signing_secret: SecretStr | None = None  # needed in HTTP mode only
    slack_app_token: SecretStr | None = None  # set: Socket Mode
    slack_api_url: AnyHttpUrl = AnyHttpUrl(SLACK_API_URL)

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr) -> SecretStr:
        if not _BOT_TOKEN.match(value.get_secret_value()):
            raise ValueError("expected a bot token starting with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _APP_TOKEN.match(value.get_secret_value()):
            raise ValueError("expected an app-level token starting with xapp-")
        return value

    @field_validator("slack_signing_secret")
    @classmethod
    def _secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _SECRET.match(value.get_secret_value()):
            raise ValueError("expected the signing secret without spaces")
        return value

    @property
    def api_url(self) -> str:
        # slack_sdk joins method names onto base_url, so it must end with a slash.
        url = str(self.slack_api_url)
        return url if url.endswith("/") else url + "/"

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None


def load_settings(**overrides: object) -> SlackSettings:
    """The settings from the environment; SettingsProblem names the first bad variable."""
    try:
        return SlackSettings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "a SLACK_ setting"
        if first["type"] == "missing":
            raise SettingsProblem(f"{name} is not set") from None
        reason = first["msg"].removeprefix("Value error, ")
        raise SettingsProblem(f"{name} is malformed: {reason}") from None
