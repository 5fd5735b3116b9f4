"""What every state backend shares: the de-duplication protocol and its limits."""

from __future__ import annotations

from typing import Protocol

DEDUPE_TTL_SECONDS = 10 * 60
MEMORY_MAX_EVENTS = 100_000
KEY_PREFIX = "precert:"


class Deduper(Protocol):
    def first_time(self, key: str) -> bool:
        """True exactly once per key within the TTL, across everyone sharing the store."""
        ...
