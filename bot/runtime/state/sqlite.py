"""State kept on disk when REDIS_URL is unset: one SQLite file (the standard library's sqlite3, WAL
mode) in the data folder, PRECERT_DATA_DIR. It holds the outbox (bot/slack/outbox/sqlite.py), event
de-duplication and conversation context (here), and the per-person counts (bot/runtime/ratelimit/sqlite.py),
so a restarted replica answers what it owed and remembers what it had seen and said.

One replica per folder (a lock file says so at start); the processes of that replica (the serving
process and its answer processes, bot/runtime/answer_processes.py) write to the one file at once: each
thread has its own connection, writes are short `BEGIN IMMEDIATE` transactions, and a writer that
finds the file locked waits for it (in short steps, up to BUSY_TIMEOUT_SECONDS) instead of failing.

The folder is checked at start (it exists or can be made, is writable, has room, and takes WAL), so a
read-only or full folder is one clear line then, not a failure mid-answer. Should the disk fill later,
each store carries on from this process's memory, logs it once, and writes to the file again when it
can; /healthz says degraded meanwhile.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import random
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TypeVar

from pydantic import ValidationError

from bot.runtime.state.base import DEDUPE_TTL_SECONDS, is_starting
from bot.runtime.state.memory import MemoryDeduper
from intents.context import CONTEXT_TTL_SECONDS, Context, MemoryContextStore

# Jitter from a generator of its own, never the random module's shared state (bot/slack/delivery.py).
_JITTER = random.Random()

log = logging.getLogger("precert_bot.state")

DB_FILE = "precert-bot.sqlite3"
SERVE_LOCK = "serve.lock"  # held by the serving process: one replica per folder
ANSWERERS_LOCK = "answerers.lock"  # held (shared) by its answer processes while they run
# A writer waits this long for another's transaction (each takes well under a millisecond) before the
# store counts as failing; far above any wait two cores' worth of processes can cause.
BUSY_TIMEOUT_SECONDS = 5.0
BUSY_FIRST_WAIT_SECONDS = 0.0001
BUSY_MAX_WAIT_SECONDS = 0.002
# Below this much free space at start the folder is refused: the outbox can hold OUTBOX_CAPACITY
# requests of a few kilobytes each, plus the write-ahead log between checkpoints.
MIN_FREE_BYTES = 32 * 1024 * 1024
SWEEP_SECONDS = 60.0  # expired de-duplication keys, contexts and counts are deleted this often
SYNC_SECONDS = 1.0  # the write-ahead log is synced to the disk this often (see SqliteDb.connection)
SCHEMA_VERSION = 1
HEALTH_HOLD_SECONDS = 30.0  # /healthz says degraded until writes have succeeded this long

T = TypeVar("T")


class DataDirProblem(Exception):
    """The data folder can't hold the store; the message is one line naming the folder and why."""


def _trouble(error: sqlite3.Error) -> str:
    text = str(error).lower()
    if "full" in text:
        return "disk full"
    if "readonly" in text or "read-only" in text:
        return "read-only"
    if "locked" in text or "busy" in text:
        return "locked too long"
    if "unable to open" in text:
        return "cannot open the file"
    return type(error).__name__


def _waiting_while_busy(attempt: Callable[[], T]) -> T:
    """attempt(), again while another connection holds the file (a writer holds it well under a
    millisecond; a connection opening or closing the write-ahead log, briefly), in short steps.
    SQLite's own busy handler sleeps 1, 2, 5, 10… ms between tries: with three processes writing, the
    acknowledgements spent most of their time asleep behind locks long released."""
    waited, step = 0.0, BUSY_FIRST_WAIT_SECONDS
    while True:
        try:
            return attempt()
        except sqlite3.OperationalError as error:
            if waited >= BUSY_TIMEOUT_SECONDS or "locked" not in str(error):
                raise
        time.sleep(step * _JITTER.uniform(0.5, 1.5))  # jitter: waiters don't retry in step
        waited += step
        step = min(step * 2, BUSY_MAX_WAIT_SECONDS)


class SqliteDb:
    """The file, a connection per thread (and per durability), and the bookkeeping for failing over to
    memory. Shared by every SQLite backend of a process."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self.path = self.folder / DB_FILE
        self._local = threading.local()
        self._lock = threading.Lock()
        self._trouble: str | None = None
        self._sweeps: list[str] = []
        self._sweeper: threading.Thread | None = None
        self._held: list[IO[str]] = []
        self._last_failure = -HEALTH_HOLD_SECONDS

    @classmethod
    def open(cls, folder: Path | str) -> SqliteDb:
        """The store in `folder`, checked: DataDirProblem (one line) if it can't be used."""
        db = cls(folder)
        db.check()
        return db

    def _problem(self, why: str) -> DataDirProblem:
        return DataDirProblem(f"PRECERT_DATA_DIR {self.folder.resolve()} {why}")

    def check(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise self._problem("is not a folder")
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # the bot's alone: it holds questions
        except OSError as error:
            raise self._problem(f"cannot be created ({error.strerror})") from None
        free = shutil.disk_usage(self.folder).free
        if free < MIN_FREE_BYTES:
            raise self._problem(f"has {free // 2**20} MiB free; the bot needs at least {MIN_FREE_BYTES // 2**20} MiB")
        try:
            conn = self.connection()
            with self.write():
                pass  # waits out another process making the file at the same moment
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":  # e.g. a network file system without shared memory
                raise self._problem(f"does not support SQLite's WAL mode (got {mode})")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise self._problem(f"holds a store written by a newer precert-bot (schema {version})")
            with self.write() as c:  # a real write: a read-only folder or file fails here, not mid-answer
                c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.Error as error:
            raise self._problem(f"is not writable ({_trouble(error)}: {error})") from None

    # -- connections
    def connection(self) -> sqlite3.Connection:
        """This thread's connection. synchronous=NORMAL: a commit is in the write-ahead log before it
        returns (a killed process loses nothing), and the log is synced to the disk every SYNC_SECONDS
        by a checkpoint (a power cut loses at most that much, as Redis's `appendfsync everysec` does).
        FULL, a sync per commit, held the write lock through each fsync and cost a fifth of the
        throughput of a replica with answer processes (bench, "Slack throughput")."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path,
                timeout=0.0,
                isolation_level=None,
                check_same_thread=False,  # waits: _begin
            )
            # An answered question's row is overwritten, not just unlinked: message text may hold patient
            # identifiers, and is kept only until its answer is posted.
            for setting in ("PRAGMA synchronous=NORMAL", "PRAGMA secure_delete=ON"):
                _waiting_while_busy(lambda setting=setting: conn.execute(setting))
            self._local.conn = conn
        return conn

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A short write transaction, taking the write lock at once (BEGIN IMMEDIATE), so two
        processes never both read and then both try to upgrade."""
        conn = self.connection()
        self._begin(conn)
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def write_one(self, statement: str, parameters: Sequence[object] = ()) -> int:
        """One statement as a transaction of its own; how many rows it changed. SQLite takes the write
        lock and commits within the statement's single step, during which this thread has let go of
        the interpreter, so the lock is never held while the thread waits for the interpreter. Between
        a BEGIN and its COMMIT it was: a process's answer threads hold the interpreter for up to its
        switch interval each, and the serving process's acknowledgements waited ~3 ms each for the
        lock (bench "Slack throughput", embedded store). Not for a statement that returns rows
        (RETURNING): its transaction stays open until they are read."""
        conn = self.connection()
        return _waiting_while_busy(lambda: conn.execute(statement, parameters)).rowcount

    def read(self, query: str, parameters: Sequence[object] = ()) -> list[tuple]:
        """The rows of one query outside a transaction. A reader of the write-ahead log meets a busy
        file too, for a moment (another process's connection recovering or removing the log as it opens
        or closes it): with no wait it failed at once, and one such moment under load put the whole
        store "failing" (ERROR in the log, this process on memory)."""
        conn = self.connection()
        return _waiting_while_busy(lambda: conn.execute(query, parameters).fetchall())

    @staticmethod
    def _begin(conn: sqlite3.Connection) -> None:
        """BEGIN IMMEDIATE, waiting for another writer's transaction."""
        _waiting_while_busy(lambda: conn.execute("BEGIN IMMEDIATE"))

    def ensure(self, schema: str) -> None:
        """Create a backend's tables if they are missing (at start: a failure is a DataDirProblem)."""
        try:
            with self.write() as conn:
                for statement in filter(str.strip, schema.split(";")):
                    conn.execute(statement)
        except sqlite3.Error as error:
            raise self._problem(f"is not writable ({_trouble(error)}: {error})") from None

    # -- failing over
    def call(self, command: Callable[[], T], fallback: Callable[[], T], *, writes: bool = True) -> T:
        """`command()`; `fallback()` when SQLite fails (a disk that filled, a file made read-only).
        writes=False: a read, which succeeds on a full disk and so says nothing about recovery."""
        try:
            result = command()
        except sqlite3.Error as error:
            self.failed(error)
            return fallback()
        if writes and self._trouble is not None:
            self.succeeded()
        return result

    @property
    def up(self) -> bool:
        """No write failed for HEALTH_HOLD_SECONDS: a disk that has a little room now and then (a
        delete frees a page) doesn't make /healthz flap."""
        return self._trouble is None and time.monotonic() - self._last_failure >= HEALTH_HOLD_SECONDS

    @property
    def trouble(self) -> str | None:
        """Why writes are failing now (None: they are not)."""
        return self._trouble

    def failed(self, error: sqlite3.Error) -> None:
        trouble = _trouble(error)
        with self._lock:
            was, self._trouble = self._trouble, trouble
            self._last_failure = time.monotonic()
        if was != trouble:
            log.error(
                "sqlite store failing (%s): using this process's memory until it can write again",
                trouble,
                extra={"sqlite": trouble},
            )

    def succeeded(self) -> None:
        with self._lock:
            was, self._trouble = self._trouble, None
        if was is not None:
            log.info("sqlite store writable again", extra={"sqlite": "up"})

    # -- expiry
    def on_sweep(self, statement: str) -> None:
        """Run `statement` (one `?`: the time now) every SWEEP_SECONDS to delete what expired."""
        with self._lock:
            self._sweeps.append(statement)
            if self._sweeper is None:
                self._sweeper = threading.Thread(target=self._sweep_loop, name="precert-sweep", daemon=True)
                self._sweeper.start()

    def sweep(self) -> None:
        now = time.time()
        for statement in list(self._sweeps):
            with self.write() as conn:
                conn.execute(statement, (now,))

    def sync(self) -> None:
        """Sync the write-ahead log to the disk (and copy what it can into the file): a PASSIVE
        checkpoint, which waits for no reader or writer."""
        self.connection().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()

    def _sweep_loop(self) -> None:
        swept = 0.0
        while True:
            if time.monotonic() - swept >= SWEEP_SECONDS:
                self.call(self.sweep, lambda: None)
                swept = time.monotonic()
            self.call(self.sync, lambda: None)
            time.sleep(SYNC_SECONDS)

    # -- one replica per folder
    def _flock(self, name: str, mode: int, wait: float) -> IO[str] | None:
        handle = open(self.folder / name, "a+")  # noqa: SIM115 - held open for as long as the lock is
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), mode | fcntl.LOCK_NB)
                return handle
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.close()
                    return None
                time.sleep(0.05)

    def serve_alone(self) -> None:
        """Hold the folder for this serving process; DataDirProblem if another holds it."""
        handle = self._flock(SERVE_LOCK, fcntl.LOCK_EX, 0.0)
        if handle is None:
            raise self._problem(
                "is in use by another `precert-bot serve`: one replica per data folder (set REDIS_URL for more)"
            )
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._held.append(handle)

    def join_answerers(self) -> None:
        """In an answer process: say so (a shared lock), until it exits."""
        handle = self._flock(ANSWERERS_LOCK, fcntl.LOCK_SH, BUSY_TIMEOUT_SECONDS)
        if handle is not None:
            self._held.append(handle)

    def wait_for_answerers(self, timeout: float) -> bool:
        """At a serving process's start: wait until no answer process of an earlier one is running
        (one outlives a killed parent by its drain); then what they held can be taken again."""
        handle = self._flock(ANSWERERS_LOCK, fcntl.LOCK_EX, timeout)
        if handle is None:
            return False
        handle.close()
        return True


def claim_keys(conn: sqlite3.Connection, keys: Sequence[str], now: float, ttl: float) -> bool:
    """In a write transaction: set the de-duplication keys, unless one is set already (then False)."""
    if not keys:
        return True
    marks = ",".join("?" * len(keys))
    if conn.execute(f"SELECT 1 FROM dedupe WHERE key IN ({marks}) AND expires > ? LIMIT 1", [*keys, now]).fetchone():
        return False
    conn.executemany("INSERT OR REPLACE INTO dedupe (key, expires) VALUES (?, ?)", [(k, now + ttl) for k in keys])
    return True


DEDUPE_SCHEMA = "CREATE TABLE IF NOT EXISTS dedupe (key TEXT PRIMARY KEY, expires REAL NOT NULL) WITHOUT ROWID;"
CONTEXT_SCHEMA = """CREATE TABLE IF NOT EXISTS context (
  conversation TEXT PRIMARY KEY, data TEXT NOT NULL, expires REAL NOT NULL
) WITHOUT ROWID;"""


class SqliteDeduper:
    """A key per event, with its expiry (wall-clock time, so it holds across restarts)."""

    def __init__(self, db: SqliteDb, ttl: float = DEDUPE_TTL_SECONDS, clock: Callable[[], float] = time.time):
        self._db, self._ttl, self._clock = db, ttl, clock
        db.ensure(DEDUPE_SCHEMA)
        db.on_sweep("DELETE FROM dedupe WHERE expires <= ?")
        self._local = MemoryDeduper(ttl=ttl)

    def first_time(self, key: str) -> bool:
        def claim() -> bool:
            with self._db.write() as conn:
                return claim_keys(conn, [key], self._clock(), self._ttl)

        return self._db.call(claim, lambda: self._local.first_time(key))


class SqliteContextStore:
    """Contexts as `Context.model_dump_json()` with their expiry: a thread's follow-up after a restart
    reads the context its question left."""

    def __init__(self, db: SqliteDb, ttl: float = CONTEXT_TTL_SECONDS, clock: Callable[[], float] = time.time):
        self._db, self._ttl, self._clock = db, ttl, clock
        db.ensure(CONTEXT_SCHEMA)
        db.on_sweep("DELETE FROM context WHERE expires <= ?")
        self._local = MemoryContextStore(ttl=ttl)

    def get(self, conversation_id: str) -> Context | None:
        if is_starting(conversation_id):
            return None

        def read() -> str | None:
            query = "SELECT data FROM context WHERE conversation = ? AND expires > ?"
            rows = self._db.read(query, (conversation_id, self._clock()))
            return rows[0][0] if rows else None

        raw = self._db.call(read, lambda: None, writes=False)
        if raw is None:
            return self._local.get(conversation_id)
        try:
            return Context.model_validate_json(raw)
        except ValidationError:
            # Written by another version of the bot: no context beats a wrong one.
            log.warning("unreadable conversation context in the sqlite store: ignored")
            return None

    def put(self, conversation_id: str, context: Context) -> None:
        data = context.model_dump_json()

        def write() -> None:
            self._db.write_one(
                "INSERT OR REPLACE INTO context (conversation, data, expires) VALUES (?, ?, ?)",
                (conversation_id, data, self._clock() + self._ttl),
            )

        self._db.call(write, lambda: self._local.put(conversation_id, context))
