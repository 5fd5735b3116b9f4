"""The outbox's two edges, tested directly rather than through a bot: a request that exists twice (a
put that timed out but reached the stream, and the copy queued in its place) is answered once by the
claim alone; and what a drain cut short stays in the stream for the next reader. The answer function
here posts nothing and reads no thread back, so nothing downstream hides a fault in the outbox."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import redis

from bot.runtime.metrics import Metrics
from bot.runtime.state import RedisLink, SqliteDb, redis_client
from bot.slack.incoming import Incoming
from bot.slack.outbox import STREAM, Put, RedisOutbox, SqliteOutbox, answering_key
from bot.slack.outbox.redis import FETCH_BLOCK_MS, GROUP, READ_MARGIN_SECONDS
from tests.support.redis_server import RedisServer

SETTLE_SECONDS = 10.0  # a deadline for the outbox to get through its work, not a measurement
# How long a read of the stream may take before the reader calls Redis slow: a drain waits no longer for it.
READ_BOUND_SECONDS = FETCH_BLOCK_MS / 1000 + READ_MARGIN_SECONDS
# AnswerPool.drain's wait, after telling the deliveries to stop, for those that don't before it returns.
STOP_GRACE_SECONDS = 1.0


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


def commands(client: redis.Redis, name: str) -> int:
    """How many times Redis ran `name` since its statistics were last reset (INFO commandstats)."""
    return int(client.info("commandstats").get(f"cmdstat_{name}", {}).get("calls", 0))


def readers(client: redis.Redis) -> int:
    """Connections whose last command was a read of the stream (CLIENT LIST)."""
    return sum(c.get("cmd") == "xreadgroup" for c in client.client_list())


def test_an_acknowledgement_a_failover_missed_is_written_back_and_the_entry_not_posted_again(
    own_redis: RedisServer,
) -> None:
    """Redis pauses writes (as a failover does) while an answer is posted: its acknowledgement fails, is
    kept, and is written as soon as Redis takes writes again, so the entry is not left pending until a
    replica takes it over (after claim_idle) and posts it a second time."""
    link = RedisLink(redis_client(own_redis.url), retry_seconds=0.0)
    metrics = Metrics()
    # The pause (about a second) is shorter than claim_idle: the entry is no one's to take over yet.
    outbox = RedisOutbox(link, metrics, workers=1, claim_idle=5.0)
    posting = threading.Event()
    answers = Answers(hold=posting)
    assert outbox.put(request(3), keys=("event:Ev0003",)) is Put.QUEUED
    outbox.start(answers)
    admin = own_redis.client()
    try:
        assert answers.started.wait(SETTLE_SECONDS)
        admin.execute_command("CLIENT", "PAUSE", str(int(SETTLE_SECONDS * 1000)), "WRITE")
        try:
            posting.set()  # posted; the acknowledgement times out (a timed-out command is not run later)
            assert wait_for(lambda: metrics.registry.get_sample_value("precert_outbox_backlog") == 0)
        finally:
            admin.execute_command("CLIENT", "UNPAUSE")
        assert outbox.wait_idle(SETTLE_SECONDS), "the acknowledgement was never written"
    finally:
        outbox.drain(time.monotonic() + 1.0)
    assert answers.count == Counter({"Ev0003": 1}), answers.count  # taken over and posted again?
    assert admin.xlen(STREAM) == 0 and admin.xpending(STREAM, GROUP)["pending"] == 0
    admin.close()


def test_answers_with_redis_well_are_acknowledged_and_then_left_alone(
    redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="precert_bot.outbox")
    link = RedisLink(redis_client(redis_url))
    outbox = RedisOutbox(link, Metrics(), workers=2, claim_idle=0.4)
    for n in range(10, 15):
        assert outbox.put(request(n), keys=(f"event:Ev{n:04d}",)) is Put.QUEUED
    admin = redis.Redis.from_url(redis_url)
    admin.config_resetstat()
    answers = Answers()
    outbox.start(answers)
    try:
        assert outbox.wait_idle(SETTLE_SECONDS)
        assert admin.xlen(STREAM) == 0 and admin.xpending(STREAM, GROUP)["pending"] == 0
        admin.config_resetstat()
        # Three reads of the stream later, each after a chance to heartbeat (every claim_idle / 4): an
        # idle outbox has nothing in hand, so it heartbeats nothing.
        assert wait_for(lambda: commands(admin, "xreadgroup") >= 3)
        heartbeats = commands(admin, "xclaim")
    finally:
        outbox.drain(time.monotonic() + 1.0)
        admin.close()
    assert answers.count == Counter({f"Ev{n:04d}": 1 for n in range(10, 15)})
    # None failed, so none is kept to be written back later (which would say Redis had missed it).
    assert not [r for r in caplog.records if "wrote back" in r.getMessage()]
    assert heartbeats == 0
    assert link.settled(60.0)  # no command failed: /healthz never read Redis as down


def test_every_key_a_copy_answered_after_redis_returns_leaves_expires(own_redis: RedisServer) -> None:
    """Queued here while Redis was away, answered once it is back: the copy takes its answering key in
    Redis (a twin entry would stand down) and the de-duplication key is written back, each with the
    de-duplication time to live, not forever."""
    own_redis.stop()
    outbox = RedisOutbox(
        RedisLink(redis_client(own_redis.url), retry_seconds=0.0), Metrics(), workers=1, dedupe_ttl=600
    )
    assert outbox.put(request(4), keys=("event:Ev0004",)) is Put.QUEUED
    own_redis.start()
    answers = Answers()
    outbox.start(answers)
    try:
        assert wait_for(lambda: answers.count["Ev0004"] == 1), "the copy queued here was never answered"
        assert outbox.wait_idle(SETTLE_SECONDS)
    finally:
        outbox.drain(time.monotonic() + 1.0)
    with own_redis.client() as client:
        assert client.get(answering_key(request(4))) is not None
        keys = [k.decode() for k in client.scan_iter() if k.decode() != STREAM]
        assert len(keys) == 2, keys  # the answering key and the de-duplication key
        assert all(0 < client.ttl(k) <= 600 for k in keys), {k: client.ttl(k) for k in keys}


def test_an_outbox_stopped_before_it_started_leaves_what_was_put_for_the_next_reader(
    redis_url: str, tmp_path: Path
) -> None:
    """Shut down before it started (the app failed to build): nothing in hand, nothing lost."""
    in_redis = RedisOutbox(RedisLink(redis_client(redis_url)), Metrics())
    assert in_redis.put(request(5), keys=("event:Ev0005",)) is Put.QUEUED
    assert in_redis.drain(time.monotonic() + 1.0) == 0  # in the stream, for any replica to read
    with redis.Redis.from_url(redis_url) as client:
        assert client.xlen(STREAM) == 1
    in_file = SqliteOutbox(SqliteDb.open(tmp_path), Metrics())
    assert in_file.put(request(6), keys=("event:Ev0006",)) is Put.QUEUED
    assert in_file.drain(time.monotonic() + 1.0) == 1  # in the file, owed at the next start
    assert SqliteOutbox(SqliteDb.open(tmp_path), Metrics()).recover() == 1


def test_a_drained_outbox_leaves_no_connection_reading_the_stream(own_redis: RedisServer) -> None:
    outbox = RedisOutbox(RedisLink(redis_client(own_redis.url)), Metrics(), workers=1)
    outbox.start(Answers())
    with own_redis.client() as admin:
        assert wait_for(lambda: readers(admin) == 1)  # the reader, blocked on the stream
        assert outbox.drain(time.monotonic() + 1.0) == 0
        assert wait_for(lambda: readers(admin) == 0), "the reader's connection was left open"


def test_a_drain_with_redis_frozen_waits_for_the_reader_no_longer_than_one_read(own_redis: RedisServer) -> None:
    """A frozen Redis makes the reader time out and try once more (twice the bound): a shutdown gives it
    one bound, not both."""
    outbox = RedisOutbox(RedisLink(redis_client(own_redis.url)), Metrics(), workers=1)
    outbox.start(Answers())
    with own_redis.client() as admin:
        assert wait_for(lambda: readers(admin) == 1)
    own_redis.pause()
    try:
        started = time.monotonic()
        assert outbox.drain(started) == 0
        took = time.monotonic() - started
    finally:
        own_redis.resume()
    # One bound, and the rest of the drain; the read under way began at most one block (0.5 s) before
    # the drain, so waiting out its retry as well would take 2.5 s or more.
    assert took < 1.5 * READ_BOUND_SECONDS, took


def test_a_drain_returns_within_its_grace_when_a_delivery_will_not_stop(own_redis: RedisServer) -> None:
    """A post in flight that doesn't give up when told (1.75 s more) doesn't hold the shutdown past the
    grace; what the drain still holds (it, and the request queued behind it) is reported."""
    own_redis.stop()  # requests are queued here, in a queue with room for one
    link = RedisLink(redis_client(own_redis.url), retry_seconds=0.0)
    outbox = RedisOutbox(link, Metrics(), workers=1, capacity=1, drain_workers=1)
    started, ended = threading.Event(), threading.Event()

    def stubborn(incoming: Incoming) -> None:
        started.set()
        outbox.stopping.wait(SETTLE_SECONDS)
        time.sleep(STOP_GRACE_SECONDS * 1.75)
        ended.set()

    assert outbox.put(request(30), keys=("event:Ev0030",)) is Put.QUEUED
    outbox.start(stubborn)
    assert started.wait(SETTLE_SECONDS)
    assert outbox.put(request(31), keys=("event:Ev0031",)) is Put.QUEUED
    assert outbox.drain(time.monotonic()) == 2
    assert not ended.is_set()  # returned while the delivery was still posting
    assert ended.wait(SETTLE_SECONDS)


def test_a_drain_past_its_deadline_tells_the_delivery_in_hand_to_give_up_at_once(tmp_path: Path) -> None:
    """A delivery waiting out Slack's Retry-After gives up when the drain says so; with the deadline
    passed, the drain says so at once, not a second later."""
    patience = 0.9 * STOP_GRACE_SECONDS
    first = SqliteOutbox(SqliteDb.open(tmp_path), Metrics(), workers=1)
    started = threading.Event()
    told: list[bool] = []

    def waiting(incoming: Incoming) -> None:
        started.set()
        told.append(first.stopping.wait(patience))

    assert first.put(request(40), keys=("event:Ev0040",)) is Put.QUEUED
    first.start(waiting)
    assert started.wait(SETTLE_SECONDS)
    assert first.drain(time.monotonic()) == 1
    assert told == [True]


def test_a_drain_counts_the_rows_it_never_took_and_only_the_one_cut_short_is_checked_again(tmp_path: Path) -> None:
    """Three rows, one thread: a drain cuts the first short and never takes the other two. All three
    are owed at the next start; only the one cut short may have been posted, so only it is looked for in
    its thread before posting (a read-back for the others would cost Slack calls for nothing)."""
    first = SqliteOutbox(SqliteDb.open(tmp_path), Metrics(), workers=1, drain_workers=1)
    for n in (20, 21, 22):
        assert first.put(request(n), keys=(f"event:Ev{n:04d}",)) is Put.QUEUED
    held = Answers(hold=first.stopping)
    first.start(held)
    assert held.started.wait(SETTLE_SECONDS)
    assert first.drain(time.monotonic()) == 3
    assert held.count == Counter({"Ev0020": 1})
    second = SqliteOutbox(SqliteDb.open(tmp_path), Metrics(), workers=1)
    assert second.recover() == 3
    answers = Answers()
    second.start(answers)
    try:
        assert wait_for(lambda: len(answers.seen) == 3) and second.wait_idle(SETTLE_SECONDS)
    finally:
        second.drain(time.monotonic() + 1.0)
    assert {a.request_id: a.recheck for a in answers.seen} == {"Ev0020": True, "Ev0021": False, "Ev0022": False}


def test_what_a_drain_finishes_is_acknowledged_before_it_returns(redis_url: str) -> None:
    """Answers that finish during a drain (the reader has stopped, so no read carries their
    acknowledgement) are acknowledged before the drain returns: none is left for another replica to take
    over and post again."""
    outbox = RedisOutbox(RedisLink(redis_client(redis_url)), Metrics(), workers=3, drain_workers=3)
    started = threading.Event()

    def slow(incoming: Incoming) -> None:  # a post that takes a moment
        started.set()
        time.sleep(0.3)

    for n in (50, 51, 52):
        assert outbox.put(request(n), keys=(f"event:Ev{n:04d}",)) is Put.QUEUED
    outbox.start(slow)
    assert started.wait(SETTLE_SECONDS)
    assert outbox.drain(time.monotonic() + SETTLE_SECONDS) == 0
    with redis.Redis.from_url(redis_url) as client:
        assert client.xlen(STREAM) == 0 and client.xpending(STREAM, GROUP)["pending"] == 0


def test_an_acknowledgement_redis_refused_is_kept_and_written_back_when_it_accepts_again(
    own_redis: RedisServer,
) -> None:
    """Redis refuses the acknowledgement outright (as a primary turned read-only replica refuses writes
    after a failover): the outbox keeps it and writes it back once Redis accepts writes again, so the
    entry is not taken over after claim_idle and posted a second time."""
    link = RedisLink(redis_client(own_redis.url), retry_seconds=1.0)
    outbox = RedisOutbox(link, Metrics(), workers=1, claim_idle=5.0)
    posting = threading.Event()
    answers = Answers(hold=posting)
    assert outbox.put(request(60), keys=("event:Ev0060",)) is Put.QUEUED
    outbox.start(answers)
    admin = own_redis.client()
    try:
        assert answers.started.wait(SETTLE_SECONDS)
        admin.execute_command("ACL", "SETUSER", "default", "-xack", "-xdel")
        try:
            posting.set()
            assert wait_for(lambda: not link.up)  # the read carrying the acknowledgement was refused
            # Idle here, Redis not due another try for a second: the acknowledgement is sent on its own
            # and falls back at once.
            outbox.wait_idle(0.2)
        finally:
            admin.execute_command("ACL", "SETUSER", "default", "+xack", "+xdel")
        assert outbox.wait_idle(SETTLE_SECONDS), "the acknowledgement was never written"
    finally:
        outbox.drain(time.monotonic() + 1.0)
    assert answers.count == Counter({"Ev0060": 1}), answers.count  # taken over and posted again?
    assert admin.xlen(STREAM) == 0 and admin.xpending(STREAM, GROUP)["pending"] == 0
    admin.close()
