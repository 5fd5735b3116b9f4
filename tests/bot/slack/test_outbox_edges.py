"""The outbox's two edges, tested directly rather than through a bot: a request that exists twice (a
put that timed out but reached the stream, and the copy queued in its place) is answered once by the
claim alone; and what a drain cut short stays in the stream for the next reader. The answer function
here posts nothing and reads no thread back, so nothing downstream hides a fault in the outbox."""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import redis

from bot.runtime.metrics import Metrics
from bot.runtime.state import RedisLink, SqliteDb, redis_client
from bot.slack.incoming import Incoming
from bot.slack.outbox import STREAM, Put, RedisOutbox, SqliteOutbox
from tests.support.redis_server import RedisServer

SETTLE_SECONDS = 10.0  # a deadline for the outbox to get through its work, not a measurement


def request(n: int) -> Incoming:
    return Incoming(kind="event", request_id=f"Ev{n:04d}", body={"event": {"type": "app_mention"}})


class Answers:
    """Counts the requests answered, by id; `started` is set by the first one."""

    def __init__(self, hold: threading.Event | None = None) -> None:
        self.count: Counter[str] = Counter()
        self.seen: list[Incoming] = []
        self.started = threading.Event()
        self._hold = hold
        self._lock = threading.Lock()

    def __call__(self, incoming: Incoming) -> None:
        with self._lock:
            self.count[incoming.request_id] += 1
            self.seen.append(incoming)
        self.started.set()
        if self._hold is not None:
            self._hold.wait(SETTLE_SECONDS)  # a delivery waiting out Slack's Retry-After


def wait_for(condition, seconds: float = SETTLE_SECONDS) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_twin_copies_of_a_request_are_answered_once_without_the_read_back(own_redis: RedisServer) -> None:
    # Retried at once: this test's Redis pauses, and the copy's claim must reach it, not fall back.
    link = RedisLink(redis_client(own_redis.url), retry_seconds=0.0)
    metrics = Metrics()
    outbox = RedisOutbox(link, metrics, workers=2)
    answers = Answers()
    assert outbox.put(request(0), keys=("event:Ev0000",)) is Put.QUEUED  # the script is loaded, a connection open
    own_redis.pause()
    try:
        # Redis takes the put but can't answer in time: the outbox queues a copy of its own.
        assert outbox.put(request(1), keys=("event:Ev0001",)) is Put.QUEUED
    finally:
        own_redis.resume()
    with own_redis.client() as client:
        assert wait_for(lambda: client.xlen(STREAM) == 2), "the timed-out put never reached the stream"
    outbox.start(answers)
    try:
        assert outbox.wait_idle(SETTLE_SECONDS)
    finally:
        outbox.drain(time.monotonic() + 1.0)
    # Both copies were taken up (the stream's entry and the one queued here): the claim let one answer.
    assert answers.count == Counter({"Ev0000": 1, "Ev0001": 1}), answers.count
    # The copy that stood down is counted as a repeat, once.
    assert metrics.registry.get_sample_value("precert_slack_events_repeated_total") == 1


def test_with_redis_away_the_copy_queued_here_answers(own_redis: RedisServer) -> None:
    """No Redis to ask whose turn it is: the copy queued here answers rather than waiting for nobody."""
    own_redis.stop()
    outbox = RedisOutbox(RedisLink(redis_client(own_redis.url), retry_seconds=0.0), Metrics(), workers=1)
    answers = Answers()
    assert outbox.put(request(2), keys=("event:Ev0002",)) is Put.QUEUED
    outbox.start(answers)
    try:
        assert wait_for(lambda: answers.count["Ev0002"] == 1), "the copy queued here was never answered"
    finally:
        outbox.drain(time.monotonic() + 1.0)
    assert answers.seen[0].recheck  # it looks for an answer from elsewhere before posting


def test_a_drain_past_its_deadline_leaves_the_entry_for_the_next_reader(redis_url: str) -> None:
    first = RedisOutbox(RedisLink(redis_client(redis_url)), Metrics(), workers=1)
    held = Answers(hold=first.stopping)  # a delivery that gives up its wait when the drain says so
    assert first.put(request(7), keys=("event:Ev0007",)) is Put.QUEUED
    first.start(held)
    assert held.started.wait(SETTLE_SECONDS)

    left = first.drain(time.monotonic() + 0.2)
    assert left == 1  # cut short, and said so
    client = redis.Redis.from_url(redis_url)
    assert client.xlen(STREAM) == 1  # not acknowledged away: still in the stream ...
    # ... and taken over by the next reader once it has been idle long enough.
    second = RedisOutbox(RedisLink(redis_client(redis_url)), Metrics(), workers=1, claim_idle=0.3)
    answers = Answers()
    second.start(answers)
    try:
        assert wait_for(lambda: answers.count["Ev0007"] == 1), "the entry was lost"
        assert second.wait_idle(SETTLE_SECONDS) and client.xlen(STREAM) == 0
    finally:
        second.drain(time.monotonic() + 1.0)
        client.close()
    assert answers.seen[0].recheck  # taken over: it looks for an answer already posted
    assert held.count == Counter({"Ev0007": 1})


def test_a_drain_past_its_deadline_leaves_the_row_in_the_file_for_the_next_start(tmp_path: Path) -> None:
    """The same edge for the embedded store (SQLite, the default without Redis)."""
    first = SqliteOutbox(SqliteDb.open(tmp_path), Metrics(), workers=1)
    held = Answers(hold=first.stopping)
    assert first.put(request(8), keys=("event:Ev0008",)) is Put.QUEUED
    first.start(held)
    assert held.started.wait(SETTLE_SECONDS)

    assert first.drain(time.monotonic() + 0.2) == 1
    second = SqliteOutbox(SqliteDb.open(tmp_path), Metrics(), workers=1)
    assert second.recover() == 1  # still in the file, owed
    answers = Answers()
    second.start(answers)
    try:
        assert wait_for(lambda: answers.count["Ev0008"] == 1), "the row was lost"
        assert second.wait_idle(SETTLE_SECONDS)
    finally:
        second.drain(time.monotonic() + 1.0)
    assert second.backlog() == 0
    assert held.count == Counter({"Ev0008": 1})
    # With everything answered, a drain has nothing left to report.
    third = SqliteOutbox(SqliteDb.open(tmp_path), Metrics(), workers=1)
    third.start(Answers())
    assert third.drain(time.monotonic() + 1.0) == 0
