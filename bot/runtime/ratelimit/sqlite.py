"""The per-person window in the SQLite store (bot/runtime/state/sqlite.py): one upsert per question, so the
limit holds across the replica's answer processes and its restarts."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.runtime.ratelimit.base import WINDOW_SECONDS
from bot.runtime.ratelimit.memory import MemoryRateLimiter
from bot.runtime.state.sqlite import SqliteDb

SCHEMA = """CREATE TABLE IF NOT EXISTS rate (
  who TEXT NOT NULL, slot INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (who, slot)
) WITHOUT ROWID;"""


class SqliteRateLimiter:
    def __init__(self, db: SqliteDb, limit: int, window: int = WINDOW_SECONDS, clock: Callable[[], float] = time.time):
        self.limit, self._db, self._window, self._clock = limit, db, window, clock
        db.ensure(SCHEMA)
        # `slot` numbers the windows; a row older than the one before the current is never read again.
        db.on_sweep(f"DELETE FROM rate WHERE slot < CAST(? / {window} AS INTEGER) - 1")
        self._local = MemoryRateLimiter(limit, window, clock)

    def allow(self, who: str) -> bool:
        window = int(self._clock() // self._window)

        def count() -> int:
            with self._db.write() as conn:
                row = conn.execute(
                    "INSERT INTO rate (who, slot, count) VALUES (?, ?, 1) "
                    "ON CONFLICT (who, slot) DO UPDATE SET count = count + 1 RETURNING count",
                    (who, window),
                ).fetchone()
            return int(row[0])

        counted = self._db.call(count, lambda: None)
        if counted is None:
            return self._local.allow(who)
        return counted <= self.limit
