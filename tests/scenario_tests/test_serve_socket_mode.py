"""`precert-bot serve` in Socket Mode as it is deployed: a separate process configured only by
environment variables, stopped the way systemd, Docker and Kubernetes stop it (SIGTERM) while an
answer it has acknowledged is still waiting out a 429's Retry-After. The answer is posted, the
connection closed with a close frame, and the exit status is 0, within the drain limit."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bot.runtime.settings import DRAIN_SECONDS
from tests.scenario_tests.test_serve_process import ROOT, clean_env, free_port
from tests.support import payloads
from tests.support.bot_server import BOT_TOKEN
from tests.support.fake_slack import FakeSlack, Reply
from tests.support.fake_socket_mode import FakeSocketMode
from tests.support.processes import stop
from tests.support.socket_mode_bot import APP_TOKEN

START_SECONDS = 15.0  # a deadline for the connection to open, not a measurement
QUESTION = "does keytruda need evicore precert?"


@pytest.fixture
def socket_mode(fake_slack: FakeSlack) -> Iterator[FakeSocketMode]:
    with FakeSocketMode(fake_slack) as fake:
        yield fake


@contextmanager
def serving(fake_slack: FakeSlack, **env: str) -> Iterator[subprocess.Popen[bytes]]:
    env.setdefault("OPS_PORT", "0")
    variables = clean_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=fake_slack.api_url, **env)
    command = [sys.executable, "-m", "bot", "serve"]
    process = subprocess.Popen(command, cwd=ROOT, env=variables, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        yield process
    finally:
        stop(process)


def rate_limited(fake_slack: FakeSlack, retry_after: int) -> None:
    fake_slack.script(
        "chat.postMessage", Reply(429, {"Retry-After": str(retry_after)}, {"ok": False, "error": "ratelimited"})
    )


def ops_get(port: int, path: str) -> tuple[int, str, str]:
    """(HTTP status, "status", "slack") of an ops route."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            status, body = response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        status, body = error.code, json.loads(error.read())
    return status, body["status"], body.get("slack", "")


def until_ready(port: int) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            if ops_get(port, "/readyz")[0] == 200:
                return
        except OSError:
            pass  # not listening yet
        assert time.monotonic() < deadline, "/readyz never said ready"
        time.sleep(0.05)


def test_while_slack_refuses_the_connection_it_is_alive_but_not_ready(
    fake_slack: FakeSlack, socket_mode: FakeSocketMode
) -> None:
    socket_mode.refusing = True
    ops_port = free_port()
    with serving(fake_slack, OPS_PORT=str(ops_port)) as process:
        fake_slack.wait_for("apps.connections.open", count=2, timeout=START_SECONDS)
        # Alive (a liveness probe must not restart a process that reconnects by itself), not ready.
        assert ops_get(ops_port, "/healthz") == (200, "degraded", "not connected")
        assert ops_get(ops_port, "/readyz") == (503, "not ready", "not connected")
        socket_mode.refusing = False
        until_ready(ops_port)
        assert ops_get(ops_port, "/healthz") == (200, "ok", "connected")
        process.send_signal(signal.SIGTERM)
        assert process.wait(DRAIN_SECONDS + 5) == 0
        logged = [json.loads(line)["message"] for line in process.stderr.read().decode().splitlines()]
    connected = logged.index("socket mode: connected")
    failed = [i for i, m in enumerate(logged) if m.startswith("socket mode: connecting failed (")]
    assert failed and max(failed) < connected  # "connected" only once it was
    assert "503" in logged[failed[0]]


def test_sigterm_posts_the_answer_waiting_on_a_429_and_exits_0(
    fake_slack: FakeSlack, socket_mode: FakeSocketMode
) -> None:
    rate_limited(fake_slack, retry_after=2)
    ops_port = free_port()
    with serving(fake_slack, OPS_PORT=str(ops_port)) as process:
        link = socket_mode.wait_connected(timeout=START_SECONDS)
        # Socket Mode's only HTTP server: where probes and Prometheus find it. Ready once the
        # connection has opened (the fake sends hello a moment before the bot hears it).
        until_ready(ops_port)
        assert ops_get(ops_port, "/healthz") == (200, "ok", "connected")
        event = payloads.app_mention(QUESTION)
        socket_mode.wait_for_ack(socket_mode.send_event(event))
        fake_slack.wait_for("chat.postMessage")  # the 429: the answer now sleeps out Retry-After

        process.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        status = process.wait(DRAIN_SECONDS + 5)
        took = time.monotonic() - signalled
        logged = process.stderr.read().decode()

    assert status == 0
    assert took <= DRAIN_SECONDS
    rejected, posted = fake_slack.calls("chat.postMessage")
    assert (rejected.status, posted.status) == (429, 200)
    assert posted.body["thread_ts"] == event["event"]["ts"]
    socket_mode.wait_closed(link)
    assert link.how == "client"  # a close frame, so Slack moves new envelopes to other connections
    assert "keytruda" not in logged.lower()
    assert event["event_id"] in logged
    assert "0 dropped" in logged


def test_a_drain_past_its_limit_says_what_it_dropped_and_still_exits_0(
    fake_slack: FakeSlack, socket_mode: FakeSocketMode
) -> None:
    rate_limited(fake_slack, retry_after=30)
    drain_limit = 1.0
    with serving(fake_slack, DRAIN_SECONDS=str(drain_limit)) as process:
        socket_mode.wait_connected(timeout=START_SECONDS)
        socket_mode.wait_for_ack(socket_mode.send_event(payloads.direct_message(QUESTION)))
        fake_slack.wait_for("chat.postMessage")

        process.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        status = process.wait(drain_limit + 5)
        took = time.monotonic() - signalled
        logged = process.stderr.read().decode()

    assert status == 0
    assert took <= drain_limit + 2  # the drain limit, plus closing the connection and exiting
    assert "shutdown: 1 answer(s) unsent at the drain limit" in logged
    assert "1 dropped" in logged
    assert len(fake_slack.calls("chat.postMessage")) == 1  # the 429 only
    assert "keytruda" not in logged.lower()
