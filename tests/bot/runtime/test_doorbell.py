"""The doorbell between a serving process and its answer processes (bot/runtime/doorbell.py): a ring
wakes a waiting reader at once, across processes too; nothing rung is a plain wait; rings never block;
a bell whose ringer is gone waits out its timeouts instead of spinning. And the data folder's outbox
rings it: a request written for the answer processes is taken at once, not at the reader's next look."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.runtime.doorbell import Doorbell
from bot.runtime.metrics import Metrics
from bot.runtime.state import SqliteDb
from bot.slack.incoming import Incoming
from bot.slack.outbox import Put, SqliteOutbox
from bot.slack.outbox import sqlite as sqlite_outbox

LONG_WAIT = 8.0  # what a reader would wait without the ring: the tests see the ring end it far sooner
RUNG_WITHIN = 2.0  # generous for a loaded machine, well under LONG_WAIT


def test_a_ring_wakes_a_waiting_reader_at_once() -> None:
    bell = Doorbell.made()
    threading.Timer(0.1, bell.ring).start()
    started = time.monotonic()
    assert bell.wait(LONG_WAIT) is True
    assert time.monotonic() - started < RUNG_WITHIN


def test_without_a_ring_a_wait_lasts_its_timeout_and_rings_heard_are_taken() -> None:
    bell = Doorbell.made()
    bell.ring()
    bell.ring()
    assert bell.wait(LONG_WAIT) is True  # both rings heard at once
    started = time.monotonic()
    assert bell.wait(0.1) is False  # nothing left over from them
    assert time.monotonic() - started >= 0.09


def test_rings_never_block_when_nobody_listens() -> None:
    bell = Doorbell.made()
    for _ in range(200_000):  # far past what a pipe holds
        bell.ring()
    assert bell.wait(0.0) is True


def test_a_bell_whose_ringer_is_gone_waits_instead_of_spinning() -> None:
    read_fd, write_fd = os.pipe()
    bell = Doorbell(read_fd)
    os.close(write_fd)
    started = time.monotonic()
    assert [bell.wait(0.1), bell.wait(0.1), bell.wait(0.1)] == [False, False, False]
    assert time.monotonic() - started >= 0.25


def test_an_answer_process_hears_the_bell_it_inherited() -> None:
    bell = Doorbell.made()
    probe = (
        "import time; from bot.runtime.doorbell import Doorbell; b = Doorbell.inherited(); "
        f"print('ready', flush=True); t = time.monotonic(); r = b.wait({LONG_WAIT}); print(r, time.monotonic() - t)"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", probe],
        env={**os.environ, **bell.env()},
        pass_fds=[bell.read_fd],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    time.sleep(0.1)
    bell.ring()
    rung, seconds = child.stdout.readline().split()
    child.wait(LONG_WAIT)
    assert rung == "True" and float(seconds) < RUNG_WITHIN


def test_nothing_inherited_is_no_bell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRECERT_DOORBELL_FD", raising=False)
    assert Doorbell.inherited() is None
    monkeypatch.setenv("PRECERT_DOORBELL_FD", "987654")  # a descriptor this process doesn't have
    assert Doorbell.inherited() is None


def test_a_request_written_for_the_answer_processes_is_taken_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reader's looks for work are LONG_WAIT apart: only the ring can bring the request sooner.
    monkeypatch.setattr(sqlite_outbox, "POLL_MIN_SECONDS", LONG_WAIT)
    monkeypatch.setattr(sqlite_outbox, "POLL_MAX_SECONDS", LONG_WAIT)
    bell = Doorbell.made()
    writer = SqliteOutbox(SqliteDb.open(tmp_path), Metrics(), read_stream=False, doorbell=bell)
    reader = SqliteOutbox(SqliteDb.open(tmp_path), Metrics(), doorbell=Doorbell(bell.read_fd))
    answered = threading.Event()
    reader.start(lambda request: answered.set())
    time.sleep(0.2)  # the reader has looked, found nothing, and waits
    try:
        started = time.monotonic()
        assert writer.put(Incoming("app_mention", "Ev1", {"event": {"channel": "C0", "ts": "1.1"}})) is Put.QUEUED
        assert answered.wait(LONG_WAIT) and time.monotonic() - started < RUNG_WITHIN
    finally:
        reader.drain(time.monotonic() + 1.0)
