"""`precert-bot serve --http` as deployed: two separate processes configured only by environment
variables, sharing a Redis, each with /healthz and /metrics, logging JSON lines without the questions."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from tests.support import payloads
from tests.support.bot_server import BOT_TOKEN
from tests.support.fake_slack import FakeSlack
from tests.support.log_guard import AskedQuestions
from tests.support.processes import stop
from tests.support.redis_server import RedisServer, free_port
from tests.support.signing import SIGNING_SECRET, SlackSender

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 20.0  # a deadline for /healthz to answer, not a measurement


@contextmanager
def serving(env: dict[str, str]) -> Iterator[tuple[str, str, subprocess.Popen[bytes]]]:
    """(public URL, ops URL, process) of `serve --http` on free ports."""
    port, ops_port = free_port(), free_port()
    command = [sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1", "--port", str(port)]
    env = env | {"OPS_PORT": str(ops_port)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base, ops = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{ops_port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if process.poll() is not None:
                raise AssertionError(f"serve exited with {process.returncode}: {process.stderr.read().decode()}")
            try:
                urllib.request.urlopen(ops + "/healthz", timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"serve did not answer /healthz within {START_SECONDS}s"
                time.sleep(0.1)
        yield base, ops, process
    finally:
        stop(process)


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def test_two_serve_processes_share_redis_and_log_json_without_questions(
    fake_slack: FakeSlack, redis_server: RedisServer, redis_url: str, asked: AskedQuestions
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REDIS_", "LOG_", "RATE_"))}
    env |= {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "REDIS_URL": redis_url,
    }
    with ExitStack() as stack:
        (a, ops_a, process_a), (b, ops_b, process_b) = (stack.enter_context(serving(env)) for _ in range(2))
        for base, ops in ((a, ops_a), (b, ops_b)):
            status, body = get(ops + "/healthz")
            assert status == 200
            assert json.loads(body)["status"] == "ok" and json.loads(body)["state"] == "redis"
            # The public port says up or degraded, and serves no metrics.
            assert get(base + "/healthz") == (200, b'{"status": "ok"}')
            with pytest.raises(urllib.error.HTTPError) as refused:
                get(base + "/metrics")
            assert refused.value.code == 404  # not there, rather than refused or broken

        question = payloads.app_mention(asked("does keytruda need evicore precert?"))
        assert SlackSender(a + "/slack/events").event(question).status == 200
        fake_slack.wait_for("chat.postMessage")
        assert SlackSender(b + "/slack/events").event(question, retry_num=1).status == 200
        follow_up = payloads.app_mention(asked("what about tysabri?"), thread_ts=question["event"]["ts"])
        assert SlackSender(b + "/slack/events").event(follow_up).status == 200
        _, answer = fake_slack.wait_for("chat.postMessage", count=2)
        assert "not on the eviCore oncology precert list" in payloads.answer_text(answer.body["blocks"])

        # Either replica may answer what either acknowledged: they read one outbox.
        _, exposition_a = get(ops_a + "/metrics")
        _, exposition_b = get(ops_b + "/metrics")
        answered = [
            float(line.rsplit(b" ", 1)[1])
            for exposition in (exposition_a, exposition_b)
            for line in exposition.splitlines()
            if line.startswith(b'precert_questions_total{intent="evicore",status="answered"}')
        ]
        assert sum(answered) == 2  # the question and its follow-up, each answered once
        assert b"precert_redis_up 1.0" in exposition_a
        assert b"precert_slack_events_repeated_total 1.0" in exposition_b

        for process in (process_a, process_b):
            process.send_signal(signal.SIGTERM)
            assert process.wait(5) == 0
        logs = process_a.stderr.read().decode() + process_b.stderr.read().decode()

    assert len(fake_slack.calls("chat.postMessage")) == 2
    entries = [json.loads(line) for line in logs.splitlines()]  # every line is JSON
    answers = [e for e in entries if "intent" in e]
    assert sorted(e["request_id"] for e in answers) == sorted([question["event_id"], follow_up["event_id"]])
    assert {e["match"][0] for e in answers} == {"exact"} and all("latency_ms" in e for e in answers)
    assert "keytruda" not in logs.lower() and "tysabri" not in logs.lower()
