"""The SQLite store itself (bot/runtime/state/sqlite.py, bot/slack/outbox/sqlite.py,
bot/runtime/ratelimit/sqlite.py) on real files: several processes writing and reading one file at once,
what outlives a reopening, and a data folder that can't hold it refused at start with one clear line."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.runtime.ratelimit import SqliteRateLimiter
from bot.runtime.state import DataDirProblem, SqliteDb, make_stores
from bot.runtime.state.base import starting
from bot.runtime.state.sqlite import DB_FILE, MIN_FREE_BYTES
from bot.slack.incoming import Incoming
from bot.slack.outbox import Put, SqliteOutbox
from intents.context import Context
from tests.support.bot_server import BOT_TOKEN
from tests.support.signing import SIGNING_SECRET

ROOT = Path(__file__).resolve().parents[3]
WRITERS = 4
EVENTS = 150
WAIT_SECONDS = 60.0  # a deadline for the processes, not a measurement
KEYTRUDA = Context(intent="drug_precert", programs=["evicore_oncology"], drug_ids=["keytruda"])


def request(n: int) -> Incoming:
    return Incoming("app_mention", f"Ev{n:06d}", {"event": {"channel": "C0", "ts": f"1.{n}"}}, acked_at=1.0)


def _noon() -> float:
    """One fixed moment: every count lands in one window, however long the processes take."""
    return 4_000_000_000.0  # ahead of the clock: the sweep of old windows leaves it


def _write(folder: str, results: multiprocessing.Queue) -> None:
    """One writer process: every event, contested by all of them, put once each; a count per event."""
    db = SqliteDb(folder)
    outbox = SqliteOutbox(db, read_stream=False)
    limiter = SqliteRateLimiter(db, limit=10**6, clock=_noon)
    puts = Counter(outbox.put(request(n), [f"event:{n}"]).value for n in range(EVENTS))
    for _ in range(EVENTS):
        limiter.allow("T0:U0NURSE")
    results.put((dict(puts), db.up))


def _read(folder: str, results: multiprocessing.Queue) -> None:
    """One answer process: answers what it takes from the shared table until none is left."""
    answered: list[str] = []
    lock = threading.Lock()

    def run(incoming: Incoming) -> None:
        with lock:
            answered.append(incoming.request_id)

    outbox = SqliteOutbox(SqliteDb(folder))
    outbox.start(run)
    outbox.wait_idle(WAIT_SECONDS)
    outbox.drain(0.0)
    results.put(answered)


def _in_processes(target: object, folder: Path, count: int) -> list:
    spawn = multiprocessing.get_context("spawn")
    results = spawn.Queue()
    processes = [spawn.Process(target=target, args=(str(folder), results)) for _ in range(count)]
    for process in processes:
        process.start()
    found = [results.get(timeout=WAIT_SECONDS) for _ in processes]
    for process in processes:
        process.join(WAIT_SECONDS)
        assert process.exitcode == 0
    return found


def test_processes_writing_and_reading_one_file_at_once_lose_and_repeat_nothing(data_dir: Path) -> None:
    SqliteDb.open(data_dir)
    written = _in_processes(_write, data_dir, WRITERS)
    assert all(up for _, up in written)  # no writer ever found the file locked for too long
    queued = sum(puts.get(Put.QUEUED.value, 0) for puts, _ in written)
    repeated = sum(puts.get(Put.REPEATED.value, 0) for puts, _ in written)
    assert (queued, repeated) == (EVENTS, EVENTS * (WRITERS - 1))  # each event queued by exactly one
    limiter = SqliteRateLimiter(SqliteDb(data_dir), limit=EVENTS * WRITERS + 1, clock=_noon)
    assert limiter.allow("T0:U0NURSE") and not limiter.allow("T0:U0NURSE")  # every count was kept

    answered = [n for found in _in_processes(_read, data_dir, 2) for n in found]
    assert Counter(answered) == Counter(request(n).request_id for n in range(EVENTS))


def test_threads_putting_at_once_are_written_together_each_exactly_once(data_dir: Path) -> None:
    """The serving process's threads share transactions (a group commit): every copy of an event but
    one is a repeat, each queued request is a row of its own, and every put returns its own outcome."""
    outbox = SqliteOutbox(SqliteDb.open(data_dir), read_stream=False)
    start = threading.Barrier(WRITERS * 2)
    outcomes: list[tuple[int, Put]] = []
    lock = threading.Lock()

    def write(copy: int) -> None:
        start.wait()
        for n in range(EVENTS):
            outcome = outbox.put(request(n), [f"event:{n}"])
            with lock:
                outcomes.append((n, outcome))

    threads = [threading.Thread(target=write, args=(c,)) for c in range(WRITERS * 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    queued = Counter(n for n, outcome in outcomes if outcome is Put.QUEUED)
    assert len(outcomes) == EVENTS * WRITERS * 2 and queued == Counter(range(EVENTS))
    assert outbox.backlog() == EVENTS


def test_a_single_statement_write_waits_out_another_writer(data_dir: Path) -> None:
    db = SqliteDb.open(data_dir)
    db.ensure("CREATE TABLE IF NOT EXISTS probe (n INTEGER)")
    other = SqliteDb(data_dir)
    holding = threading.Event()

    def hold() -> None:
        with other.write() as conn:
            conn.execute("INSERT INTO probe VALUES (1)")
            holding.set()
            threading.Event().wait(0.3)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(WAIT_SECONDS)
    assert db.write_one("INSERT INTO probe VALUES (2)") == 1  # waited for the lock instead of failing
    holder.join(WAIT_SECONDS)
    assert sorted(n for (n,) in db.connection().execute("SELECT n FROM probe")) == [1, 2]


def _held_alone(folder: Path) -> sqlite3.Connection:
    """A connection holding the file alone for now (exclusive locking of the write-ahead log), as a
    connection of another process does for a moment while it recovers or removes the log."""
    conn = sqlite3.connect(folder / DB_FILE, isolation_level=None, check_same_thread=False)
    conn.execute("CREATE TABLE probe (n INTEGER)")
    conn.execute("INSERT INTO probe VALUES (1)")
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("INSERT INTO probe VALUES (2)")
    return conn


def test_a_read_waits_out_a_file_held_for_a_moment_instead_of_failing(tmp_path: Path) -> None:
    holder = _held_alone(tmp_path)
    assert _is_locked(lambda: sqlite3.connect(tmp_path / DB_FILE, timeout=0).execute("SELECT n FROM probe"))
    threading.Timer(0.2, holder.close).start()
    db = SqliteDb(tmp_path)  # its connection is opened while the file is held, too
    assert db.read("SELECT n FROM probe ORDER BY n") == [(1,), (2,)]
    assert db.trouble is None


def _is_locked(attempt: Callable[[], object]) -> bool:
    try:
        attempt()
    except sqlite3.OperationalError as error:
        return "locked" in str(error)
    return False


def test_context_and_de_duplication_outlive_the_process(data_dir: Path) -> None:
    stores = make_stores(None, data_dir)
    assert stores.backend == "sqlite"
    stores.contexts.put("T0:C0:1.1", KEYTRUDA)
    assert stores.deduper.first_time("event:Ev1")
    reopened = make_stores(None, data_dir)  # what a restarted process opens
    assert reopened.contexts.get("T0:C0:1.1") == KEYTRUDA
    assert not reopened.deduper.first_time("event:Ev1")
    assert reopened.deduper.first_time("event:Ev2")


def test_a_conversation_being_started_is_not_read(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stores = make_stores(None, data_dir)
    assert stores.db is not None
    stores.contexts.put("T0:C0:1.1", KEYTRUDA)  # as a replayed question's own first answer left it
    reads: list[str] = []
    call = stores.db.call

    test_thread = threading.get_ident()

    def counted(command: Callable[[], Any], fallback: Callable[[], Any], **kw: Any) -> Any:
        # Only this thread's calls: the store's sweeper thread also calls the database, and on a
        # busy machine its sweep landed inside the block and was counted as a read.
        if threading.get_ident() == test_thread:
            reads.append("read")
        return call(command, fallback, **kw)

    monkeypatch.setattr(stores.db, "call", counted)

    with starting("T0:C0:1.1"):
        assert stores.contexts.get("T0:C0:1.1") is None  # the message starts it: nothing before
        assert reads == []
        assert stores.contexts.get("T0:C0:2.2") is None  # any other conversation is read
        assert reads == ["read"]
    assert stores.contexts.get("T0:C0:1.1") == KEYTRUDA


def _put_and_hang(folder: str, results: multiprocessing.Queue) -> None:
    """A serving process that acknowledged a request and hangs answering it (until it is killed)."""
    outbox = SqliteOutbox(SqliteDb(folder))
    outbox.start(lambda incoming: threading.Event().wait())
    results.put(outbox.put(request(1), ["event:1"]).value)
    threading.Event().wait()


def test_a_restarted_outbox_hands_back_what_was_owed_to_be_checked_first(data_dir: Path) -> None:
    SqliteDb.open(data_dir)
    spawn = multiprocessing.get_context("spawn")
    results = spawn.Queue()
    killed = spawn.Process(target=_put_and_hang, args=(str(data_dir), results))
    killed.start()
    assert results.get(timeout=WAIT_SECONDS) == Put.QUEUED.value
    killed.kill()
    killed.join(WAIT_SECONDS)

    answered: list[Incoming] = []
    second = SqliteOutbox(SqliteDb.open(data_dir))
    assert second.recover() == 1
    second.start(answered.append)
    assert second.wait_idle(WAIT_SECONDS)
    # It may have been posted before the kill: the answer looks in the thread before posting.
    assert [(a.request_id, a.recheck) for a in answered] == [("Ev000001", True)]
    assert second.put(request(1), ["event:1"]) is Put.REPEATED


def serve_once(data_dir: Path | str) -> subprocess.CompletedProcess[str]:
    """`serve --http` with this data folder; it is expected to refuse to start."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REDIS_"))}
    env |= {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
        "PRECERT_DATA_DIR": str(data_dir),
    }
    command = [sys.executable, "-m", "bot", "serve", "--http", "--port", "0"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=WAIT_SECONDS)


def _mount(target: Path, *options: str) -> None:
    """A tmpfs of its own at `target` (root only): a read-only or a nearly full disk for real."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a file system needs root")
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(target)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")


@pytest.fixture
def mounts() -> Iterator[list[Path]]:
    mounted: list[Path] = []
    yield mounted
    for target in mounted:
        subprocess.run(["umount", "--lazy", str(target)], check=False)  # this process may hold files there


def test_a_read_only_data_folder_is_refused_at_start_in_one_line(tmp_path: Path, mounts: list[Path]) -> None:
    folder = tmp_path / "read-only"
    if os.geteuid() == 0:
        _mount(folder, "ro", "size=64m")  # root writes through permissions: a read-only file system
        mounts.append(folder)
    else:
        folder.mkdir()
        folder.chmod(0o555)
    with pytest.raises(DataDirProblem, match="is not writable"):
        SqliteDb.open(folder)
    refused = serve_once(folder)
    assert refused.returncode == 2
    assert refused.stderr.startswith(f"precert-bot: PRECERT_DATA_DIR {folder} is not writable")
    assert "Traceback" not in refused.stderr


def test_a_full_disk_is_refused_at_start_in_one_line(tmp_path: Path, mounts: list[Path]) -> None:
    folder = tmp_path / "small"
    _mount(folder, f"size={MIN_FREE_BYTES // 2}")
    mounts.append(folder)
    refused = serve_once(folder)
    assert refused.returncode == 2
    assert f"PRECERT_DATA_DIR {folder} has" in refused.stderr and "MiB free" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_data_folder_that_is_a_file_or_in_use_is_refused(tmp_path: Path, data_dir: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    assert serve_once(a_file).stderr.startswith(f"precert-bot: PRECERT_DATA_DIR {a_file} is not a folder")
    holder = SqliteDb.open(data_dir)
    holder.serve_alone()  # as another replica's serving process does
    assert "is in use by another `precert-bot serve`" in serve_once(data_dir).stderr


def test_a_disk_that_fills_later_costs_durability_not_answers(tmp_path: Path, mounts: list[Path]) -> None:
    folder = tmp_path / "filling"
    _mount(folder, f"size={MIN_FREE_BYTES * 2}")
    mounts.append(folder)
    stores = make_stores(None, folder)
    assert stores.db is not None
    outbox = SqliteOutbox(stores.db)
    answered: list[str] = []
    outbox.start(lambda incoming: answered.append(incoming.request_id))
    with (folder / "ballast").open("wb", buffering=0) as out:  # every byte left, filled
        for chunk in (2**20, 4096, 1):
            try:
                while True:
                    out.write(b"\0" * chunk)
            except OSError:
                pass
    puts = [outbox.put(request(n), [f"event:{n}"]) for n in range(200)]
    contexts = [stores.contexts.put(f"T0:C0:{n}", KEYTRUDA) for n in range(200)]
    assert set(puts) == {Put.QUEUED} and len(contexts) == 200
    assert outbox.wait_idle(WAIT_SECONDS)
    assert sorted(answered) == sorted(request(n).request_id for n in range(200))
    assert not stores.db.up and stores.degraded()  # /healthz says so
    assert outbox.put(request(0), ["event:0"]) is Put.REPEATED  # remembered in memory meanwhile
