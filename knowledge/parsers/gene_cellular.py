"""The gene / cellular therapy programs' layout: one table per program under its heading line, rows
'Brand[®] (generic)<footnote>\tCODE[, CODE...]' until a blank line; superscript digits are footnotes."""

from __future__ import annotations

import re

from knowledge import names
from knowledge.manifest import ProgramSpec
from knowledge.models import Listing
from knowledge.parsers.base import Document, SourceFormatError

PRODUCT = re.compile(r"^(?P<brand>[^(]+)(?:\((?P<generic>[^)]*)\))?(?P<after>.*)$")


def parse(doc: Document, programs: tuple[ProgramSpec, ...]) -> list[Listing]:
    out: list[Listing] = []
    for program in programs:
        table = program.table
        if table is None or table.heading is None:
            raise SourceFormatError(f"{doc.file_name}: program {program.id} needs table.heading")
        start = doc.find_one(table.heading) + 1
        for number, text in doc.numbered(start):
            if not text.strip():
                break
            cells = [c.strip() for c in doc.cells(text)]
            m = PRODUCT.match(cells[0]) if len(cells) == 2 else None
            if not m:
                doc.unparsed_row(number, text)
                continue
            symbols = names.superscripts(m["after"] + m["brand"])
            brand, codes = names.clean(m["brand"]), names.split_codes(cells[1])
            doc.require(number, "brand name", brand)
            doc.require(number, "code", codes)
            out.append(
                Listing(
                    program=program.id,
                    table=table.name,
                    codes=codes,
                    names=(brand,) if brand else (),
                    generic=names.clean(m["generic"]) if m["generic"] else None,
                    requirement=table.requirement,
                    notes=doc.notes_for(symbols, number),
                    citation=doc.cite(number),
                )
            )
    return out
