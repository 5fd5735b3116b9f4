"""The answer threads every outbox backend runs its requests on."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from bot.runtime.metrics import Metrics
from bot.slack.incoming import Incoming
from bot.slack.outbox.base import Run

log = logging.getLogger("precert_bot.outbox")

Done = Callable[[bool], None]
Claim = Callable[[], bool]


class AnswerPool:
    """Answer threads over a local queue of (request, done, claim); done(finished) runs after each."""

    def __init__(self, workers: int, capacity: int, metrics: Metrics, name: str):
        self.workers = workers
        self._queue: queue.Queue[tuple[Incoming, Done, Claim] | None] = queue.Queue(capacity)
        self._metrics = metrics
        self._name = name
        self._busy = 0
        self._cut_short = 0  # ended unsent by a drain's deadline
        self._idle = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._run: Run | None = None
        self.stopping = threading.Event()

    def start(self, run: Run) -> None:
        self._run = run
        self._spawn(self.workers)

    def _spawn(self, count: int) -> None:
        assert self._run is not None
        for _ in range(count):
            n = len(self._threads)
            thread = threading.Thread(target=self._work, args=(self._run,), name=f"{self._name}-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def grow(self, workers: int) -> None:
        """Run up to `workers` answers at once from now on (a drain: posting, not acknowledging)."""
        with self._idle:
            more = workers - self.workers
            if more <= 0 or self._run is None:
                return
            self.workers = workers
            self._spawn(more)
            self._idle.notify_all()

    def offer(self, request: Incoming, done: Done, claim: Claim = lambda: True) -> bool:
        """Queue `request`; claim() runs first on the answer thread: False means another has it."""
        with self._idle:
            try:
                self._queue.put_nowait((request, done, claim))
            except queue.Full:
                return False
            self._busy += 1
        self._metrics.outbox_backlog.inc()
        return True

    @property
    def busy(self) -> int:
        """Requests queued or being answered here."""
        return self._busy

    def _work(self, run: Run) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            request, done, claim = item
            try:
                if claim():
                    run(request)
            except Exception as error:  # run() logs its own; this keeps the thread alive
                log.error("outbox: answering %s failed: %s", request.request_id, type(error).__name__)
            finally:
                finished = not self.stopping.is_set()
                try:
                    done(finished)
                finally:
                    with self._idle:
                        self._busy -= 1
                        # A delivery the drain cut short returns without posting: unsent, not done.
                        self._cut_short += not finished
                        self._idle.notify_all()
                    self._metrics.outbox_backlog.dec()

    def wait_idle(self, timeout: float) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    def wait_free(self, timeout: float) -> int:
        """How many threads are free, once one is (0 after `timeout`): woken by the answer that frees it."""
        with self._idle:
            self._idle.wait_for(lambda: self._busy < self.workers, timeout)
            return max(0, self.workers - self._busy)

    def drain(self, deadline: float) -> int:
        """Finish what is queued until `deadline`, then cut the deliveries' waits short; how many were
        left unfinished (queued, in hand, or cut short)."""
        self.wait_idle(max(0.0, deadline - time.monotonic()))
        self.stopping.set()  # deliveries still waiting give up their waits now
        self.wait_idle(1.0)
        left = self._busy + self._cut_short
        for _ in self._threads:
            try:
                self._queue.put_nowait(None)
            except queue.Full:
                break
        return left
