"""Event de-duplication in this process's memory: for tests, and as the copy the Redis and SQLite
backends fall back on while their store fails. (Conversation context in memory is
intents.context.MemoryContextStore.)"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from bot.runtime.state.base import DEDUPE_TTL_SECONDS, MEMORY_MAX_EVENTS


class MemoryDeduper:
    def __init__(
        self,
        ttl: float = DEDUPE_TTL_SECONDS,
        max_entries: int = MEMORY_MAX_EVENTS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._ttl, self._max, self._clock = ttl, max_entries, clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        now = self._clock()
        with self._lock:
            expires = self._seen.get(key)
            if expires is not None and now < expires:
                return False
            self._seen[key] = now + self._ttl
            self._seen.move_to_end(key)
            while len(self._seen) > self._max:
                self._seen.popitem(last=False)
            return True
