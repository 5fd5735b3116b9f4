"""Settings come from the environment; a missing or malformed one is one line naming it."""

from __future__ import annotations

import pytest

from bot.runtime.settings import SLACK_API_URL, SettingsProblem, load_settings

TOKEN = "xoxb-7700000000000-7713000000000-abc"


@pytest.fixture(autouse=True)
def no_slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)


def test_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-A0PRECERT-77-abc")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")

    settings = load_settings()

    assert settings.slack_bot_token.get_secret_value() == TOKEN
    assert settings.socket_mode
    assert settings.api_url == "http://127.0.0.1:9/api/"  # slack_sdk joins method names onto it
    assert TOKEN not in repr(settings)


def test_the_api_url_defaults_to_slacks_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", "")  # empty counts as unset

    settings = load_settings()

    assert settings.api_url == SLACK_API_URL and not settings.socket_mode


@pytest.mark.parametrize(
    "env, message",
    [
        ({}, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN is malformed: expected a bot token"),
        ({"SLACK_BOT_TOKEN": TOKEN, "SLACK_APP_TOKEN": TOKEN}, "SLACK_APP_TOKEN is malformed: expected an app-level"),
        ({"SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL is malformed"),
        ({"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": "has a space"}, "SLACK_SIGNING_SECRET is malformed"),
    ],
)
def test_a_bad_setting_is_named_in_one_line(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(SettingsProblem) as problem:
        load_settings()

    assert str(problem.value).startswith(message) and "\n" not in str(problem.value)
    assert "xoxb-77" not in str(problem.value)  # a token is never echoed
