"""A loaded source document: its lines, its marker legends, how to cite them, and the problems found
reading it (so that `kb check` can list every one instead of stopping at the first)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.documents_folder import PACKAGED_DIR, citation_path
from knowledge.models import Citation, Note

SOURCES_DIR = PACKAGED_DIR

# A cell starts like a row when it starts with a code (HCPCS, CPT) or the eviCore list's '#N/A'.
LOOKS_LIKE_ROW = re.compile(r"^\s*(?:[A-Z]\d{4}|\d{5}|#N/A)\b")
# Columns are tab-separated; two or more spaces also separate them (an editor that turned tabs into
# spaces keeps the row readable). A single space is ambiguous and is reported instead.
CELLS = re.compile(r"\t| {2,}")


class SourceFormatError(ValueError):
    """The document does not have the layout its parser expects."""


@dataclass
class Document:
    source_id: str
    file_name: str
    lines: tuple[str, ...]  # lines[0] is line 1
    path: str = ""  # how citations name the file
    notes: dict[str, Note] = field(default_factory=dict)  # marker/footnote symbol -> meaning
    problems: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, source_id: str, file_name: str, directory: Path = SOURCES_DIR) -> Document:
        text = (directory / file_name).read_text(encoding="utf-8")
        # split("\n"), not splitlines(): line numbers must match what any editor or grep shows,
        # and the documents contain no other line breaks.
        return cls(source_id, file_name, tuple(text.split("\n")), citation_path(directory, file_name))

    def cite(self, number: int) -> Citation:
        return Citation(source=self.source_id, file=self.path, line=number, text=self.lines[number - 1])

    def numbered(self, start: int = 1, stop: int | None = None) -> Iterator[tuple[int, str]]:
        """(line number, text) pairs, 1-based, from start up to but excluding stop."""
        stop = len(self.lines) + 1 if stop is None else stop
        for number in range(max(start, 1), stop):
            yield number, self.lines[number - 1]

    def find(self, anchor: str, start: int = 1) -> int:
        """The first line at or after start that contains anchor; fails loudly when there is none."""
        for number, text in self.numbered(start):
            if anchor in text:
                return number
        raise SourceFormatError(f"{self.file_name}: no line contains {anchor!r}")

    def find_one(self, anchor: str) -> int:
        """The one line that contains anchor. An anchor that also matches another line (a new row
        printing 'May 2022') would cite the wrong line: that is a problem, and the first is used."""
        hits = [n for n, text in self.numbered() if anchor in text]
        if not hits:
            raise SourceFormatError(f"{self.file_name}: no line contains {anchor!r}")
        if len(hits) > 1:
            self.problem(hits[1], f"anchor {anchor!r} matches {len(hits)} lines ({', '.join(map(str, hits))})")
        return hits[0]

    def find_line(self, anchor: str) -> int:
        """The line that is exactly anchor (spaces aside) when there is one such line, else find_one:
        a date printed alone on its line ('May 2022') is the document's, not a row's 'May 2022'."""
        exact = [n for n, text in self.numbered() if text.strip() == anchor.strip()]
        return exact[0] if len(exact) == 1 else self.find_one(anchor)

    def problem(self, number: int | None, message: str) -> None:
        where = f"{self.file_name}:{number}" if number else self.file_name
        self.problems.append(f"{where}: {message}")

    def cells(self, text: str) -> list[str]:
        return CELLS.split(text)

    def unparsed_row(self, number: int, text: str) -> None:
        """A line inside a table that looks like a row but doesn't read as one: a row would be lost."""
        self.problem(number, f"looks like a table row but does not parse: {text.strip()[:80]!r}")

    def notes_for(self, symbols: Iterable[str], number: int) -> tuple[Note, ...]:
        out = []
        for symbol in symbols:
            note = self.notes.get(symbol)
            if note is None:
                self.problem(number, f"marker {symbol!r} has no legend")
                continue
            if note not in out:
                out.append(note)
        return tuple(out)

    def require(self, number: int, what: str, value: object) -> None:
        """A field every row of this table prints; empty means the row was misread or damaged."""
        if not value:
            self.problem(number, f"empty {what}")
