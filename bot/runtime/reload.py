"""Load a new edition of the documents without a restart: on SIGHUP the bot reads the documents folder
again, runs the same check as `precert-bot kb check`, and swaps the knowledge base in one step if it
passes. If it fails, the bot keeps answering from the edition it has and logs each problem."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from bot.runtime.privacy import allow_phones_of
from intents.engine import Engine
from knowledge.kb import check
from knowledge.manifest import sources_dir

log = logging.getLogger("precert_bot.reload")


class Reloader:
    def __init__(self, engine: Engine, directory: Path | None = None, also: Callable[[], None] | None = None):
        """also: run on each SIGHUP as well (a parent passes it on to its answer processes, which
        reload the folder themselves)."""
        self.engine = engine
        self.directory = directory
        self.also = also
        self._lock = threading.Lock()  # one reload at a time; a second HUP during one waits its turn

    def reload(self) -> bool:
        """Read, check, swap. True when the new edition is now answering."""
        with self._lock:
            directory = self.directory or sources_dir()
            try:
                kb, problems = check(directory)
            except Exception as error:  # a reload must never take the bot down
                kb, problems = None, [f"{type(error).__name__}: {error}"]
            if kb is None:
                for problem in problems:
                    log.error("reload refused: %s", problem)
                log.error(
                    "reload refused: %d problem(s) in %s; still answering from the loaded edition",
                    len(problems),
                    directory,
                )
                return False
            allow_phones_of(kb)
            self.engine.swap(kb)
            editions = ", ".join(f"{e['id']} ({e['date']})" for e in kb.editions())
            log.info("reloaded %s: %s", directory, editions)
            return True

    def on_signal(self, signum: int, frame: FrameType | None) -> None:
        # The handler runs on the main thread between bytecodes: the work goes to a thread of its own.
        threading.Thread(target=self.reload, name="precert-reload", daemon=True).start()
        if self.also is not None:
            self.also()

    def install(self) -> None:
        # Signal handlers can only be set from the main thread (an embedding host or a test may run
        # the bot on another; it can call reload() itself).
        if hasattr(signal, "SIGHUP") and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGHUP, self.on_signal)
