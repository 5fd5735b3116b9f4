"""The procedure-list layout (Cigna's Home Infusion Therapy list): category / code / description /
requirement / line of business, under a header row that repeats on every page. Rows moved to another
program print an empty requirement; a row may have no code. Another procedure list in this layout is a
manifest entry naming its header and category."""

from __future__ import annotations

import re

from knowledge import names
from knowledge.manifest import ProgramSpec
from knowledge.models import Listing
from knowledge.parsers.base import Document, SourceFormatError

COLUMNS = 5  # category, code, description, requirement, line of business
MOVED = re.compile(r"\s*-\s*(Moved to [^.]+ program\.)\s*$")


def parse(doc: Document, programs: tuple[ProgramSpec, ...]) -> list[Listing]:
    (program,) = programs
    table = program.table
    if table is None or table.heading is None or table.category is None:
        raise SourceFormatError(f"{doc.file_name}: program {program.id} needs table.heading and table.category")
    doc.find(table.heading)
    out: list[Listing] = []
    for number, text in doc.numbered():
        if text == table.heading or not text.startswith(table.category):
            continue
        cells = [c.strip() for c in doc.cells(text)]
        if len(cells) == COLUMNS - 1 and MOVED.search(cells[2]):
            cells.insert(3, "")  # spaces for tabs: a moved row's empty requirement left no gap
        if len(cells) != COLUMNS or cells[0] != table.category:
            doc.unparsed_row(number, text)
            continue
        _, code, description, requirement, lob = cells
        status = None
        moved = MOVED.search(description)
        if moved:
            status = moved.group(1)
            description = description[: moved.start()].strip()
        doc.require(number, "description", description)
        doc.require(number, "line of business", lob)
        if not (requirement or status):
            doc.problem(number, "empty requirement, and the row says nowhere it moved")
        out.append(
            Listing(
                program=program.id,
                table=table.name,
                codes=names.split_codes(code),
                names=(),
                description=description,
                requirement=requirement or None,
                line_of_business=lob,
                status_note=status,
                citation=doc.cite(number),
            )
        )
    return out
