"""The SCO / SCO+ site-of-care list's layout: one table per program under its heading ('SCO+
INJECTABLES ^{1,2}'), columns codes / brand / generic / date added; numbered footnotes after the last
table. A heading's footnotes apply to all of its rows; superscript digits after a brand are that row's.
"""

from __future__ import annotations

import re

from knowledge import names
from knowledge.manifest import ProgramSpec
from knowledge.models import Listing
from knowledge.parsers.base import LOOKS_LIKE_ROW, Document, SourceFormatError

COLUMNS = 4  # codes, brand, generic, date added
DATE = re.compile(r"^[A-Z][a-z]+ \d{4}$")
FOOTNOTES_START = re.compile(r"^\d+\. ")


def _heading_footnotes(heading: str) -> tuple[str, ...]:
    braces = re.search(r"\^\{([\d,\s]+)\}", heading)
    if braces:
        return tuple(s.strip() for s in braces.group(1).split(",") if s.strip())
    return names.superscripts(heading)


def _split_brands(cell: str) -> tuple[str, ...]:
    return tuple(names.clean(part) for part in names.clean(cell).split("/") if part.strip())


def _heading_line(doc: Document, heading: str) -> int:
    """The table's heading line: the line that starts with the heading (the FAQ may mention it)."""
    hits = [n for n, text in doc.numbered() if text.startswith(heading + " ") or text.strip() == heading]
    if not hits:
        raise SourceFormatError(f"{doc.file_name}: no table heading {heading!r}")
    if len(hits) > 1:
        doc.problem(hits[1], f"table heading {heading!r} printed {len(hits)} times")
    return hits[0]


def parse(doc: Document, programs: tuple[ProgramSpec, ...]) -> list[Listing]:
    starts = []
    for program in programs:
        if program.table is None or program.table.heading is None:
            raise SourceFormatError(f"{doc.file_name}: program {program.id} needs table.heading")
        starts.append((_heading_line(doc, program.table.heading), program))
    starts.sort(key=lambda s: s[0])
    last = starts[-1][0]
    # The footnotes follow the last table; a numbered line before the tables (a new FAQ answer) is not them.
    end = next((n for n, text in doc.numbered(last + 1) if FOOTNOTES_START.match(text)), len(doc.lines) + 1)
    bounds = [*(s for s, _ in starts[1:]), end]
    out: list[Listing] = []
    for (start, program), stop in zip(starts, bounds, strict=True):
        table = program.table
        assert table is not None
        table_notes = _heading_footnotes(doc.lines[start - 1])
        for number, text in doc.numbered(start + 1, stop):
            cells = [c.strip() for c in doc.cells(text)]
            if len(cells) != COLUMNS or not DATE.match(cells[3]) or not LOOKS_LIKE_ROW.match(cells[0]):
                # The line under the heading names the columns; any other line with tabs is a lost row.
                if number > start + 1 and ("\t" in text or LOOKS_LIKE_ROW.match(text)):
                    doc.unparsed_row(number, text)
                continue
            codes, brand, generic, added = cells
            symbols = dict.fromkeys((*table_notes, *names.superscripts(brand)))
            brands, generic = _split_brands(brand), names.clean(generic)
            for what, value in (("code", names.split_codes(codes)), ("brand name", brands), ("generic name", generic)):
                doc.require(number, what, value)
            out.append(
                Listing(
                    program=program.id,
                    table=table.name,
                    codes=names.split_codes(codes),
                    names=brands,
                    generic=generic or None,
                    date_added=added,
                    requirement=table.requirement,
                    notes=doc.notes_for(symbols, number),
                    citation=doc.cite(number),
                )
            )
    return out
