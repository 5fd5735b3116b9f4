"""The outbox in this process's memory: a bounded queue and the answer threads. What is queued when
the process ends is lost, so it is for tests that ask for it; a deployment keeps its outbox in the
data folder (sqlite.py) or in Redis (redis.py)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from bot.runtime.metrics import Metrics
from bot.runtime.state.memory import MemoryDeduper
from bot.slack.incoming import Incoming
from bot.slack.outbox.base import ANSWER_WORKERS, DRAIN_WORKERS, OUTBOX_CAPACITY, Put, Run
from bot.slack.outbox.pool import AnswerPool

log = logging.getLogger("precert_bot.outbox")


class MemoryOutbox:
    def __init__(
        self,
        metrics: Metrics | None = None,
        *,
        workers: int = ANSWER_WORKERS,
        capacity: int = OUTBOX_CAPACITY,
        deduper: MemoryDeduper | None = None,
        drain_workers: int = DRAIN_WORKERS,
    ):
        self.metrics = metrics or Metrics()
        self._pool = AnswerPool(workers, capacity, self.metrics, "precert-answer")
        self._deduper = deduper or MemoryDeduper()
        self._draining = False
        self._drain_workers = drain_workers

    @property
    def stopping(self) -> threading.Event:
        return self._pool.stopping

    def put(self, request: Incoming, keys: Sequence[str] = ()) -> Put:
        fresh = [self._deduper.first_time(key) for key in keys]
        if not all(fresh):
            return Put.REPEATED
        if self._draining or not self._pool.offer(request, lambda finished: None):
            return Put.FULL
        return Put.QUEUED

    def start(self, run: Run) -> None:
        self._pool.start(run)

    def wait_idle(self, timeout: float) -> bool:
        return self._pool.wait_idle(timeout)

    def drain(self, deadline: float) -> int:
        self._draining = True
        self._pool.grow(self._drain_workers)
        left = self._pool.drain(deadline)
        if left:
            log.warning("outbox: %d answers unsent at shutdown (kept in memory only: they are lost)", left)
        return left
