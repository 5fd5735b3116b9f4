"""State shared through Redis (REDIS_URL): event de-duplication and conversation context, and the
link every Redis backend (these, bot/slack/outbox/redis.py, bot/runtime/ratelimit/redis.py) shares.

Replicas share it, so a Slack retry or a follow-up that lands on another replica is treated as if it
came back to the first. Redis is a help, not a dependency: when it stops answering, every store carries
on with its own per-process copy (which it keeps up to date all along), the change is logged once, and
Redis is tried again every few seconds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import redis
from pydantic import ValidationError
from redis.backoff import NoBackoff
from redis.retry import Retry

from bot.runtime.state.base import DEDUPE_TTL_SECONDS, KEY_PREFIX, is_starting
from bot.runtime.state.memory import MemoryDeduper
from intents.context import CONTEXT_TTL_SECONDS, MEMORY_MAX_CONVERSATIONS, Context, MemoryContextStore

log = logging.getLogger("precert_bot.state")

# A dead or unroutable Redis must cost an answer a fraction of a second, not redis-py's default 5 s
# timeouts and three backed-off retries. One immediate retry remains: after a Redis restart the first
# command on each pooled connection fails, and the retry on a fresh connection succeeds.
REDIS_CONNECT_TIMEOUT = 0.25
REDIS_SOCKET_TIMEOUT = 0.5
REDIS_RETRY_SECONDS = 5.0
REDIS_TROUBLE = {"down": "unreachable", "slow": "too slow", "full": "out of memory"}

T = TypeVar("T")


def redis_client(url: str) -> redis.Redis:
    """A client (a thread-safe connection pool) that gives up quickly, for the stores below."""
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=REDIS_CONNECT_TIMEOUT,
        socket_timeout=REDIS_SOCKET_TIMEOUT,
        retry=Retry(NoBackoff(), 1),
    )


class RedisLink:
    """A Redis client plus the bookkeeping for falling back: whether Redis is answering, and when to
    try it again. Shared by every store of a process, so one outage is one log line and one wait.

    A failure is told apart by its kind, for /healthz and the logs: "down" (no connection), "slow"
    (a command timed out: Redis is there but busy, e.g. a long script or a saving fork), "full"
    (Redis refused a write with OOM: maxmemory reached). All three fall back the same way; /healthz
    reports degraded until Redis has answered for HEALTH_HOLD_SECONDS, so a Redis that answers
    PING but refuses writes doesn't make the probe flap."""

    def __init__(
        self,
        client: redis.Redis,
        retry_seconds: float = REDIS_RETRY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.client = client
        self._retry_seconds, self._clock = retry_seconds, clock
        self._state = "up"
        self._retry_at = 0.0
        self._last_failure = -1e9
        self._lock = threading.Lock()
        self._on_recovery: list[Callable[[], None]] = []

    @property
    def up(self) -> bool:
        """False from the first failed command until one succeeds again."""
        return self._state == "up"

    @property
    def state(self) -> str:
        """up, down, slow or full (see the class docstring)."""
        return self._state

    def settled(self, hold: float) -> bool:
        """Up, and without a failure for `hold` seconds."""
        return self._state == "up" and self._clock() - self._last_failure >= hold

    def due(self) -> bool:
        """Whether a command may go to Redis now: it is up, or the next try of it is due."""
        return self._state == "up" or self._clock() >= self._retry_at

    def call(self, command: Callable[[redis.Redis], T], fallback: Callable[[], T]) -> T:
        """`command` against Redis; `fallback()` when Redis fails, or while it is down and not yet due
        for another try. During an outage one caller at a time probes Redis; the rest don't wait on it."""
        with self._lock:
            if self._state != "up":
                now = self._clock()
                if now < self._retry_at:
                    return fallback()
                self._retry_at = now + self._retry_seconds  # this caller probes; others fall back meanwhile
        try:
            result = command(self.client)
        except redis.RedisError as error:
            self.failed(error)
            return fallback()
        self.succeeded()
        return result

    def ping(self) -> bool:
        """Whether Redis answers now (within the fallback rules: no probe before it is due)."""
        return self.call(lambda r: bool(r.ping()), lambda: False)

    @staticmethod
    def kind_of(error: redis.RedisError) -> str:
        if isinstance(error, redis.TimeoutError):
            return "slow"
        if isinstance(error, redis.ResponseError) and str(error).startswith("OOM"):
            return "full"
        if isinstance(error, redis.ResponseError) and "BUSY" in str(error):
            return "slow"  # a script running too long
        return "down"

    def failed(self, error: redis.RedisError) -> None:
        kind = self.kind_of(error)
        with self._lock:
            now = self._clock()
            self._retry_at = now + self._retry_seconds
            self._last_failure = now
            was, self._state = self._state, kind
        if was != kind:
            # The exception's type only: its message may hold the URL, and with it a password.
            log.warning(
                "redis %s (%s): using per-process state, retrying every %.0f s",
                REDIS_TROUBLE[kind],
                type(error).__name__,
                self._retry_seconds,
                extra={"redis": kind},
            )

    def succeeded(self) -> None:
        if self._state == "up":
            return
        with self._lock:
            was_down, self._state = self._state != "up", "up"
        if was_down:
            log.info("redis reachable again: state is shared again", extra={"redis": "up"})
            for hook in list(self._on_recovery):
                try:
                    hook()
                except redis.RedisError as error:
                    self.failed(error)
                    return

    def on_recovery(self, hook: Callable[[], None]) -> None:
        """Run `hook` (which may use Redis) each time Redis answers again after failing."""
        self._on_recovery.append(hook)


class RedisDeduper:
    """`SET key 1 NX EX ttl`: atomic, so of two replicas handed the same event exactly one answers.

    Every key is also remembered here, so a retry that reaches this replica during an outage is still
    known; and a key this replica already saw is answered from memory without a round trip."""

    def __init__(self, link: RedisLink, ttl: int = DEDUPE_TTL_SECONDS, local: MemoryDeduper | None = None):
        self._link, self._ttl = link, ttl
        self._local = local or MemoryDeduper(ttl=ttl)

    def first_time(self, key: str) -> bool:
        if not self._local.first_time(key):
            return False
        name = f"{KEY_PREFIX}dedupe:{key}"
        return self._link.call(lambda r: bool(r.set(name, 1, nx=True, ex=self._ttl)), lambda: True)


class RedisContextStore:
    """Contexts as `Context.model_dump_json()` under a key that expires, written through to memory.

    A read Redis cannot answer, or a context Redis no longer has but this process wrote (during an
    outage Redis missed), comes from the local copy; both expire on the same schedule. So does a
    context this process wrote while Redis was away: Redis's copy of that conversation is older."""

    def __init__(self, link: RedisLink, ttl: int = CONTEXT_TTL_SECONDS, local: MemoryContextStore | None = None):
        self._link, self._ttl = link, ttl
        self._local = local or MemoryContextStore(ttl=ttl)
        self._unsynced: dict[str, float] = {}  # conversation -> when its newest context missed Redis
        self._lock = threading.Lock()

    @staticmethod
    def _key(conversation_id: str) -> str:
        return f"{KEY_PREFIX}context:{conversation_id}"

    def _newer_here(self, conversation_id: str) -> bool:
        with self._lock:
            missed = self._unsynced.get(conversation_id)
            if missed is not None and time.monotonic() - missed > self._ttl:
                del self._unsynced[conversation_id]
                missed = None
        return missed is not None

    def get(self, conversation_id: str) -> Context | None:
        if is_starting(conversation_id):
            return None
        if self._newer_here(conversation_id):
            local = self._local.get(conversation_id)
            if local is not None:
                # Redis is behind on this conversation: catch it up, so the other replicas (and this
                # one, from now on) read the newest context there again.
                self._write_through(conversation_id, local)
                return local
        raw = self._link.call(lambda r: r.get(self._key(conversation_id)), lambda: None)
        if raw is None:
            return self._local.get(conversation_id)
        try:
            return Context.model_validate_json(raw)
        except ValidationError:
            # Written by another version of the bot, or not by the bot at all: no context beats a wrong one.
            log.warning("unreadable conversation context in redis: ignored")
            return None

    def put(self, conversation_id: str, context: Context) -> None:
        self._local.put(conversation_id, context)
        self._write_through(conversation_id, context)

    def _write_through(self, conversation_id: str, context: Context) -> None:
        data = context.model_dump_json()
        stored = self._link.call(lambda r: bool(r.set(self._key(conversation_id), data, ex=self._ttl)), lambda: False)
        with self._lock:
            if stored:
                self._unsynced.pop(conversation_id, None)
            else:
                self._unsynced[conversation_id] = time.monotonic()
                if len(self._unsynced) > MEMORY_MAX_CONVERSATIONS:  # as bounded as the local copies
                    self._unsynced.pop(next(iter(self._unsynced)))
