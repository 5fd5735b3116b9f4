"""What every rate-limit backend shares: the protocol and the window (what a person over the limit is
told is bot/slack/notices.toml over_limit)."""

from __future__ import annotations

from typing import Protocol

DEFAULT_PER_MINUTE = 20
WINDOW_SECONDS = 60


class RateLimiter(Protocol):
    limit: int  # questions per person per window

    def allow(self, who: str) -> bool:
        """Count one question from `who`; False when it is over the limit for the current window."""
        ...


class Unlimited:
    limit = 0

    def allow(self, who: str) -> bool:
        return True
