"""The per-person window counted in this process: for tests, and the copy the Redis and SQLite
backends fall back on while their store fails."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from bot.runtime.ratelimit.base import WINDOW_SECONDS


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
