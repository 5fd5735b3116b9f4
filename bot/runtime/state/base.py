"""What every state backend shares: the de-duplication protocol and its limits."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Protocol

DEDUPE_TTL_SECONDS = 10 * 60
MEMORY_MAX_EVENTS = 100_000
KEY_PREFIX = "precert:"


class Deduper(Protocol):
    def first_time(self, key: str) -> bool:
        """True exactly once per key within the TTL, across everyone sharing the store."""
        ...


# The conversation that the message being answered starts (a mention answered in a thread of its own):
# no context can exist for it yet, so the stores answer None without a read (a SQLite read after
# another process wrote re-reads its pages; with Redis, a round trip). Set by the Slack listener around
# its answer, in its own thread: the engine asks the store through the `ContextStore` protocol, which
# carries no such hint.
_starting: ContextVar[str | None] = ContextVar("precert_starting_conversation", default=None)


@contextlib.contextmanager
def starting(conversation_id: str) -> Iterator[None]:
    """While answering the message that starts `conversation_id`."""
    token = _starting.set(conversation_id)
    try:
        yield
    finally:
        _starting.reset(token)


def is_starting(conversation_id: str) -> bool:
    return _starting.get() == conversation_id
