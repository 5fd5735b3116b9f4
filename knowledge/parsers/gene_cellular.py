"""Gene Therapy and Advanced Cellular Therapy program lists (November 2024).

Rows are 'Brand[®] (generic)<footnote>\tCODE[, CODE...]'; a trailing '²' means Embarc Benefit
Protection may apply.
"""

from __future__ import annotations

import re

from knowledge import names
from knowledge.models import Listing, ProgramId
from knowledge.parsers.base import Document, SourceFormatError

TABLES: tuple[tuple[str, ProgramId, str], ...] = (
    ("Gene therapy\tHCPCS", "gene_therapy", "Gene therapies"),
    ("Advanced cellular therapy\tHCPCS", "cellular_therapy", "Advanced cellular therapies"),
)
ROW = re.compile(r"^(?P<brand>[^\t(]+)(?:\((?P<generic>[^)]*)\))?(?P<after>[^\t]*)\t(?P<codes>[^\t]+)$")


def parse(doc: Document) -> list[Listing]:
    out: list[Listing] = []
    for heading, program, table in TABLES:
        start = doc.find(heading) + 1
        for number, text in doc.numbered(start):
            if not text.strip():
                break
            m = ROW.match(text)
            if not m:
                raise SourceFormatError(f"{doc.file_name}:{number}: unexpected table row {text!r}")
            symbols = names.superscripts(m["after"] + m["brand"])
            out.append(
                Listing(
                    program=program,
                    table=table,
                    codes=names.split_codes(m["codes"]),
                    names=(names.clean(m["brand"]),),
                    generic=names.clean(m["generic"]) if m["generic"] else None,
                    requirement="Prior authorization through the program; contracted providers only",
                    notes=doc.notes_for(s for s in symbols if s in doc.notes),
                    citation=doc.cite(number),
                )
            )
    return out
