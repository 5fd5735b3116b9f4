"""The per-person window in Redis (INCR + EXPIRE), so a person's limit holds whichever replica
answers them."""

from __future__ import annotations

import time
from collections.abc import Callable

import redis

from bot.runtime.ratelimit.base import WINDOW_SECONDS
from bot.runtime.ratelimit.memory import MemoryRateLimiter
from bot.runtime.state.base import KEY_PREFIX
from bot.runtime.state.redis import RedisLink


class RedisRateLimiter:
    """The window's number is in the key (wall-clock time, which replicas agree on), and the key expires."""

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
