"""`precert-bot serve`: which mode runs, and a one-line error with exit code 2 for bad settings."""

from __future__ import annotations

import argparse
import os
import signal
from collections.abc import Iterator

import pytest

from bot.commands import serve
from bot.runtime.shutdown import TrackedPool
from tests.support.bot_server import BOT_TOKEN
from tests.support.fake_slack import FakeSlack, Reply
from tests.support.signing import SIGNING_SECRET

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture(autouse=True)
def no_slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)


def args(http: bool) -> argparse.Namespace:
    return argparse.Namespace(http=http, host="127.0.0.1", port=0)


def one_line_error(capsys: Capture) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err.strip()


def test_http_mode_needs_the_signing_secret(monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)

    assert serve.main(args(http=True)) == 2
    assert one_line_error(capsys).startswith("precert-bot: SLACK_SIGNING_SECRET is not set")


def test_socket_mode_needs_the_app_token(monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)

    assert serve.main(args(http=False)) == 2
    assert one_line_error(capsys).startswith("precert-bot: SLACK_APP_TOKEN is not set")


def test_a_token_slack_refuses_is_a_settings_error(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture, fake_slack: FakeSlack
) -> None:
    fake_slack.replace("auth.test", Reply(body={"ok": False, "error": "invalid_auth"}))
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)

    assert serve.main(args(http=True)) == 2
    assert one_line_error(capsys) == "precert-bot: SLACK_BOT_TOKEN was refused by Slack (invalid_auth)"


def test_an_unreachable_api_is_one_line_too(monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")  # the discard port: nothing listens
    monkeypatch.setattr("bot.slack.delivery.READ_RETRIES", 0)  # retrying is slack_sdk's business; not tested here

    assert serve.main(args(http=True)) == 1
    assert one_line_error(capsys).startswith("precert-bot: cannot reach Slack's Web API at http://127.0.0.1:9/api/")


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_socket_mode_connects_and_a_stop_signal_ends_it_with_status_0(
    monkeypatch: pytest.MonkeyPatch, fake_slack: FakeSlack, stop_signal: signal.Signals
) -> None:
    started: list[tuple[object, str]] = []
    stopped: list[str] = []

    class Connection:
        envelopes = TrackedPool(1, "socket-mode-envelope")

        def __init__(self, app: object, app_token: str):
            self.app, self.app_token = app, app_token

        def start(self) -> None:
            started.append((self.app, self.app_token))
            os.kill(os.getpid(), stop_signal)  # as systemd (or Ctrl-C) stops it, right after connecting

        def stop_taking_envelopes(self) -> int:
            stopped.append("envelopes")
            return 0

        def close(self, limit: float) -> bool:
            stopped.append("connection")
            return True

    monkeypatch.setattr("bot.commands.serve.SocketMode", Connection)
    monkeypatch.setenv("OPS_PORT", "0")  # no ops server in this process
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-A0PRECERT-77-abc")
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        assert serve.main(args(http=False)) == 0
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    ((app, token),) = started
    assert stopped == ["envelopes", "connection"]  # no new envelopes first, then the close frame
    assert token == "xapp-1-A0PRECERT-77-abc"
    assert app.client.base_url == fake_slack.api_url  # apps.connections.open goes to SLACK_API_URL too


def test_an_app_token_slack_refuses_is_a_settings_error(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture, fake_slack: FakeSlack
) -> None:
    # The real Socket Mode handler: apps.connections.open at the fake refuses the token.
    fake_slack.replace("apps.connections.open", Reply(body={"ok": False, "error": "invalid_auth"}))
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-A0PRECERT-77-abc")
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)

    assert serve.main(args(http=False)) == 2
    assert one_line_error(capsys) == "precert-bot: SLACK_APP_TOKEN was refused by Slack (invalid_auth)"


@pytest.mark.parametrize(
    ("name", "value"),
    [("REDIS_URL", "redis://localhost:notaport/0"), ("SLACK_SIGNING_SECRET", SIGNING_SECRET + "\n")],
)
def test_a_setting_that_would_fail_later_fails_at_start(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture, name: str, value: str
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv(name, value)

    assert serve.main(args(http=True)) == 2
    assert one_line_error(capsys).startswith(f"precert-bot: {name} is malformed")
