"""Questions per person per minute: a fixed window, counted per process or, with Redis, across replicas
(INCR + EXPIRE). Enough to stop a script or a stuck client from monopolising the bot; people asking
by hand stay far below it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

import redis

from bot.state import KEY_PREFIX, RedisLink, Stores

DEFAULT_PER_MINUTE = 20
WINDOW_SECONDS = 60


def limited_message(limit: int) -> str:
    return (
        f"You've asked {limit} questions in the last minute, which is my limit per person. "
        "Please wait a minute and ask again."
    )


class RateLimiter(Protocol):
    limit: int  # questions per person per window

    def allow(self, who: str) -> bool:
        """Count one question from `who`; False when it is over the limit for the current window."""
        ...


class Unlimited:
    limit = 0

    def allow(self, who: str) -> bool:
        return True


class MemoryRateLimiter:
    def __init__(self, limit: int, window: int = WINDOW_SECONDS, clock: Callable[[], float] = time.time):
        self.limit, self._window, self._clock = limit, window, clock
        self._current = -1
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def allow(self, who: str) -> bool:
        window = int(self._clock() // self._window)
        with self._lock:
            if window != self._current:
                # Only the current window matters: dropping the rest keeps memory to this minute's askers.
                self._current, self._counts = window, {}
            self._counts[who] = count = self._counts.get(who, 0) + 1
        return count <= self.limit


class RedisRateLimiter:
    """The same fixed window in Redis, so a person's limit holds whichever replica answers them. The
    window's number is in the key (wall-clock time, which replicas agree on), and the key expires."""

    def __init__(
        self,
        link: RedisLink,
        limit: int,
        window: int = WINDOW_SECONDS,
        clock: Callable[[], float] = time.time,
        local: MemoryRateLimiter | None = None,
    ):
        self.limit, self._link, self._window, self._clock = limit, link, window, clock
        self._local = local or MemoryRateLimiter(limit, window, clock)

    def allow(self, who: str) -> bool:
        window = int(self._clock() // self._window)
        key = f"{KEY_PREFIX}rate:{who}:{window}"

        def count(r: redis.Redis) -> int:
            pipe = r.pipeline(transaction=True)
            pipe.incr(key)
            pipe.expire(key, self._window + 1)
            return int(pipe.execute()[0])

        counted = self._link.call(count, lambda: None)
        if counted is None:
            return self._local.allow(who)
        return counted <= self.limit


def make_rate_limiter(per_minute: int, stores: Stores) -> RateLimiter:
    """Shared through Redis when the stores are; 0 (or less) turns the limit off."""
    if per_minute <= 0:
        return Unlimited()
    if stores.link is None:
        return MemoryRateLimiter(per_minute)
    return RedisRateLimiter(stores.link, per_minute)
