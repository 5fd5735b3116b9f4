"""SCO+ and SCO site-of-care drug lists (May 2022): codes / brand / generic / date added.

Each table's heading carries footnotes that apply to all of its rows ('SCO+ INJECTABLES ^{1,2}');
superscript digits after a brand name are footnotes for that row.
"""

from __future__ import annotations

import re

from knowledge import names
from knowledge.models import Listing, ProgramId
from knowledge.parsers.base import Document, SourceFormatError

TABLES: tuple[tuple[str, ProgramId, str], ...] = (
    ("SCO+ INJECTABLES", "sco_plus", "SCO+ injectables"),
    ("SCO INJECTABLES", "sco", "SCO injectables"),
)
ROW = re.compile(r"^(?P<codes>[^\t]+)\t(?P<brand>[^\t]+)\t(?P<generic>[^\t]+)\t(?P<date>[A-Z][a-z]+ \d{4})$")
FOOTNOTES_START = re.compile(r"^1\. ")


def _heading_footnotes(heading: str) -> tuple[str, ...]:
    braces = re.search(r"\^\{([\d,]+)\}", heading)
    if braces:
        return tuple(braces.group(1).split(","))
    return names.superscripts(heading)


def _split_brands(cell: str) -> tuple[str, ...]:
    return tuple(names.clean(part) for part in names.clean(cell).split("/") if part.strip())


def parse(doc: Document) -> list[Listing]:
    starts = [(doc.find(heading + " "), program, table) for heading, program, table in TABLES]
    end = next(n for n, text in doc.numbered() if FOOTNOTES_START.match(text))
    bounds = [*(s for s, _, _ in starts[1:]), end]
    out: list[Listing] = []
    for (start, program, table), stop in zip(starts, bounds, strict=True):
        table_notes = _heading_footnotes(doc.lines[start - 1])
        for number, text in doc.numbered(start + 2, stop):
            m = ROW.match(text)
            if not m:
                if "\t" in text:
                    raise SourceFormatError(f"{doc.file_name}:{number}: unexpected table row {text!r}")
                continue
            symbols = dict.fromkeys((*table_notes, *names.superscripts(m["brand"])))
            out.append(
                Listing(
                    program=program,
                    table=table,
                    codes=names.split_codes(m["codes"]),
                    names=_split_brands(m["brand"]),
                    generic=names.clean(m["generic"]),
                    date_added=m["date"],
                    requirement="Site-of-care review at prior authorization (standard medical necessity process)",
                    notes=doc.notes_for(symbols),
                    citation=doc.cite(number),
                )
            )
    return out
