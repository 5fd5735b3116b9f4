"""What every rate-limit backend shares: the protocol, the window and the message."""

from __future__ import annotations

from typing import Protocol

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
