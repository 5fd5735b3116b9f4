"""The outbox in Redis (REDIS_URL): a Redis Stream read through a consumer group, shared by every
replica and its answer processes.

Putting is one Lua script that checks and sets the de-duplication keys, refuses when the backlog is
full, and XADDs, so a repeat of an event and the event itself can never both be queued. Each reader
takes new entries (XREADGROUP), keeps the entries it is working on claimed (XCLAIM as a heartbeat),
acknowledges and deletes them once answered (XACK + XDEL, sent with its next XREADGROUP: one round trip
for both), and takes over entries another replica
left idle longer than `claim_idle` (XAUTOCLAIM): a replica killed mid-backlog has its answers posted
by the others. While Redis is unreachable, slow or full, requests are de-duplicated and queued in
this process (the keys are written back when Redis answers again) and answered here.

At a drain it stops reading new entries and posts what it holds, many at once; whatever is unfinished
stays in the stream for another replica.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Sequence

import redis

from bot.runtime.metrics import Metrics
from bot.runtime.state.base import DEDUPE_TTL_SECONDS, KEY_PREFIX
from bot.runtime.state.memory import MemoryDeduper
from bot.runtime.state.redis import RedisLink
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
from bot.slack.outbox.pool import AnswerPool

log = logging.getLogger("precert_bot.outbox")

STREAM = f"{KEY_PREFIX}outbox"
GROUP = "answerers"
FETCH_BLOCK_MS = 500
FREE_WAIT_SECONDS = 0.25  # all threads busy: how long the reader waits for one before looking around again
READ_MARGIN_SECONDS = 1.0  # beyond the block: a reply later than this is a slow Redis
# While Redis is away, Slack's retry of a request waits this long before its thread is read back.
RETRY_SETTLE_SECONDS = 2.0
TWIN_WINDOW_SECONDS = 30.0  # after a Redis failure, entries read within this are checked before posting


# KEYS: the stream, the request's answering key, then the de-duplication keys. ARGV: capacity, key
# TTL, the request as JSON. 0: a key was set already (a repeat); -1: the backlog is full (keys now
# set); 1: queued, with the answering key held by the new entry's id, so the entry needn't claim it
# when read (one round trip less per answer), while a copy queued elsewhere finds it taken.
_PUT = """
for i = 3, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then return 0 end
end
for i = 3, #KEYS do
  redis.call('SET', KEYS[i], 1, 'EX', ARGV[2])
end
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then return -1 end
local id = redis.call('XADD', KEYS[1], '*', 'r', ARGV[3])
redis.call('SET', KEYS[2], id, 'NX', 'EX', ARGV[2])
return 1
"""


def answering_key(request: Incoming) -> str:
    """Held by whichever copy of a request answers it (see RedisOutbox._claim)."""
    return f"{KEY_PREFIX}answering:{request.kind}:{request.request_id}"


def _mine() -> bool:
    return True


class RedisOutbox:
    def __init__(
        self,
        link: RedisLink,
        metrics: Metrics | None = None,
        *,
        workers: int = ANSWER_WORKERS,
        capacity: int = OUTBOX_CAPACITY,
        claim_idle: float = CLAIM_IDLE_SECONDS,
        dedupe_ttl: int = DEDUPE_TTL_SECONDS,
        stream: str = STREAM,
        read_stream: bool = True,
        drain_workers: int = DRAIN_WORKERS,
    ):
        """read_stream=False: put requests in the stream but leave reading it to others (the answer
        processes, bot/runtime/answer_processes.py); what is queued here while Redis is away is still answered
        here."""
        self.metrics = metrics or Metrics()
        self._link = link
        self._capacity, self._ttl, self._claim_idle = capacity, dedupe_ttl, claim_idle
        self._stream = stream
        self._read_stream = read_stream
        self.name = consumer_name()
        # Room for a full outbox of requests queued here while Redis is away; from the stream, only
        # as many as there are threads to answer them are taken at a time.
        self._pool = AnswerPool(workers, capacity, self.metrics, "precert-answer")
        self._local = MemoryDeduper(ttl=dedupe_ttl)
        self._unsynced: dict[str, float] = {}  # keys set here while Redis was away -> when
        self._in_hand: set[bytes] = set()  # entry ids being answered here
        self._acks: list[bytes] = []  # entries answered while Redis was away: acknowledged when it returns
        # Entries answered: acknowledged and deleted in the same round trip as the reader's next read.
        # Should the process die in between, they are taken over after claim_idle and answered with a
        # look at the thread first, which finds the post (as for a death just before the acknowledgement).
        self._answered: list[bytes] = []
        self._lock = threading.Lock()
        self._script = link.client.register_script(_PUT)
        # XREADGROUP blocks for FETCH_BLOCK_MS: on the shared client's half-second socket timeout a
        # quiet stream would read as a slow Redis. The reader gets a client of its own that waits longer.
        pool = link.client.connection_pool
        kwargs = {**pool.connection_kwargs, "socket_timeout": FETCH_BLOCK_MS / 1000 + READ_MARGIN_SECONDS}
        # from_pool: the client owns its pool, so close() at the drain closes the connection too (a
        # client given a pool leaves it open: the drained reader's connection outlived it).
        self._reader = redis.Redis.from_pool(redis.ConnectionPool(connection_class=pool.connection_class, **kwargs))
        self._fetcher: threading.Thread | None = None
        self._reading = threading.Event()
        self._group_ready = False
        self._drain_workers = drain_workers

    @property
    def stopping(self) -> threading.Event:
        return self._pool.stopping

    # -- putting
    def put(self, request: Incoming, keys: Sequence[str] = ()) -> Put:
        if not all([self._local.first_time(key) for key in keys]):
            return Put.REPEATED  # seen here: no round trip
        names = [f"{KEY_PREFIX}dedupe:{key}" for key in keys]
        result = self._link.call(
            lambda r: int(
                self._script(
                    keys=[self._stream, answering_key(request), *names],
                    args=[self._capacity, self._ttl, request.to_json()],
                )
            ),
            lambda: None,
        )
        if result is None:
            return self._put_here(request, keys)
        if result == 0:
            return Put.REPEATED
        if result < 0:
            return Put.FULL
        return Put.QUEUED

    def _put_here(self, request: Incoming, keys: Sequence[str]) -> Put:
        """Redis didn't answer: queue here, and remember the keys to write back. The script may have
        run all the same (a timeout), so the answer looks before it posts."""
        with self._lock:
            now = time.monotonic()
            for key in keys:
                self._unsynced[key] = now
        here = Incoming(**{**request.__dict__, "recheck": True})
        owner = f"here:{uuid.uuid4().hex}"
        settle = time.monotonic() + (RETRY_SETTLE_SECONDS if request.retry else 0.0)

        def claim() -> bool:
            # Slack's retry of a request another replica may be answering right now, with no Redis to
            # ask: give that answer time to land, so that reading the thread back finds it.
            if self._pool.stopping.wait(max(0.0, settle - time.monotonic())):
                return False
            return self._claim(here, owner)

        offered = self._pool.offer(here, lambda finished: None, claim)
        return Put.QUEUED if offered else Put.FULL

    def _claim(self, request: Incoming, owner: str) -> bool:
        """Whether this copy of the request is the one to answer. A put that timed out may have
        reached the stream all the same, so a request can exist twice: as an entry and as a copy
        queued here. Whichever copy starts first takes `answering:<id>` (SET NX); a copy finding
        it held by another owner stands down. The entry taken over from a stopped replica keeps its
        owner (the entry id), so it may carry on. With Redis away, the copy here answers."""
        key = answering_key(request)

        def take(r: redis.Redis) -> bool:
            pipe = r.pipeline(transaction=False)
            pipe.set(key, owner, nx=True, ex=self._ttl)
            pipe.get(key)
            _, holder = pipe.execute()
            return holder is None or holder.decode() == owner

        mine = self._link.call(take, lambda: True)
        if not mine:
            self.metrics.repeated_events.inc()
            log.info("outbox: %s %s is being answered from another copy", request.kind, request.request_id)
        return mine

    # -- answering
    def start(self, run: Run) -> None:
        self._pool.start(run)
        self._reading.set()
        self._fetcher = threading.Thread(target=self._fetch_loop, name="precert-outbox", daemon=True)
        self._fetcher.start()

    def _ensure_group(self, r: redis.Redis) -> None:
        try:
            r.xgroup_create(self._stream, GROUP, id="0", mkstream=True)
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise
        self._group_ready = True

    def _fetch_loop(self) -> None:
        last_claim = last_beat = 0.0
        while self._reading.is_set():
            if not self._link.due():
                time.sleep(0.05)
                continue
            try:
                self._sync()
                now = time.monotonic()
                if now - last_beat >= self._claim_idle / 4:
                    self._heartbeat()
                    last_beat = now
                if not self._read_stream:
                    self._flush_answered()
                    time.sleep(FREE_WAIT_SECONDS)
                    continue
                # Woken the moment an answer finishes: a fixed sleep here capped each thread at one
                # answer per sleep (four threads, 10 ms: 400 answers a second whatever the CPU).
                free = self._pool.wait_free(FREE_WAIT_SECONDS)
                if free <= 0:
                    continue
                if now - last_claim >= self._claim_idle / 4:
                    last_claim = now
                    if self._take(self._claimed(free), retaken=True):
                        continue
                self._take(self._read(free), retaken=False)
            except redis.RedisError as error:
                if "NOGROUP" in str(error):
                    self._group_ready = False  # Redis restarted empty: make the group again
                self._link.failed(error)
                time.sleep(0.05)
            except Exception as error:  # the loop must outlive anything
                log.error("outbox: reading the stream failed: %s", type(error).__name__)
                time.sleep(0.5)

    def _read(self, count: int) -> list[tuple[bytes, dict[bytes, bytes]]]:
        r = self._link.client
        if not self._group_ready:
            self._ensure_group(r)
        with self._lock:
            answered, self._answered = self._answered, []
        pipe = self._reader.pipeline(transaction=False)
        if answered:
            pipe.xack(self._stream, GROUP, *answered)
            pipe.xdel(self._stream, *answered)
        pipe.xreadgroup(GROUP, self.name, {self._stream: ">"}, count=count, block=FETCH_BLOCK_MS)
        try:
            found = pipe.execute()[-1]
        except redis.RedisError:
            with self._lock:  # acknowledging twice is harmless: they go with the next read
                self._answered[:0] = answered
            raise
        self._link.succeeded()
        return found[0][1] if found else []

    def _flush_answered(self) -> None:
        """Acknowledge and delete the entries answered since the last read, without reading."""
        with self._lock:
            answered, self._answered = self._answered, []
        if not answered:
            return

        def ack(r: redis.Redis) -> bool:
            pipe = r.pipeline(transaction=False)
            pipe.xack(self._stream, GROUP, *answered)
            pipe.xdel(self._stream, *answered)
            pipe.execute()
            return True

        if not self._link.call(ack, lambda: False):
            with self._lock:
                self._acks.extend(answered)  # written back with the keys once Redis answers

    def _claimed(self, count: int) -> list[tuple[bytes, dict[bytes, bytes]]]:
        r = self._link.client
        if not self._group_ready:
            self._ensure_group(r)
        found = r.xautoclaim(self._stream, GROUP, self.name, int(self._claim_idle * 1000), "0-0", count=count)
        entries = [e for e in found[1] if e and e[1]]
        # Entries deleted under their pending record come back as ids alone: acknowledge those away.
        gone = [e[0] if isinstance(e, (list, tuple)) else e for e in found[1] if not e or not e[1]]
        if len(found) > 2 and found[2]:
            gone += list(found[2])
        if gone:
            r.xack(self._stream, GROUP, *gone)
        return entries

    def _take(self, entries: list[tuple[bytes, dict[bytes, bytes]]], retaken: bool) -> bool:
        for entry_id, fields in entries:
            try:
                request = Incoming.from_json(fields[b"r"])
            except (KeyError, ValueError, TypeError):
                log.error("outbox: unreadable entry %s dropped", entry_id.decode())
                self._acknowledge(entry_id, True)
                continue
            if retaken:
                log.info("outbox: took over %s %s from a replica that stopped", request.kind, request.request_id)
            # Taken over, or read while Redis has been failing lately: a put that timed out may have
            # reached the stream as well as a replica's own queue, and that copy may be answered already.
            if retaken or not self._link.settled(TWIN_WINDOW_SECONDS):
                request = Incoming(**{**request.__dict__, "recheck": True})
            with self._lock:
                self._in_hand.add(entry_id)
            owner = entry_id.decode()
            # An entry read in calm weather holds its answering key from the put: nothing to claim.
            # Taken over or read after failures, it checks the key: a copy may have answered.
            claim = (lambda request=request, owner=owner: self._claim(request, owner)) if request.recheck else _mine
            self._pool.offer(request, lambda finished, entry_id=entry_id: self._acknowledge(entry_id, finished), claim)
        return bool(entries)

    def _acknowledge(self, entry_id: bytes, finished: bool) -> None:
        with self._lock:
            self._in_hand.discard(entry_id)
        if not finished:
            return  # left claimed by this consumer: another replica takes it over after claim_idle
        with self._lock:
            self._answered.append(entry_id)
        if not self._reading.is_set():  # no reader comes by: a drain, or a process that never read
            self._flush_answered()

    def _heartbeat(self) -> None:
        """Reset the idle time of the entries being answered here, so that a long delivery (Slack
        rate-limiting for minutes) isn't taken over while it is still in hand."""
        with self._lock:
            ids = list(self._in_hand)
        if ids:
            self._link.client.xclaim(self._stream, GROUP, self.name, 0, ids, justid=True)

    def _sync(self) -> None:
        """Write back what Redis missed while it was away: de-duplication keys set here (NX: a key
        another replica set meanwhile stays as it is) and acknowledgements of entries answered."""
        with self._lock:
            if not self._unsynced and not self._acks:
                return
            now = time.monotonic()
            keys = [k for k, at in self._unsynced.items() if now - at < self._ttl]
            acks = list(self._acks)
        r = self._link.client
        pipe = r.pipeline(transaction=False)
        for key in keys:
            pipe.set(f"{KEY_PREFIX}dedupe:{key}", 1, nx=True, ex=self._ttl)
        for entry_id in acks:
            pipe.xack(self._stream, GROUP, entry_id)
            pipe.xdel(self._stream, entry_id)
        pipe.execute()
        with self._lock:
            for key in keys:
                self._unsynced.pop(key, None)
            self._unsynced = {k: at for k, at in self._unsynced.items() if now - at < self._ttl}
            self._acks = self._acks[len(acks) :]
        if keys or acks:
            log.info("outbox: wrote back %d de-duplication keys and %d acknowledgements", len(keys), len(acks))

    # -- waiting
    def backlog(self) -> int | None:
        """Entries in the stream (queued or in hand, by any replica); None when Redis doesn't answer."""
        return self._link.call(lambda r: int(r.xlen(self._stream)), lambda: None)

    def wait_idle(self, timeout: float) -> bool:
        """Idle here, and, while Redis answers, nothing left in the stream or to write back."""
        deadline = time.monotonic() + timeout
        while True:
            if self._pool.wait_idle(max(0.0, deadline - time.monotonic())):
                self._flush_answered()  # idle: the reader may be waiting on an empty stream
                backlog = self.backlog()
                with self._lock:
                    pending = bool(self._unsynced) or bool(self._acks) or bool(self._answered)
                if backlog is None or (backlog == 0 and not pending and self._pool.busy == 0):
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)

    def drain(self, deadline: float) -> int:
        self._reading.clear()  # nothing new is taken from the stream
        if self._fetcher is not None:
            self._fetcher.join(FETCH_BLOCK_MS / 1000 + READ_MARGIN_SECONDS)
        if self._fetcher is None or not self._fetcher.is_alive():
            self._reader.close()
        self._pool.grow(self._drain_workers)
        left = self._pool.drain(deadline)
        self._flush_answered()
        with contextlib.suppress(redis.RedisError):
            self._sync()
        if left:
            log.warning("outbox: %d answers unsent at shutdown: left in the stream for another replica", left)
        return left
