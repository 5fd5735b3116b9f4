"""Shared state for the Slack adapter: event de-duplication, conversation context (the
`intents.context.ContextStore` protocol) and the per-person question counts of bot/runtime/ratelimit/.

One backend per file, chosen by `make_stores`:

- redis.py (REDIS_URL set): shared by every replica, falling back to per-process copies while Redis
  is away;
- sqlite.py (the default): one file in the data folder (PRECERT_DATA_DIR), so that one replica's
  restart keeps what it had seen, said and owed;
- memory.py: per process, gone with it: for tests that ask for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.runtime.state.base import DEDUPE_TTL_SECONDS, KEY_PREFIX, MEMORY_MAX_EVENTS, Deduper
from bot.runtime.state.memory import MemoryDeduper
from bot.runtime.state.redis import (
    REDIS_RETRY_SECONDS,
    REDIS_TROUBLE,
    RedisContextStore,
    RedisDeduper,
    RedisLink,
    redis_client,
)
from bot.runtime.state.sqlite import DataDirProblem, SqliteContextStore, SqliteDb, SqliteDeduper
from intents.context import ContextStore, MemoryContextStore

HEALTH_HOLD_SECONDS = 30.0  # /healthz says degraded until Redis has answered this long without a failure

__all__ = [
    "DEDUPE_TTL_SECONDS",
    "HEALTH_HOLD_SECONDS",
    "KEY_PREFIX",
    "MEMORY_MAX_EVENTS",
    "REDIS_TROUBLE",
    "DataDirProblem",
    "Deduper",
    "MemoryDeduper",
    "RedisContextStore",
    "RedisDeduper",
    "RedisLink",
    "SqliteDb",
    "Stores",
    "make_stores",
    "redis_client",
]


@dataclass(frozen=True)
class Stores:
    """What `make_stores` builds: the two stores, and the Redis link or SQLite file they share (neither:
    memory only)."""

    deduper: Deduper
    contexts: ContextStore
    link: RedisLink | None = None
    health_hold: float = HEALTH_HOLD_SECONDS
    db: SqliteDb | None = None

    @property
    def backend(self) -> str:
        return "redis" if self.link is not None else "sqlite" if self.db is not None else "memory"

    def check(self) -> dict[str, str]:
        """For the ops port's /healthz: which backend answers, probing Redis if it is due. A failing
        store is 'degraded', not a failure: the stores still answer from memory, and an unhealthy answer
        would take every replica out of service."""
        if self.db is not None:
            if self.db.up:
                return {"state": "sqlite"}
            if self.db.trouble is None:
                return {"state": "sqlite (recovering)"}
            return {"state": f"memory (sqlite {self.db.trouble})"}
        if self.link is None:
            return {"state": "memory"}
        self.link.ping()
        if self.link.settled(self.health_hold):
            return {"state": "redis"}
        if self.link.up:
            return {"state": "redis (recovering)"}
        return {"state": f"memory (redis {REDIS_TROUBLE[self.link.state]})"}

    def degraded(self) -> bool:
        """For the public /healthz, without a round trip: Redis is configured and has failed within
        health_hold seconds (the outbox reads Redis every half second, so this is never stale; and a
        Redis that answers PING but refuses writes stays degraded, not flapping), or the SQLite file
        failed its last write."""
        if self.db is not None:
            return not self.db.up
        return self.link is not None and not self.link.settled(self.health_hold)


def make_stores(
    redis_url: str | None,
    data_dir: Path | str | None = None,
    *,
    retry_seconds: float = REDIS_RETRY_SECONDS,
    health_hold: float = HEALTH_HOLD_SECONDS,
) -> Stores:
    """The stores: shared through Redis when REDIS_URL is set (not contacted here: a replica starts, and
    answers, even when Redis is not up yet); else in the SQLite file in `data_dir`, checked now
    (DataDirProblem); else, with neither, in memory."""
    if redis_url:
        link = RedisLink(redis_client(redis_url), retry_seconds=retry_seconds)
        return Stores(RedisDeduper(link), RedisContextStore(link), link, health_hold)
    if data_dir is not None:
        db = SqliteDb.open(data_dir)
        return Stores(SqliteDeduper(db), SqliteContextStore(db), db=db)
    return Stores(MemoryDeduper(), MemoryContextStore())
