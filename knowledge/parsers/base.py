"""A loaded source document: its lines, and how to cite them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from knowledge.models import Citation, Listing, Note

SOURCES_DIR = Path(__file__).resolve().parent.parent / "sources"
REPO_RELATIVE_DIR = "knowledge/sources"


class SourceFormatError(ValueError):
    """The document does not have the layout its parser expects."""


@dataclass(frozen=True)
class Document:
    source_id: str
    file_name: str
    lines: tuple[str, ...]  # lines[0] is line 1
    notes: dict[str, Note] = field(default_factory=dict)  # marker/footnote symbol -> meaning

    @classmethod
    def read(cls, source_id: str, file_name: str, directory: Path = SOURCES_DIR) -> Document:
        text = (directory / file_name).read_text(encoding="utf-8")
        # split("\n"), not splitlines(): line numbers must match what any editor or grep shows,
        # and the documents contain no other line breaks.
        return cls(source_id, file_name, tuple(text.split("\n")))

    @property
    def path(self) -> str:
        return f"{REPO_RELATIVE_DIR}/{self.file_name}"

    def cite(self, number: int) -> Citation:
        return Citation(source=self.source_id, file=self.path, line=number, text=self.lines[number - 1])

    def numbered(self, start: int = 1, stop: int | None = None):
        """(line number, text) pairs, 1-based, from start up to but excluding stop."""
        stop = len(self.lines) + 1 if stop is None else stop
        for number in range(start, stop):
            yield number, self.lines[number - 1]

    def find(self, anchor: str, start: int = 1) -> int:
        """The first line at or after start that contains anchor; fails loudly when there is none."""
        for number, text in self.numbered(start):
            if anchor in text:
                return number
        raise SourceFormatError(f"{self.file_name}: no line contains {anchor!r}")

    def notes_for(self, symbols) -> tuple[Note, ...]:
        out = []
        for symbol in symbols:
            note = self.notes.get(symbol)
            if note is None:
                raise SourceFormatError(f"{self.file_name}: marker {symbol!r} has no legend")
            out.append(note)
        return tuple(out)


@dataclass
class Parsed:
    listings: list[Listing] = field(default_factory=list)
