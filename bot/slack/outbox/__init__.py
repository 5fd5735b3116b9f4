"""The outbox: every acknowledged request, kept until its answer is posted (or said to have failed).

A listener puts the request here *before* Slack gets its acknowledgement (Bolt runs with
process_before_response), so a request Slack considers delivered is always somewhere that will answer
it. One backend per file, chosen by `make_outbox` to match the stores (bot/runtime/state/):

- sqlite.py (the default): a table in the data folder's SQLite file; survives the process, and a
  restart posts what it owed, checking the thread first for what may have been posted already;
- redis.py (REDIS_URL): a Redis Stream shared by every replica, which take over each other's entries;
- memory.py: a queue in this process, lost with it: for tests that ask for it.

For shutdown (bot/commands/serve.py): stop taking requests first, then `outbox.drain(deadline)`: it posts what
it holds with many threads at once (DRAIN_WORKERS) until `deadline` (time.monotonic()), then cuts
their waits short; whatever is unfinished stays in the file (SQLite) or the stream (Redis), or is
counted as lost (memory). It returns how many were left.
"""

from __future__ import annotations

from typing import Any

from bot.runtime.metrics import Metrics
from bot.runtime.state import Stores
from bot.slack.outbox.base import (
    ANSWER_WORKERS,
    CLAIM_IDLE_SECONDS,
    DRAIN_WORKERS,
    OUTBOX_CAPACITY,
    Outbox,
    Put,
    Run,
)
from bot.slack.outbox.memory import MemoryOutbox
from bot.slack.outbox.redis import STREAM, RedisOutbox, answering_key
from bot.slack.outbox.sqlite import SqliteOutbox

__all__ = [
    "ANSWER_WORKERS",
    "CLAIM_IDLE_SECONDS",
    "DRAIN_WORKERS",
    "OUTBOX_CAPACITY",
    "STREAM",
    "MemoryOutbox",
    "Outbox",
    "Put",
    "RedisOutbox",
    "Run",
    "SqliteOutbox",
    "answering_key",
    "make_outbox",
]


def make_outbox(stores: Stores, metrics: Metrics, **options: Any) -> MemoryOutbox | RedisOutbox | SqliteOutbox:
    """The outbox where the stores keep their state: Redis, the SQLite file, or memory."""
    if stores.link is not None:
        options.pop("doorbell", None)  # Redis's stream wakes its readers itself
        return RedisOutbox(stores.link, metrics, **options)
    if stores.db is not None:
        return SqliteOutbox(stores.db, metrics, **options)
    options.pop("claim_idle", None)  # one process: nobody to take over from
    options.pop("read_stream", None)
    options.pop("doorbell", None)
    return MemoryOutbox(metrics, **options)
