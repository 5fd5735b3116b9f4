"""A doorbell from a serving process to its answer processes (bot/runtime/answer_processes.py).

The data folder's outbox (bot/slack/outbox/sqlite.py) is a table the answer processes read; between
looks that found nothing they wait, twice as long each time (up to POLL_MAX_SECONDS there). A request
written meanwhile waited for the next look: under a steady load that wait was most of a reply's time
(bench "Slack throughput", one replica with the embedded store: 0.62x the minimal app's events/s with
the waits, 0.75x with looks every millisecond). So the serving process rings (a byte into a pipe the
answer processes inherited) after each request it writes, and a waiting answer process wakes at once;
the looks stay, doubling, for whatever a ring misses.

Rings never block: a pipe full of unheard rings (every answer process busy) drops the new ones, and
the next look finds the rows anyway. An answer process whose parent is gone sees the pipe closed and
waits out its timeouts again, until it notices and stops.
"""

from __future__ import annotations

import contextlib
import os
import select
import time

DOORBELL_ENV = "PRECERT_DOORBELL_FD"  # the read end's descriptor number, in an answer process
_DRAIN_BYTES = 65536


class Doorbell:
    def __init__(self, read_fd: int | None = None, write_fd: int | None = None):
        self.read_fd, self._write_fd = read_fd, write_fd
        for fd in (read_fd, write_fd):
            if fd is not None:
                os.set_blocking(fd, False)

    @classmethod
    def made(cls) -> Doorbell:
        """A new bell, in the serving process: `read_fd` goes to the answer processes (`env`)."""
        read_fd, write_fd = os.pipe()
        return cls(read_fd, write_fd)

    @classmethod
    def inherited(cls) -> Doorbell | None:
        """The bell an answer process was started with, if any."""
        value = os.environ.get(DOORBELL_ENV, "")
        if not value.isdigit():
            return None
        try:
            os.fstat(int(value))
        except OSError:
            return None
        return cls(int(value))

    def env(self) -> dict[str, str]:
        return {DOORBELL_ENV: str(self.read_fd)} if self.read_fd is not None else {}

    def ring(self) -> None:
        if self._write_fd is None:
            return
        # Full (nobody listening now) or closed: the next look finds the work.
        with contextlib.suppress(OSError):
            os.write(self._write_fd, b"\0")

    def wait(self, timeout: float) -> bool:
        """Wait until rung or `timeout` seconds have passed; True when rung. Every ring heard so far is
        taken, so the next wait waits for a new one."""
        if self.read_fd is None:
            time.sleep(timeout)
            return False
        readable, _, _ = select.select([self.read_fd], [], [], timeout)
        if not readable:
            return False
        try:
            heard = os.read(self.read_fd, _DRAIN_BYTES)
        except BlockingIOError:  # another answer process took these rings: there's work all the same
            return True
        except OSError:
            heard = b""
        if not heard:  # the serving process is gone: no more rings, plain waits from now on
            self.read_fd = None
            time.sleep(timeout)
            return False
        return True
