"""Shared state for the Slack adapter: event de-duplication (and, via intents.context, conversation
context). In-memory by default; a Redis backend lets several replicas share it."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

DEDUPE_TTL_SECONDS = 10 * 60
MEMORY_MAX_EVENTS = 100_000


class Deduper(Protocol):
    def first_time(self, key: str) -> bool:
        """True exactly once per key within the TTL, across everyone sharing the store."""
        ...


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
