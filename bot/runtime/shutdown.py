"""Stopping without losing answers: on SIGTERM or SIGINT `serve` stops taking new events, finishes
the answers Slack has already been told are coming (they were acknowledged), and exits 0 — all within
the drain limit (DRAIN_SECONDS, bot/runtime/settings.py), which the deploy files keep below their stop
timeouts (systemd TimeoutStopSec, Docker stop_grace_period, Kubernetes terminationGracePeriodSeconds),
so the process is never killed mid-post.
What the drain had to drop is logged with counts, never silently.

Socket Mode's envelopes are tracked in a `TrackedPool`, so the drain can say how many finished, how
many were still running and how many never started; answers are drained by the outbox (bot/slack/outbox/)."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from types import FrameType
from typing import Any

from bot.slack.outbox import Outbox

log = logging.getLogger("precert_bot.shutdown")


class TrackedPool(ThreadPoolExecutor):
    """A thread pool that knows which of its jobs have not finished, so that a drain can wait for
    them and count what it had to give up."""

    def __init__(self, max_workers: int, thread_name_prefix: str):
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self.name = thread_name_prefix
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)

    def pending(self) -> list[Future[Any]]:
        with self._lock:
            return list(self._pending)


@dataclass(frozen=True)
class Drained:
    """What one pool's drain came to."""

    pool: str
    finished: int
    running: int  # still running at the limit: given up on
    unstarted: int  # queued at the limit: cancelled

    @property
    def dropped(self) -> int:
        return self.running + self.unstarted


def drain(pool: TrackedPool, deadline: float) -> Drained:
    """Stop `pool` taking work, wait until `deadline` (time.monotonic()) for what it holds, and cancel
    what never started. Logs the outcome; a drop is an error, with its counts."""
    pending = pool.pending()
    pool.shutdown(wait=False)  # no new work; queued jobs still run
    done, left = wait(pending, timeout=max(0.0, deadline - time.monotonic()))
    unstarted = sum(1 for future in left if future.cancel())
    result = Drained(pool.name, len(done), len(left) - unstarted, unstarted)
    if result.dropped:
        log.error(
            "shutdown: %s dropped %d job(s) at the drain limit (%d still running, %d never started); finished %d",
            pool.name,
            result.dropped,
            result.running,
            result.unstarted,
            result.finished,
            extra={
                "pool": pool.name,
                "dropped": result.dropped,
                "running": result.running,
                "unstarted": result.unstarted,
                "finished": result.finished,
            },
        )
    elif result.finished:
        log.info(
            "shutdown: %s finished %d job(s)",
            pool.name,
            result.finished,
            extra={"pool": pool.name, "finished": result.finished},
        )
    return result


def drain_outbox(outbox: Outbox | None, deadline: float) -> int:
    """Finish the acknowledged answers in the outbox until `deadline`; how many were left (in memory:
    lost, and the outbox says so; with Redis: left in the stream for another replica)."""
    if outbox is None:
        return 0
    left = outbox.drain(deadline)
    if left:
        log.error("shutdown: %d answer(s) unsent at the drain limit", left, extra={"unsent": left})
    return left


class StopSignal:
    """SIGTERM and SIGINT set `.requested` instead of killing the process; a second one while
    stopping exits at once (an operator who means it)."""

    def __init__(self) -> None:
        self.requested = threading.Event()
        self.signal_name = ""

    def install(self) -> StopSignal:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if self.requested.is_set():
            log.error("shutdown: second %s: exiting now", name)
            exit_now(1)
        self.signal_name = name
        log.info("shutdown: %s received: stopping", name)
        self.requested.set()


def exit_now(code: int) -> None:
    """Exit without waiting for worker threads: after a drain gave up on some, the interpreter would
    otherwise join them at exit and outlive the drain limit."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def finish(started: float, dropped: int) -> int:
    """Log the whole drain and return the exit status: 0, a drain that dropped work still ended as
    intended, and the drop is in the log with its count."""
    seconds = time.monotonic() - started
    log.info(
        "shutdown: done in %.1f s; %d dropped",
        seconds,
        dropped,
        extra={"seconds": round(seconds, 3), "dropped": dropped},
    )
    if dropped:
        exit_now(0)
    return 0
