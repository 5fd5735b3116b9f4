"""Socket Mode while Slack refuses connections: attempts back off (doubling, with jitter, capped)
instead of slack_sdk's retry every half second, the log says what failed, "connected" is logged when
a connection opens and not when it is asked for, and `connected` (what /readyz reports) follows the
connection."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterator

import pytest

from bot.slack.app import build_app
from bot.slack.socket_mode import SocketMode, retry_delay
from intents.engine import Engine
from tests.support.bot_server import BOT_TOKEN, QUICK_RETRIES
from tests.support.fake_slack import FakeSlack
from tests.support.fake_socket_mode import FakeSocketMode
from tests.support.socket_mode_bot import APP_TOKEN, socket_mode_bot

REFUSED_SECONDS = 4.5
RETRY_FIRST, RETRY_MAX = 1.0, 4.0  # production's first wait, a lower cap: the test sees it reached
WAIT_SECONDS = 10.0


@pytest.fixture
def socket_mode(fake_slack: FakeSlack) -> Iterator[FakeSocketMode]:
    with FakeSocketMode(fake_slack) as fake:
        yield fake


def until(condition: Callable[[], bool], what: str, timeout: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def opens_during(fake_slack: FakeSlack, seconds: float) -> list[float]:
    """When each apps.connections.open call came, in seconds from now, over `seconds`."""
    started, seen, times = time.monotonic(), len(fake_slack.calls("apps.connections.open")), []
    while time.monotonic() - started < seconds:
        now = len(fake_slack.calls("apps.connections.open"))
        times += [time.monotonic() - started] * (now - seen)
        seen = now
        time.sleep(0.01)
    return times


def test_the_wait_doubles_from_the_first_up_to_the_cap_with_jitter() -> None:
    assert retry_delay(0) == 0.0
    lowest = [retry_delay(n, 1.0, 30.0, draw=lambda: 0.0) for n in range(1, 9)]
    highest = [retry_delay(n, 1.0, 30.0, draw=lambda: 1.0) for n in range(1, 9)]
    assert lowest == [0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 15.0, 15.0]
    assert highest == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
    assert retry_delay(10_000, 1.0, 30.0) <= 30.0  # no overflow however long Slack stays away


def test_refused_connections_back_off_and_the_log_says_what_failed(
    fake_slack: FakeSlack, socket_mode: FakeSocketMode, bot_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="precert_bot")
    with socket_mode_bot(
        fake_slack.api_url, socket_mode, bot_engine, retry_first=RETRY_FIRST, retry_max=RETRY_MAX
    ) as bot:
        until(lambda: bot.socket_mode.connected, "connected")
        socket_mode.refusing = True
        socket_mode.drop()
        opens = opens_during(fake_slack, REFUSED_SECONDS)
        assert not bot.socket_mode.connected
        socket_mode.refusing = False
        socket_mode.wait_connected(len(socket_mode.links) + 1, timeout=RETRY_MAX + 2)
        until(lambda: bot.socket_mode.connected, "connected again")

    # A connection that had opened is replaced at once; then 0.5-1 s, 1-2 s, 2-4 s: slack_sdk alone
    # asked every half second (9 in this time).
    assert 2 <= len(opens) <= 4, opens
    gaps = [b - a for a, b in itertools.pairwise(opens)]
    assert gaps[0] >= RETRY_FIRST / 2
    assert all(later >= earlier - 0.6 for earlier, later in itertools.pairwise(gaps)), gaps
    failed = [r.getMessage() for r in caplog.records if "connecting failed" in r.getMessage()]
    assert failed and all("WebSocketBadStatusException" in m and "503" in m for m in failed), failed
    assert any("attempt 3 in" in m for m in failed)


def test_connected_is_logged_and_reported_only_once_the_socket_opens(
    fake_slack: FakeSlack, socket_mode: FakeSocketMode, bot_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.runtime.settings import SlackSettings

    caplog.set_level(logging.INFO, logger="precert_bot")
    settings = SlackSettings(slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN, slack_api_url=fake_slack.api_url)
    app = build_app(settings, engine=bot_engine, retry_policy=QUICK_RETRIES)
    socket_mode.refusing = True
    client = SocketMode(app, APP_TOKEN)
    client.start()
    try:
        until(lambda: len(fake_slack.calls("apps.connections.open")) >= 2, "a second attempt")
        assert not client.connected
        assert "socket mode: connected" not in caplog.text
        socket_mode.refusing = False
        socket_mode.wait_connected(timeout=WAIT_SECONDS)
        until(lambda: client.connected, "connected")
        assert caplog.text.count("socket mode: connected") == 1
        socket_mode.close()  # Slack ends it: not connected until the next one opens
        until(lambda: not client.connected or len(socket_mode.links) > 1, "the close noticed")
        socket_mode.wait_connected(2, timeout=WAIT_SECONDS)
        until(lambda: client.connected, "connected again")
    finally:
        client.stop_taking_envelopes()
        client.close()
