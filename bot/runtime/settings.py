"""Settings from the environment, validated at start-up so that a typo is one clear line, not a failure
at the first event: Slack's (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL) and
running it (REDIS_URL, PRECERT_DATA_DIR, RATE_LIMIT_PER_MINUTE, LOG_MESSAGE_TEXT, DRAIN_SECONDS,
ANSWER_PROCESSES …)."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from redis.connection import parse_url

SLACK_API_URL = "https://slack.com/api/"
RATE_LIMIT_PER_MINUTE = 20
OPS_PORT = 9091
OUTBOX_CLAIM_SECONDS = 60.0
# On SIGTERM, answers already acknowledged get this long to be posted; the deploy files' stop
# timeouts (30 s: Kubernetes' default grace period) leave room for it and for closing the connection.
DRAIN_SECONDS = 20.0
MAX_ANSWER_PROCESSES = 16
DATA_DIR = "var"

# Rotating tokens carry an "xoxe." prefix; either way Slack's Web API needs a bot token here.
# \Z, not $: "$" also matches before a final newline, which a secret read from a file often has.
_BOT_TOKEN = re.compile(r"^(?:xoxe\.)?xoxb-[\w-]+\Z")
_APP_TOKEN = re.compile(r"^xapp-[\w-]+\Z")
_SECRET = re.compile(r"^\S+\Z")
_REDIS_URL = re.compile(r"^(?:rediss?|unix)://\S+\Z")


class SettingsProblem(Exception):
    """A missing or malformed setting; the message is one line naming the variable."""


class SlackSettings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, extra="ignore", env_ignore_empty=True)

    slack_bot_token: SecretStr
    slack_signing_secret: SecretStr | None = None  # needed in HTTP mode only
    slack_app_token: SecretStr | None = None  # set: Socket Mode
    slack_api_url: AnyHttpUrl = AnyHttpUrl(SLACK_API_URL)
    # Unset: state (the outbox, event de-dup, conversation context, rate counts) in a SQLite file in
    # PRECERT_DATA_DIR, right for one replica; set, shared by every replica.
    redis_url: SecretStr | None = None  # a secret: it may carry a password
    # Without REDIS_URL: the folder of the SQLite store (bot/runtime/state/sqlite.py). Relative to the working
    # folder: ./var for a checkout; the image and the unit files set a volume / StateDirectory.
    precert_data_dir: Path = Path(DATA_DIR)
    rate_limit_per_minute: int = Field(default=RATE_LIMIT_PER_MINUTE, ge=0)  # questions per person; 0: no limit
    log_message_text: bool = False  # true: log questions, with patient identifiers masked
    drain_seconds: float = Field(default=DRAIN_SECONDS, gt=0, le=60)  # DRAIN_SECONDS: see above
    # HTTP mode: /metrics and the detailed /healthz on a port of their own, kept off the public one
    # (which says only up or degraded); 0: no ops port.
    ops_port: int = Field(default=OPS_PORT, ge=0, le=65535)
    # Seconds an answer may sit untouched in another replica's (or answer process's) hands before this
    # one takes it over (one killed mid-backlog). Each replica touches what it holds every quarter of this.
    outbox_claim_seconds: float = Field(default=OUTBOX_CLAIM_SECONDS, ge=1, le=3600)
    # Answer in this many processes of the replica's own (bot/runtime/answer_processes.py), the serving process
    # only acknowledging; 0: answer in the serving process. One per spare core.
    answer_processes: int = Field(default=0, ge=0, le=MAX_ANSWER_PROCESSES)

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        url = value.get_secret_value()
        try:
            # redis-py's own reading of the URL, so that what passes here is what it will connect to.
            parse_url(url)
        except ValueError:
            url = ""
        if not _REDIS_URL.match(url):
            raise ValueError("expected redis://host:port/db (or rediss:// or unix://)")
        return value

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
            raise ValueError("expected the signing secret without spaces or line breaks")
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
