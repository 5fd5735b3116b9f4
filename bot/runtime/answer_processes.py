"""Answer processes: `serve` can leave answering to processes of its own (ANSWER_PROCESSES).

Why: acknowledging Slack and answering share one interpreter otherwise, and answering is the larger
part of the CPU (the engine, rendering, the post, the Redis round trips); one process can't use a
second core. With ANSWER_PROCESSES=N the serving process only acknowledges and puts each request in
the outbox (bot/slack/outbox/: Redis's stream, or without Redis the data folder's SQLite table), and N
children (`precert-bot serve --answers`) read it as any other replica does: taking over from a dead
one, checking before re-posting, de-duplication and the per-person limit all work as they do across
replicas.

This module is the parent's side: start the children, start a new one when one exits, and stop them
at shutdown after the outbox has drained. A child stops by itself when its parent is gone (a SIGKILLed
parent leaves no answerers behind), and what it holds stays in the stream for the others.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from prometheus_client import multiprocess

from bot.runtime.doorbell import Doorbell

log = logging.getLogger("precert_bot.answer_processes")

PARENT_ENV = "PRECERT_ANSWER_PARENT"  # the parent's pid: a child whose parent changed stops
METRICS_ENV = "PROMETHEUS_MULTIPROC_DIR"  # prometheus_client reads it when a child imports it
RESTART_DELAY_SECONDS = 1.0  # a child that exits at once (bad settings) is not restarted in a tight loop
WATCH_SECONDS = 0.5


class AnswerProcesses:
    def __init__(self, count: int, command: list[str] | None = None):
        self.count = count
        # -P: the current folder is not on the path, so a child imports the code its parent runs (the
        # installed package), never a source copy that happens to sit where it was started.
        self._command = command or [sys.executable, "-P", "-m", "bot", "serve", "--answers"]
        self._children: list[subprocess.Popen[bytes] | None] = [None] * count
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self.metrics_dir = Path(tempfile.mkdtemp(prefix="precert-metrics-"))
        # Rung by the serving process's outbox after each request it writes (bot/runtime/doorbell.py).
        self.doorbell = Doorbell.made()

    def start(self) -> None:
        for slot in range(self.count):
            self._spawn(slot)
        threading.Thread(target=self._watch, name="answer-processes", daemon=True).start()
        log.info("answering in %d process(es) of its own", self.count)

    def _spawn(self, slot: int) -> None:
        env = {**os.environ, PARENT_ENV: str(os.getpid()), METRICS_ENV: str(self.metrics_dir), **self.doorbell.env()}
        # Their logs go where the parent's go (stderr, JSON lines); stdin and stdout are not theirs.
        child = subprocess.Popen(
            self._command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            pass_fds=[fd for fd in [self.doorbell.read_fd] if fd is not None],
        )
        with self._lock:
            self._children[slot] = child

    def _watch(self) -> None:
        while not self._stopping.wait(WATCH_SECONDS):
            for slot, child in enumerate(list(self._children)):
                if child is None or child.poll() is None:
                    continue
                multiprocess.mark_process_dead(child.pid, str(self.metrics_dir))
                if self._stopping.is_set():
                    return
                log.error("answer process %d exited with %s: starting another", child.pid, child.returncode)
                time.sleep(RESTART_DELAY_SECONDS)
                if not self._stopping.is_set():
                    self._spawn(slot)

    def reload(self) -> None:
        """Pass a SIGHUP on: each child reads and checks the documents folder itself, as the parent
        does, so a replica answers from one edition whichever process answers. A child still starting
        (no handler yet) is ended by it and started again, reading the folder anew: either way it
        answers from the new edition."""
        for pid in self.pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGHUP)

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return [c.pid for c in self._children if c is not None and c.poll() is None]

    def stop(self, deadline: float) -> int:
        """SIGTERM each child (each drains what it holds) and wait until `deadline` (monotonic); a child
        still running then is killed, its entries left in the stream. How many had to be killed."""
        self._stopping.set()
        with self._lock:
            children = [c for c in self._children if c is not None]
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        killed = 0
        for child in children:
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
                killed += 1
        shutil.rmtree(self.metrics_dir, ignore_errors=True)
        return killed


def parent_gone() -> bool:
    """In a child: whether the process that started it has exited (the child was adopted)."""
    expected = os.environ.get(PARENT_ENV)
    return bool(expected) and os.getppid() != int(expected)
