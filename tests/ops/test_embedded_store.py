"""One replica without Redis, as a newcomer or a small clinic runs it: `precert-bot serve --http` with
its state in a SQLite file in PRECERT_DATA_DIR (bot/runtime/state/sqlite.py). Killed mid-backlog, stopped
while Slack is slow, restarted: every acknowledged question is answered exactly once, counted in what
the channels hold, and a thread's context outlives the process."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bot.runtime.state.sqlite import DB_FILE
from tests.support import payloads
from tests.support.bot_server import BOT_TOKEN
from tests.support.fake_slack import FakeSlack, Reply
from tests.support.log_guard import AskedQuestions
from tests.support.redis_server import free_port
from tests.support.signing import SIGNING_SECRET, SlackSender

ANSWER_SECONDS = 30.0  # a deadline for every answer to arrive, not a measurement
DRAIN_SECONDS = 3
SLOW_POST_SECONDS = 2.0
ANSWER_WORKERS = 4  # bot/slack/outbox/base.py: the threads answering before a drain


def environment(fake_slack: FakeSlack, data_dir: Path, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REDIS_", "RATE_", "ANSWER_"))}
    return env | {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "RATE_LIMIT_PER_MINUTE": "0",
        "PRECERT_DATA_DIR": str(data_dir),
        **more,
    }


START_SECONDS = 20.0  # a deadline for /healthz to answer, not a measurement
ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def serving(env: dict[str, str]) -> Iterator[tuple[str, str, subprocess.Popen[bytes]]]:
    """(public URL, ops URL, process) of `serve --http` on free ports, its log in a file (hundreds of
    answers' log lines would fill a pipe nobody reads, and the process would stop at its next line)."""
    port, ops_port = free_port(), free_port()
    command = [sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1", "--port", str(port)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env | {"OPS_PORT": str(ops_port)}, stderr=log)
        ops = f"http://127.0.0.1:{ops_port}"
        try:
            deadline = time.monotonic() + START_SECONDS
            while True:
                assert process.poll() is None, f"serve exited with {process.returncode}"
                try:
                    urllib.request.urlopen(ops + "/healthz", timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, f"serve did not answer /healthz within {START_SECONDS}s"
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}", ops, process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def rows_left(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / DB_FILE) as db:
        return int(db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])


def wait_until_empty(data_dir: Path) -> None:
    deadline = time.monotonic() + ANSWER_SECONDS
    while rows_left(data_dir) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert rows_left(data_dir) == 0, f"{rows_left(data_dir)} answers still owed"


def ask(base: str, asked: AskedQuestions, n: int, label: str) -> list[dict]:
    sender = SlackSender(base + "/slack/events")
    events = []
    for i in range(n):
        event = payloads.app_mention(asked(f"does keytruda need evicore precert? ({label} {i})"))
        assert sender.event(event).status == 200  # acknowledged: now owed an answer
        events.append(event)
    return events


def each_answered_once(fake_slack: FakeSlack, events: list[dict]) -> None:
    threads = {e["event"]["ts"] for e in events}
    held = Counter(m.get("thread_ts") for m in fake_slack.posted if m.get("thread_ts") in threads)
    missing = threads - set(held)
    twice = {t: n for t, n in held.items() if n > 1}
    assert not missing and not twice, f"{len(missing)} unanswered, {len(twice)} answered twice"


def metric(ops: str, name: str) -> float:
    with urllib.request.urlopen(ops + "/metrics", timeout=5) as response:
        for line in response.read().decode().splitlines():
            if line.startswith(name):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


@contextmanager
def stopped_by_sigterm(process: subprocess.Popen[bytes]) -> Iterator[None]:
    yield
    process.send_signal(signal.SIGTERM)
    assert process.wait(DRAIN_SECONDS + 10) == 0


def test_killed_mid_backlog_a_restart_posts_each_answer_exactly_once(
    fake_slack: FakeSlack, data_dir: Path, asked: AskedQuestions
) -> None:
    env = environment(fake_slack, data_dir)
    # Slack takes each post and answers a second later: a backlog builds, some of it mid-post.
    fake_slack.replace("chat.postMessage", Reply(delay=1.0, after_accepting=True))
    with ExitStack() as stack:
        base, _, first = stack.enter_context(serving(env))
        events = ask(base, asked, 40, "killed")
        fake_slack.wait_for("chat.postMessage", count=8, timeout=ANSWER_SECONDS)
        first.send_signal(signal.SIGKILL)
        first.wait(5)
        assert len(fake_slack.posted) < len(events)  # killed mid-backlog
        assert rows_left(data_dir) > 0

        fake_slack.replace("chat.postMessage", None)
        _, ops, _ = stack.enter_context(serving(env))  # the same settings, the same folder
        wait_until_empty(data_dir)
        each_answered_once(fake_slack, events)
        # What the first process was posting when it died was found in the thread, not posted again.
        assert metric(ops, "precert_duplicate_posts_avoided_total") >= 1


def test_stopped_while_slack_is_slow_a_restart_answers_every_acknowledged_question_once(
    fake_slack: FakeSlack, data_dir: Path, asked: AskedQuestions
) -> None:
    env = environment(fake_slack, data_dir, DRAIN_SECONDS=str(DRAIN_SECONDS))
    fake_slack.replace("chat.postMessage", Reply(delay=SLOW_POST_SECONDS, after_accepting=True))
    with ExitStack() as stack:
        base, _, first = stack.enter_context(serving(env))
        events = ask(base, asked, 120, "stopped")
        before = len(fake_slack.posted)
        first.send_signal(signal.SIGTERM)
        assert first.wait(DRAIN_SECONDS + 10) == 0
        during_drain = len(fake_slack.posted) - before
        left = rows_left(data_dir)
        # The drain posts many at once: more than its four answer threads could in the time.
        assert during_drain > ANSWER_WORKERS * (DRAIN_SECONDS / SLOW_POST_SECONDS + 1)
        assert left > 0  # and what it could not post is still in the folder

        fake_slack.replace("chat.postMessage", None)
        stack.enter_context(serving(env))
        wait_until_empty(data_dir)
        each_answered_once(fake_slack, events)


def test_a_restart_keeps_a_threads_conversation(fake_slack: FakeSlack, data_dir: Path, asked: AskedQuestions) -> None:
    env = environment(fake_slack, data_dir)
    first = payloads.app_mention(asked("is home infusion allowed for Ocrevus?"))
    with serving(env) as (base, _, process), stopped_by_sigterm(process):
        assert SlackSender(base + "/slack/events").event(first).status == 200
        fake_slack.wait_for("chat.postMessage")

    follow_up = payloads.app_mention(asked("what about Tysabri?"), thread_ts=first["event"]["ts"])
    with serving(env) as (base, _, process), stopped_by_sigterm(process):
        sender = SlackSender(base + "/slack/events")
        assert sender.event(follow_up).status == 200
        _, answer = fake_slack.wait_for("chat.postMessage", count=2)
        # Slack's retry of the first question, after the restart: remembered, not answered again.
        assert sender.event(first, retry_num=1).status == 200
    shown = payloads.texts(answer.body["blocks"])
    assert answer.body["thread_ts"] == first["event"]["ts"]
    assert "Tysabri" in shown and "home infusion" in shown.lower()
    assert len(fake_slack.calls("chat.postMessage")) == 2


def test_answer_processes_share_the_sqlite_file(fake_slack: FakeSlack, data_dir: Path, asked: AskedQuestions) -> None:
    env = environment(fake_slack, data_dir, ANSWER_PROCESSES="2")
    with serving(env) as (base, ops, process), stopped_by_sigterm(process):
        events = ask(base, asked, 60, "children")
        sender = SlackSender(base + "/slack/events")
        for event in events[::3]:  # Slack's retries: de-duplicated in the same file
            assert sender.event(event, retry_num=1).status == 200
        wait_until_empty(data_dir)
        each_answered_once(fake_slack, events)
        assert metric(ops, "precert_slack_events_repeated_total") == len(events[::3])
