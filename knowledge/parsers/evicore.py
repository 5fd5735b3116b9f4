"""The eviCore oncology precert list's layout: HCPCS / brand / generic / route, tab-separated, under
one header line; rows spread over pages separated by footers; '#N/A' in the code column for oral
drugs; markers ('*', '***', '*/***') before a name, explained by legend lines above the table."""

from __future__ import annotations

from knowledge import names
from knowledge.manifest import ProgramSpec
from knowledge.models import Listing
from knowledge.parsers.base import LOOKS_LIKE_ROW, Document, SourceFormatError

COLUMNS = 4  # code, brand, generic, route


def parse(doc: Document, programs: tuple[ProgramSpec, ...]) -> list[Listing]:
    (program,) = programs
    table = program.table
    if table is None or table.heading is None:
        raise SourceFormatError(f"{doc.file_name}: program {program.id} needs table.heading (the header line)")
    start = doc.find_one(table.heading) + 1
    out: list[Listing] = []
    for number, text in doc.numbered(start):
        cells = doc.cells(text)
        if len(cells) != COLUMNS or not LOOKS_LIKE_ROW.match(cells[0]):
            if "\t" in text or LOOKS_LIKE_ROW.match(text):
                doc.unparsed_row(number, text)
            continue
        code, brand_cell, generic_cell, route = (c.strip() for c in cells)
        marker, brand = names.split_marker(brand_cell)
        _, generic = names.split_marker(generic_cell)
        brand, generic = names.clean(brand), names.clean(generic)
        for what, value in (("brand name", brand), ("generic name", generic), ("route", route)):
            doc.require(number, what, value)
        out.append(
            Listing(
                program=program.id,
                table=table.name,
                codes=names.split_codes(code),
                names=(brand,) if brand else (),
                generic=generic or None,
                route=route,
                requirement=table.requirement,
                notes=doc.notes_for(names.marker_symbols(marker), number),
                citation=doc.cite(number),
            )
        )
    return out
