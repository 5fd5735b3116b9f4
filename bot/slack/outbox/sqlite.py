"""The outbox in the data folder's SQLite file (bot/runtime/state/sqlite.py): the default, one replica's
acknowledged requests kept on disk until Slack has their answers.

A request is written (with its de-duplication keys, in one transaction) before Slack gets its
acknowledgement, and its row is deleted only once the answer is posted (or Slack said it never will
be). Each row names the process answering it (`owner`) and when that process last said so
(`taken_at`, renewed every quarter of `claim_idle`):

- the serving process answers what it acknowledged itself, at once, without reading it back;
- with answer processes (ANSWER_PROCESSES), the serving process only writes, and they take waiting
  rows (one UPDATE … RETURNING: a row goes to one of them), and rows a crashed one left for longer
  than `claim_idle`;
- at a serving process's start, every row is released (no process of the replica runs then: the
  folder's lock files say so), and rows that had been handed out before are answered with a look at
  the thread first (the post's metadata, bot/slack/listeners/shared/channel_posts.py), so what the
  last process posted without deleting is not posted again.

At a drain it keeps posting, many at once (DRAIN_WORKERS), until the deadline; what is left stays in
the file for the next start.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.runtime.doorbell import Doorbell
from bot.runtime.metrics import Metrics
from bot.runtime.state.base import DEDUPE_TTL_SECONDS
from bot.runtime.state.memory import MemoryDeduper
from bot.runtime.state.sqlite import DEDUPE_SCHEMA, SqliteDb, claim_keys
from bot.slack.incoming import Incoming
from bot.slack.outbox.base import (
    ANSWER_WORKERS,
    CLAIM_IDLE_SECONDS,
    DRAIN_WORKERS,
    OUTBOX_CAPACITY,
    Put,
    Run,
    consumer_name,
)
from bot.slack.outbox.pool import AnswerPool, Done

log = logging.getLogger("precert_bot.outbox")

SCHEMA = """CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  request TEXT NOT NULL,
  owner TEXT,
  taken_at REAL NOT NULL,
  takes INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS outbox_owner ON outbox (owner);
CREATE INDEX IF NOT EXISTS outbox_taken ON outbox (taken_at);"""
# Nothing waiting: a reader looks again after POLL_MIN_SECONDS, twice as long each time it finds
# nothing, up to POLL_MAX_SECONDS, or as soon as the serving process rings (bot/runtime/doorbell.py).
POLL_MIN_SECONDS = 0.001
POLL_MAX_SECONDS = 0.05
FREE_WAIT_SECONDS = 0.25  # all threads busy: how long the reader waits for one before looking around again
FAILURE_PAUSE_SECONDS = 0.5
INSERT = "INSERT INTO outbox (request, owner, taken_at, takes) VALUES (?, ?, ?, ?)"
IDS_PER_STATEMENT = 500  # well under SQLite's limit on a statement's parameters
# Two takes by one process never share a `taken_at` (they are read back by it), even on a clock that stands still.
TAKE_TIME_STEP = 1e-5


@dataclass
class _Put:
    data: str  # the request, as the row keeps it
    keys: Sequence[str]
    owner: str | None  # this process's name when it answers the request itself
    at: float
    result: int | Put | None = None  # the row's id, or why there is none; None: the file failed
    done: threading.Event = field(default_factory=threading.Event)  # written, or this put leads now
    leads: bool = False


class SqliteOutbox:
    def __init__(
        self,
        db: SqliteDb,
        metrics: Metrics | None = None,
        *,
        workers: int = ANSWER_WORKERS,
        capacity: int = OUTBOX_CAPACITY,
        claim_idle: float = CLAIM_IDLE_SECONDS,
        dedupe_ttl: float = DEDUPE_TTL_SECONDS,
        read_stream: bool = True,
        drain_workers: int = DRAIN_WORKERS,
        clock: Callable[[], float] = time.time,
        doorbell: Doorbell | None = None,
    ):
        """read_stream=False: write requests but leave answering them to the answer processes (what is
        queued here while the file fails is still answered here). doorbell: rung after each request
        written for others to answer; waited on between looks for work."""
        db.ensure(DEDUPE_SCHEMA)
        db.ensure(SCHEMA)
        self.metrics = metrics or Metrics()
        self._db, self._clock = db, clock
        self._capacity, self._ttl, self._claim_idle = capacity, dedupe_ttl, claim_idle
        self._read_stream, self._drain_workers = read_stream, drain_workers
        self._doorbell = doorbell or Doorbell()
        self.name = consumer_name()
        self._pool = AnswerPool(workers, capacity, self.metrics, "precert-answer")
        self._local = MemoryDeduper(ttl=dedupe_ttl)  # what was seen here, for while the file fails
        self._acks: list[int] = []  # rows answered, deleted at the reader's next look
        self._last_take = 0.0
        self._lock = threading.Lock()
        self._reading = threading.Event()
        self._fetcher: threading.Thread | None = None
        self._waiting: list[_Put] = []  # puts not yet written (_write_together)
        self._waiting_lock = threading.Lock()
        self._leading = False  # a put is writing the waiting ones

    @property
    def stopping(self) -> threading.Event:
        return self._pool.stopping

    # -- putting
    def put(self, request: Incoming, keys: Sequence[str] = ()) -> Put:
        seen_here = not all([self._local.first_time(key) for key in keys])
        answer_here = self._read_stream and self._reading.is_set()
        put = _Put(request.to_json(), keys, self.name if answer_here else None, self._clock())
        self._write_together(put)
        result = put.result
        if result is None:  # the file failed (logged): answer from memory rather than not at all
            if seen_here:
                return Put.REPEATED
            return Put.QUEUED if self._pool.offer(request, lambda finished: None) else Put.FULL
        if isinstance(result, Put):
            return result
        if answer_here and not self._pool.offer(request, self._done(result)):
            self._release([result])  # the readers take it when a thread is free
        elif not answer_here:
            self._doorbell.ring()
        return Put.QUEUED

    def _write_together(self, put: _Put) -> None:
        """Write `put` in one transaction with every other put waiting meanwhile (a group commit): one
        thread leads, writing all that wait, then hands the lead to the first that came meanwhile;
        each returns once its own is committed. One transaction per request, each thread taking the
        file's write lock in turn, had the acknowledging threads waiting ~3 ms each for one another
        (bench "Slack throughput")."""
        with self._waiting_lock:
            self._waiting.append(put)
            leads, self._leading = not self._leading, True
        if not leads:
            put.done.wait()
            if not put.leads:
                return
        with self._waiting_lock:
            group, self._waiting = self._waiting, []
        try:
            if not self._db.call(lambda: self._insert(group), lambda: False):
                for each in group:
                    each.result = None
        finally:  # whatever happened, nobody waits for these again (None: answered from memory)
            with self._waiting_lock:
                if self._waiting:
                    self._waiting[0].leads = True
                    self._waiting[0].done.set()
                else:
                    self._leading = False
            for each in group:
                each.done.set()

    def _insert(self, group: list[_Put]) -> bool:
        with self._db.write() as conn:
            (count,) = conn.execute("SELECT COUNT(*) FROM outbox").fetchone()
            for put in group:
                if not claim_keys(conn, put.keys, put.at, self._ttl):
                    put.result = Put.REPEATED
                elif count >= self._capacity:
                    put.result = Put.FULL
                else:
                    cursor = conn.execute(INSERT, (put.data, put.owner, put.at, int(put.owner is not None)))
                    put.result = int(cursor.lastrowid or 0)
                    count += 1
        return True

    # -- answering
    def start(self, run: Run) -> None:
        self._pool.start(run)
        self._reading.set()
        self._fetcher = threading.Thread(target=self._fetch_loop, name="precert-outbox", daemon=True)
        self._fetcher.start()

    def recover(self) -> int:
        """At a serving process's start, before any answer process runs: release every row (the
        processes that held them are gone) and say how many are owed."""

        def release() -> int:
            with self._db.write() as conn:
                conn.execute("UPDATE outbox SET owner = NULL WHERE owner IS NOT NULL")
                return int(conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])

        owed = self._db.call(release, lambda: 0)
        if owed:
            log.warning("outbox: %d acknowledged request(s) owed from before the restart: answering them", owed)
        return owed

    def _fetch_loop(self) -> None:
        last_beat = time.monotonic()
        poll = POLL_MIN_SECONDS
        while self._reading.is_set():
            try:
                if time.monotonic() - last_beat >= self._claim_idle / 4:
                    self._heartbeat()
                    last_beat = time.monotonic()
                if not self._read_stream:
                    time.sleep(FREE_WAIT_SECONDS)
                    continue
                free = self._pool.wait_free(FREE_WAIT_SECONDS)
                if free > 0 and self._take(free):
                    poll = POLL_MIN_SECONDS
                elif free > 0:
                    # Nothing waiting: look again soon after a busy moment, rarely when it is quiet.
                    self._delete_answered()
                    poll = POLL_MIN_SECONDS if self._doorbell.wait(poll) else min(poll * 2, POLL_MAX_SECONDS)
            except sqlite3.Error as error:
                self._db.failed(error)
                time.sleep(FAILURE_PAUSE_SECONDS)
            except Exception as error:  # the loop must outlive anything
                log.error("outbox: reading the store failed: %s", type(error).__name__)
                time.sleep(FAILURE_PAUSE_SECONDS)

    def _take(self, count: int) -> int:
        """Hand up to `count` waiting rows (or rows left idle by a stopped process) to this process.
        Each write is one statement (SqliteDb.write_one): the rows answered since are deleted, the
        rows taken are marked with this process's name and a time no earlier take here used, and
        read back by them."""
        now = self._last_take = max(self._clock(), self._last_take + TAKE_TIME_STEP)
        stale = now - self._claim_idle
        waiting = "owner IS NULL OR taken_at < ?"
        if not self._db.read(f"SELECT 1 FROM outbox WHERE {waiting} LIMIT 1", (stale,)):
            return 0
        self._delete_answered()
        taken = self._db.write_one(
            "UPDATE outbox SET owner = ?, taken_at = ?, takes = takes + 1 WHERE id IN "
            f"(SELECT id FROM outbox WHERE {waiting} ORDER BY id LIMIT ?)",
            (self.name, now, stale, count),
        )
        if not taken:
            return 0
        query = "SELECT id, request, takes FROM outbox WHERE owner = ? AND taken_at = ? ORDER BY id"
        rows = self._db.read(query, (self.name, now))
        for row_id, data, takes in rows:
            self._offer(row_id, data, takes)
        return len(rows)

    def _offer(self, row_id: int, data: str, takes: int) -> None:
        try:
            request = Incoming.from_json(data)
        except (ValueError, TypeError):
            log.error("outbox: unreadable row %d dropped", row_id)
            self._done(row_id)(True)
            return
        if takes > 1:
            # Handed out before, to a process that stopped: it may have posted the answer before it
            # could delete the row. Look in the thread first.
            log.info("outbox: answering %s %s again, checking first", request.kind, request.request_id)
            request = Incoming(**{**request.__dict__, "recheck": True})
        if not self._pool.offer(request, self._done(row_id)):
            self._release([row_id])

    def _done(self, row_id: int) -> Done:
        """Once answered, the row is deleted at the reader's next look for waiting rows (within
        POLL_MAX_SECONDS), with the rows answered meanwhile: a write less per answer. Should the process
        die in between, the next start finds the answer in the thread and posts nothing."""

        def done(finished: bool) -> None:
            if finished:  # else left in the file: taken again after claim_idle, or at the next start
                with self._lock:
                    self._acks.append(row_id)

        return done

    def _delete_answered(self) -> None:
        with self._lock:
            answered, self._acks = self._acks, []
        if answered and not self._db.call(lambda: self._delete(answered), lambda: False):
            with self._lock:
                self._acks.extend(answered)

    def _delete(self, row_ids: list[int]) -> bool:
        self._by_id("DELETE FROM outbox WHERE id IN ({})", row_ids)
        return True

    def _release(self, row_ids: list[int]) -> None:
        self._db.call(lambda: self._by_id("UPDATE outbox SET owner = NULL WHERE id IN ({})", row_ids), lambda: None)

    def _by_id(self, statement: str, row_ids: list[int]) -> None:
        """`statement` (its `{}`: the ids' placeholders) on every row in `row_ids`, a bounded number at a time."""
        for first in range(0, len(row_ids), IDS_PER_STATEMENT):
            some = row_ids[first : first + IDS_PER_STATEMENT]
            self._db.write_one(statement.format(",".join("?" * len(some))), some)

    def _heartbeat(self) -> None:
        """Renew `taken_at` on the rows this process holds, so a long delivery (Slack rate-limiting for
        minutes) isn't taken over while it is still in hand; delete again what failed to delete."""
        self._db.write_one("UPDATE outbox SET taken_at = ? WHERE owner = ?", (self._clock(), self.name))
        self._delete_answered()

    # -- waiting
    def backlog(self) -> int | None:
        """Rows in the file (waiting or in hand, by any process); None when the file can't be read."""
        return self._db.call(
            lambda: int(self._db.read("SELECT COUNT(*) FROM outbox")[0][0]),
            lambda: None,
            writes=False,
        )

    def wait_idle(self, timeout: float) -> bool:
        """Idle here, and, while the file answers, no row left in it."""
        deadline = time.monotonic() + timeout
        while True:
            if self._pool.wait_idle(max(0.0, deadline - time.monotonic())):
                backlog = self.backlog()
                if backlog is None or (backlog == 0 and self._pool.busy == 0):
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)

    def drain(self, deadline: float) -> int:
        """Post many at once until `deadline`, still reading waiting rows (no other replica will); what is
        left stays in the file for the next start."""
        self._pool.grow(self._drain_workers)
        if self._read_stream:
            self.wait_idle(max(0.0, deadline - time.monotonic()))
        self._reading.clear()
        if self._fetcher is not None:
            self._fetcher.join(FREE_WAIT_SECONDS + 1.0)
        left = self._pool.drain(deadline)
        self._delete_answered()
        if self._read_stream:
            left = max(left, self.backlog() or 0)
        if left:
            log.warning("outbox: %d answers unsent at shutdown: kept in %s for the next start", left, self._db.folder)
        return left
