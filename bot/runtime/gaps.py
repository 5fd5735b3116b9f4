"""What the bot understood of a question it could not answer: the questions that ended in 'I'm not sure'
or 'did you mean', described by intent, topic and the passages it came nearest, never by their words.

The maintainers of the documents folder read these counts (`precert-bot kb gaps`) to see which
questions people ask that questions.toml and thesaurus.toml don't yet know, the review loop a
conversation-review tool gives a retrieval bot, without keeping what anyone typed. A question's text
is kept only when LOG_MESSAGE_TEXT is on, and then with patient identifiers masked (bot/runtime/privacy.py).

Where: one line of JSON per question in gaps.jsonl in the data folder (PRECERT_DATA_DIR, ./var by default). Appending a
short line is atomic, so every answer process of a replica writes to one file with no lock; `kb gaps`
adds the lines up. A store is anything with `record` and `read`: the in-memory one serves tests and a
bot with no folder to write to.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from intents.answer import Answer
from intents.reading.search import DocumentSearch
from knowledge.passages import Passage

# What an unanswered question is, by how it ended.
UNSURE = "unsure"  # no passage clearly answered: the nearest were offered
NOT_SAID = "not said"  # nothing in the documents is near it
DID_YOU_MEAN = "did you mean"  # a name that could be several drugs: candidates were offered
MAX_CANDIDATES = 3


class Gap(BaseModel):
    """One unanswered question, as understood."""

    model_config = ConfigDict(frozen=True)

    kind: str
    intent: str
    topics: tuple[str, ...] = ()  # thesaurus groups and programs the question named
    candidates: tuple[str, ...] = ()  # passages offered (source:lines), or drugs offered
    text: str | None = None  # only with LOG_MESSAGE_TEXT on, masked

    def key(self) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
        return (self.kind, self.intent, self.topics, self.candidates)


def gap_of(answer: Answer, search: DocumentSearch, passages: tuple[Passage, ...]) -> Gap | None:
    """The gap an answer leaves, or None when it answered (or said a name is in no document: a drug
    the lists lack is not a question the documents folder can learn, and its name is what was typed)."""
    if answer.status == "clarify":
        names = tuple(c.name for c in answer.candidates[:MAX_CANDIDATES])
        return Gap(kind=DID_YOU_MEAN, intent=answer.intent, topics=_topics(answer, search), candidates=names)
    if answer.status != "out_of_scope":
        return None
    by_line = {(p.source, c.line): p.id for p in passages for c in p.citations}
    offered = [by_line.get((c.source, c.line)) for s in answer.statements for c in s.citations]
    candidates = tuple(dict.fromkeys(p for p in offered if p))[:MAX_CANDIDATES]
    kind = UNSURE if candidates else NOT_SAID
    return Gap(kind=kind, intent=answer.intent, topics=_topics(answer, search), candidates=candidates)


def _topics(answer: Answer, search: DocumentSearch) -> tuple[str, ...]:
    """The thesaurus's groups the question named and the programs whose team it was given: the
    documents folder's own names, never the asker's words."""
    groups = search.thesaurus.groups_in(answer.question)
    programs = [c.program for c in answer.contacts if c.program]
    return tuple(dict.fromkeys([*groups, *programs]))


log = logging.getLogger("precert_bot.gaps")

DATA_DIR_ENV = "PRECERT_DATA_DIR"
DEFAULT_DATA_DIR = "var"
GAPS_FILE = "gaps.jsonl"
MAX_EXAMPLES = 3  # masked questions shown per row, when LOG_MESSAGE_TEXT kept them


class GapLog(Protocol):
    def record(self, gap: Gap) -> None: ...

    def read(self) -> Iterable[Gap]: ...


class MemoryGapLog:
    def __init__(self) -> None:
        self.gaps: list[Gap] = []

    def record(self, gap: Gap) -> None:
        self.gaps.append(gap)

    def read(self) -> Iterable[Gap]:
        return list(self.gaps)


class FileGapLog:
    """gaps.jsonl in a folder. A write that fails (a full or read-only disk) is logged once and
    skipped: counting what went unanswered must never cost an answer."""

    def __init__(self, folder: Path):
        self.path = folder / GAPS_FILE
        self._failed = False

    def record(self, gap: Gap) -> None:
        line = gap.model_dump_json(exclude_none=True) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line.encode("utf-8"))
            finally:
                os.close(fd)
        except OSError as error:
            if not self._failed:
                log.warning("gaps: cannot write %s (%s): unanswered questions are not counted", self.path, error)
            self._failed = True

    def read(self) -> Iterable[Gap]:
        if not self.path.is_file():
            return
        with self.path.open(encoding="utf-8") as lines:
            for line in lines:
                try:
                    yield Gap.model_validate_json(line)
                except ValueError:
                    continue  # a line cut short by a crash


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV, "").strip() or DEFAULT_DATA_DIR)


def default_gap_log() -> GapLog:
    return FileGapLog(data_dir())


def tally(gaps: Iterable[Gap]) -> list[tuple[Gap, int, list[str]]]:
    """Each kind of gap once, most frequent first, with its count and up to MAX_EXAMPLES masked texts."""
    counts: Counter[tuple] = Counter()
    first: dict[tuple, Gap] = {}
    examples: dict[tuple, list[str]] = {}
    for gap in gaps:
        key = gap.key()
        counts[key] += 1
        first.setdefault(key, gap.model_copy(update={"text": None}))
        if gap.text and len(examples.setdefault(key, [])) < MAX_EXAMPLES and gap.text not in examples[key]:
            examples[key].append(gap.text)
    return [(first[k], n, examples.get(k, [])) for k, n in counts.most_common()]


def render(rows: list[tuple[Gap, int, list[str]]]) -> str:
    if not rows:
        return "No unanswered questions recorded."
    out = [f"{'count':>5}  {'ended':13} {'intent':16} {'topics':34} nearest passages / candidates"]
    for gap, n, examples in rows:
        topics = ", ".join(gap.topics) or "-"
        out.append(f"{n:5}  {gap.kind:13} {gap.intent:16} {topics:34} {', '.join(gap.candidates) or '-'}")
        out += [f"{'':7}e.g. {text}" for text in examples]
    return "\n".join(out)
