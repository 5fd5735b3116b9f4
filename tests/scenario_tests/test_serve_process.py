"""`precert-bot serve --http` as it is deployed: a separate process configured only by environment
variables, answering a signed app_mention in the mention's thread."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.runtime.settings import DRAIN_SECONDS
from tests.support import payloads
from tests.support.bot_server import BOT_TOKEN
from tests.support.fake_slack import FakeSlack, Reply
from tests.support.processes import stop
from tests.support.signing import SIGNING_SECRET, SlackSender

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 15.0  # a deadline for the port to open, not a measurement


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    return env | variables


@contextmanager
def serving(env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    command = [sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        yield process
    finally:
        stop(process)


def wait_for_port(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited with {process.returncode}: {process.stderr.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"serve did not open port {port} within {START_SECONDS}s")


def test_serve_http_answers_a_signed_mention_in_its_thread(fake_slack: FakeSlack) -> None:
    port = free_port()
    env = clean_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake_slack.api_url)
    with serving(env, port) as process:
        wait_for_port(process, port)
        event = payloads.app_mention("does keytruda need evicore precert?")

        response = SlackSender(f"http://127.0.0.1:{port}/slack/events").event(event)

        assert response.status == 200
        (post,) = fake_slack.wait_for("chat.postMessage")
        assert post.token == BOT_TOKEN
        assert post.body["channel"] == event["event"]["channel"]
        assert post.body["thread_ts"] == event["event"]["ts"]
        assert "1.866.668.9250" in payloads.texts(post.body["blocks"])

        process.send_signal(signal.SIGTERM)
        assert process.wait(5) == 0
        logged = process.stderr.read().decode()
    assert "keytruda" not in logged.lower()  # event ids and status are logged, never the question
    assert event["event_id"] in logged


def test_serve_without_its_settings_says_which_one_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--http"], cwd=ROOT, env=clean_env(), capture_output=True, timeout=30
    )

    assert result.returncode == 2
    assert result.stderr.decode().strip() == "precert-bot: SLACK_BOT_TOKEN is not set"


def test_serve_http_on_sigterm_stops_accepting_posts_the_answer_waiting_on_a_429_and_exits_0(
    fake_slack: FakeSlack,
) -> None:
    fake_slack.script("chat.postMessage", Reply(429, {"Retry-After": "2"}, {"ok": False, "error": "ratelimited"}))
    port = free_port()
    env = clean_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake_slack.api_url)
    with serving(env, port) as process:
        wait_for_port(process, port)
        event = payloads.app_mention("does keytruda need evicore precert?")
        assert SlackSender(f"http://127.0.0.1:{port}/slack/events").event(event).status == 200
        fake_slack.wait_for("chat.postMessage")  # the 429: the answer now sleeps out Retry-After

        process.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        time.sleep(0.3)
        with pytest.raises(OSError):  # no longer accepting: a load balancer sends the next to a replica
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        status = process.wait(DRAIN_SECONDS + 5)
        took = time.monotonic() - signalled
        logged = process.stderr.read().decode()

    assert status == 0
    assert took <= DRAIN_SECONDS
    assert [c.status for c in fake_slack.calls("chat.postMessage")] == [429, 200]
    assert "shutdown: done" in logged and "0 dropped" in logged
    assert "keytruda" not in logged.lower()
