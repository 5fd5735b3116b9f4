"""Conversation context: what the last question in a conversation was about.

The caller names the conversation (Slack: channel + thread; CLI chat: one session). Entries
expire, so an old thread does not colour a new question. The store is an interface: the bot
swaps in a Redis-backed one when several replicas share the work.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from pydantic import BaseModel, ConfigDict

CONTEXT_TTL_SECONDS = 30 * 60
MEMORY_MAX_CONVERSATIONS = 10_000


class Context(BaseModel):
    """Enough of the last answer to complete a follow-up ('what about Tysabri?', 'and the fax?')."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    intent: str
    programs: list[str] = []  # programs the question named
    drug_ids: list[str] = []
    contact_programs: list[str] = []  # programs whose contacts the answer gave
    contact_fields: list[str] = []  # phone / fax / email / url / hours asked for


class ContextStore(Protocol):
    def get(self, conversation_id: str) -> Context | None: ...

    def put(self, conversation_id: str, context: Context) -> None: ...


class MemoryContextStore:
    """Per-process store with expiry and a size bound (oldest conversations dropped first)."""

    def __init__(
        self,
        ttl: float = CONTEXT_TTL_SECONDS,
        max_entries: int = MEMORY_MAX_CONVERSATIONS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._ttl, self._max, self._clock = ttl, max_entries, clock
        self._data: OrderedDict[str, tuple[float, Context]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conversation_id: str) -> Context | None:
        with self._lock:
            item = self._data.get(conversation_id)
            if item is None:
                return None
            expires, context = item
            if self._clock() >= expires:
                del self._data[conversation_id]
                return None
            return context

    def put(self, conversation_id: str, context: Context) -> None:
        with self._lock:
            self._data[conversation_id] = (self._clock() + self._ttl, context)
            self._data.move_to_end(conversation_id)
            while len(self._data) > self._max:
                self._data.popitem(last=False)
