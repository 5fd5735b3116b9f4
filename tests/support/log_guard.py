"""The bot's logs hold no question text: the questions a test sent (AskedQuestions) are looked for in
everything logged meanwhile (LogCapture, each record formatted as production formats it)."""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from bot.runtime.logs import JsonFormatter


class AskedQuestions:
    """The questions a test sent to a bot; none of them may appear in what was logged meanwhile."""

    def __init__(self) -> None:
        self.texts: set[str] = set()

    def __call__(self, text: str) -> str:
        self.texts.add(text)
        return text


class LogCapture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []  # each record's message, then its JSON line
        self.entries: list[dict[str, Any]] = []  # each record's JSON line, parsed
        self._guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        formatted = self.format(record)
        with self._guard:
            self.lines.append(record.getMessage() + "\n" + formatted)
            self.entries.append(json.loads(formatted))

    def answers(self) -> list[dict[str, Any]]:
        """The log entries of answered questions."""
        return [e for e in self.entries if "intent" in e]
