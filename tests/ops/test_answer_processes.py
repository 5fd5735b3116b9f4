"""ANSWER_PROCESSES: one replica that acknowledges in its serving process and answers in children of
its own, reading the outbox (Redis's, or the data folder's without Redis): every event answered once,
counted on the parent's /metrics, a killed child replaced, none left behind when the parent stops or is
killed."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest

from bot.commands.serve import ANSWERING_NICENESS
from bot.runtime.answer_processes import PARENT_ENV
from tests.ops.test_serve_replicas import get, serving
from tests.support import payloads
from tests.support.bot_server import BOT_TOKEN
from tests.support.fake_slack import FakeSlack
from tests.support.log_guard import AskedQuestions
from tests.support.redis_server import RedisServer
from tests.support.signing import SIGNING_SECRET, SlackSender

CHILDREN = 2
EVENTS = 40
WAIT_SECONDS = 20.0  # deadlines for things to happen, not measurements


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/environ", "rb") as f:
                answering = f"{PARENT_ENV}=".encode() in f.read()
        except (OSError, ValueError, IndexError):
            continue
        if parent == pid and answering:
            found.append(int(entry))
    return sorted(found)


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def catches_sighup(pid: int) -> bool:
    """Whether the process has its SIGHUP handler in place (/proc's caught-signals mask, bit 0)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            caught = next(line for line in f if line.startswith("SigCgt:"))
    except (OSError, StopIteration):
        return False
    return bool(int(caught.split()[1], 16) & (1 << (signal.SIGHUP - 1)))


def until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"not within {WAIT_SECONDS}s: {what}"
        time.sleep(0.05)


def log_lines(process: subprocess.Popen[bytes]) -> tuple[list[str], threading.Thread]:
    """The process's log lines as they come (read by a thread), so a test can wait on a line."""
    lines: list[str] = []

    def read() -> None:
        for raw in process.stderr or ():
            lines.append(raw.decode(errors="replace"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return lines, reader


def metric(exposition: bytes, line_start: str) -> float:
    return sum(
        float(line.rsplit(b" ", 1)[1]) for line in exposition.splitlines() if line.startswith(line_start.encode())
    )


@pytest.fixture
def env(fake_slack: FakeSlack, redis_url: str) -> Iterator[dict[str, str]]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REDIS_", "LOG_", "RATE_", "ANSWER_"))}
    yield base | {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "REDIS_URL": redis_url,
        "RATE_LIMIT_PER_MINUTE": "0",
        "ANSWER_PROCESSES": str(CHILDREN),
    }


def test_children_answer_each_event_once_and_the_parent_counts_them(
    env: dict[str, str], fake_slack: FakeSlack, redis_server: RedisServer, asked: AskedQuestions
) -> None:
    with serving(env) as (base, ops, process):
        until(lambda: len(children_of(process.pid)) == CHILDREN, "the answer processes started")
        sender = SlackSender(base + "/slack/events")
        events = [payloads.app_mention(asked(f"does keytruda need evicore precert? ({n})")) for n in range(EVENTS)]
        for event in events:
            assert sender.event(event).status == 200
        fake_slack.wait_for("chat.postMessage", count=EVENTS, timeout=WAIT_SECONDS)
        posts = fake_slack.calls("chat.postMessage")
        assert sorted(p.body["thread_ts"] for p in posts) == sorted(e["event"]["ts"] for e in events)
        # Counted in the children, shown by the parent: one scrape sees the whole replica.
        until(
            lambda: metric(get(ops + "/metrics")[1], "precert_questions_total{") == EVENTS,
            "the parent's /metrics counting the children's answers",
        )
        exposition = get(ops + "/metrics")[1]
        assert exposition.count(b"# TYPE precert_questions_total counter") <= 1
        assert metric(exposition, "precert_answer_seconds_count") == EVENTS

        process.send_signal(signal.SIGTERM)
        children = children_of(process.pid)
        assert process.wait(WAIT_SECONDS) == 0
        until(lambda: not any(alive(pid) for pid in children), "the children stopped with their parent")
    assert len(fake_slack.calls("chat.postMessage")) == EVENTS
    assert redis_server.client().xlen("precert:outbox") == 0


def test_a_killed_child_is_replaced_and_answering_goes_on(
    env: dict[str, str], fake_slack: FakeSlack, redis_server: RedisServer, asked: AskedQuestions
) -> None:
    with serving(env) as (base, _, process):
        until(lambda: len(children_of(process.pid)) == CHILDREN, "the answer processes started")
        victim = children_of(process.pid)[0]
        os.kill(victim, signal.SIGKILL)
        until(
            lambda: len(children_of(process.pid)) == CHILDREN and victim not in children_of(process.pid),
            "a new answer process in place of the killed one",
        )
        event = payloads.app_mention(asked("is home infusion allowed for ocrevus?"))
        assert SlackSender(base + "/slack/events").event(event).status == 200
        (post,) = fake_slack.wait_for("chat.postMessage", timeout=WAIT_SECONDS)
        assert post.body["thread_ts"] == event["event"]["ts"]


def test_children_stop_when_their_parent_is_killed(env: dict[str, str]) -> None:
    with serving(env) as (_, _, process):
        until(lambda: len(children_of(process.pid)) == CHILDREN, "the answer processes started")
        children = children_of(process.pid)
        process.kill()
        process.wait(WAIT_SECONDS)
        until(lambda: not any(alive(pid) for pid in children), "orphaned answer processes exiting")


def test_children_yield_the_core_to_the_acknowledging_process(env: dict[str, str]) -> None:
    # Slack retries an event whose acknowledgement is late; an answer can wait a few milliseconds.
    with serving(env) as (_, _, process):
        until(lambda: len(children_of(process.pid)) == CHILDREN, "the answer processes started")
        parent = os.getpriority(os.PRIO_PROCESS, process.pid)
        children = children_of(process.pid)
        until(
            lambda: all(os.getpriority(os.PRIO_PROCESS, pid) == parent + ANSWERING_NICENESS for pid in children),
            "the answer processes lowered their priority",
        )
        assert ANSWERING_NICENESS > 0


def test_without_redis_the_children_answer_from_the_data_folder(
    fake_slack: FakeSlack, env: dict[str, str], asked: AskedQuestions
) -> None:
    without = {k: v for k, v in env.items() if k != "REDIS_URL"}  # the outbox: PRECERT_DATA_DIR's SQLite file
    with serving(without) as (base, _, process):
        until(lambda: len(children_of(process.pid)) == CHILDREN, "the answer processes started")
        event = payloads.app_mention(asked("J9271?"))
        assert SlackSender(base + "/slack/events").event(event).status == 200
        (post,) = fake_slack.wait_for("chat.postMessage", timeout=WAIT_SECONDS)
        assert post.body["thread_ts"] == event["event"]["ts"]


def test_socket_mode_acknowledges_on_the_socket_and_children_answer(
    fake_slack: FakeSlack, redis_url: str, asked: AskedQuestions
) -> None:
    from tests.scenario_tests.test_serve_socket_mode import START_SECONDS
    from tests.scenario_tests.test_serve_socket_mode import serving as socket_serving
    from tests.support.fake_socket_mode import FakeSocketMode

    with (
        FakeSocketMode(fake_slack) as socket_mode,
        socket_serving(fake_slack, REDIS_URL=redis_url, ANSWER_PROCESSES="1") as process,
    ):
        socket_mode.wait_connected(timeout=START_SECONDS)
        until(lambda: len(children_of(process.pid)) == 1, "the answer process started")
        event = payloads.app_mention(asked("who do I call for zolgensma PA?"))
        socket_mode.wait_for_ack(socket_mode.send_event(event))
        (post,) = fake_slack.wait_for("chat.postMessage", timeout=WAIT_SECONDS)
        assert post.body["thread_ts"] == event["event"]["ts"]
        children = children_of(process.pid)
        process.send_signal(signal.SIGTERM)
        assert process.wait(WAIT_SECONDS) == 0
        until(lambda: not any(alive(pid) for pid in children), "the answer process stopped with its parent")


def test_a_serving_process_with_answer_processes_puts_but_never_reads(redis_url: str) -> None:
    from bot.runtime.metrics import Metrics
    from bot.runtime.state import make_stores
    from bot.slack.incoming import Incoming
    from bot.slack.outbox import Put, RedisOutbox

    answered: list[str] = []
    stream = "precert:test:outbox:put-only"
    putting = RedisOutbox(make_stores(redis_url).link, Metrics(), stream=stream, read_stream=False)
    reading = RedisOutbox(make_stores(redis_url).link, Metrics(), stream=stream)
    putting.start(lambda request: answered.append(request.request_id))
    try:
        request = Incoming("app_mention", "Ev0PUTONLY", {"event": {"channel": "C1", "ts": "1.2"}})
        assert putting.put(request, ["put-only:1"]) is Put.QUEUED
        time.sleep(1.0)  # several turns of the putting outbox's loop
        assert answered == [] and putting.backlog() == 1
        reading.start(lambda request: answered.append(request.request_id))
        until(lambda: answered == ["Ev0PUTONLY"], "the reading outbox answering the entry")
        until(lambda: reading.backlog() == 0, "the entry acknowledged away")
    finally:
        for outbox in (putting, reading):
            outbox.drain(time.monotonic() + 2)


def test_sighup_reloads_the_documents_in_every_process(env: dict[str, str]) -> None:
    with serving(env) as (_, _, process):
        until(lambda: len(children_of(process.pid)) == CHILDREN, "the answer processes started")
        # Past their start-up, whatever the machine's load (a child still starting is ended by a SIGHUP
        # and started again, by design, and then logs no reload): their handlers are in place.
        until(lambda: all(catches_sighup(pid) for pid in children_of(process.pid)), "the children's handlers")
        lines, reader = log_lines(process)
        process.send_signal(signal.SIGHUP)
        # Each reads and checks the folder, well under a second on a quiet machine; waited for, not slept on,
        # because a loaded one took more than the two seconds this once slept.
        until(lambda: sum('"reloaded ' in line for line in lines) >= 1 + CHILDREN, "every process's reload line")
        process.send_signal(signal.SIGTERM)
        assert process.wait(WAIT_SECONDS) == 0
        reader.join(WAIT_SECONDS)
    logs = "".join(lines)
    reloaded = [line for line in logs.splitlines() if '"reloaded ' in line]
    assert len(reloaded) == 1 + CHILDREN, logs[-3000:]
