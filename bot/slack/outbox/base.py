"""What every outbox backend shares: the protocol, the outcome of a put, and the sizes."""

from __future__ import annotations

import enum
import os
import socket
import threading
import uuid
from collections.abc import Callable, Sequence
from typing import Protocol

from bot.slack.incoming import Incoming

# Answer threads per replica. Few, on purpose: each answer is CPU for a few milliseconds, and more
# threads holding the GIL made the acknowledging threads wait (bench, "Slack throughput": with 16,
# ack p50 6.9x the minimal Bolt app's; with 4, about 1.1x). Waits on Slack (Retry-After) hold a
# thread, but Slack's limit is the app's, so more threads would only wait alongside.
ANSWER_WORKERS = 4
# At a drain nothing is acknowledged any more, and what is left is mostly waiting on Slack: this many
# threads post at once, so a slow Slack (3 s a post) still gets ~10 answers a second, not ~1.3.
DRAIN_WORKERS = 32
# Questions waiting beyond this are answered with the overload notice: at a few ms per answer, a full
# outbox means Slack itself is refusing posts, and a question answered an hour late is no answer.
OUTBOX_CAPACITY = 2000
CLAIM_IDLE_SECONDS = 60.0  # an entry no process touched for this long is taken over

Run = Callable[[Incoming], None]


class Put(enum.Enum):
    QUEUED = "queued"
    REPEATED = "repeated"  # a key was already set: answered (or being answered) elsewhere
    FULL = "full"  # keys set, nothing queued: the asker gets the overload notice


class Outbox(Protocol):
    def put(self, request: Incoming, keys: Sequence[str] = ()) -> Put: ...

    def start(self, run: Run) -> None: ...

    def wait_idle(self, timeout: float) -> bool:
        """True once nothing is queued or being answered (by anyone sharing the outbox)."""
        ...

    def drain(self, deadline: float) -> int:
        """Stop taking work, finish what is in hand until `deadline` (monotonic); how many were left."""
        ...

    @property
    def stopping(self) -> threading.Event:
        """Set when a drain reached its deadline: deliveries stop waiting (bot/slack/delivery.py)."""
        ...


def consumer_name() -> str:
    """This process, among those reading one outbox: unique even when two replicas share a hostname."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
