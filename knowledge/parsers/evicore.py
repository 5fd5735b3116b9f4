"""eviCore oncology precert list (2017): HCPCS / brand / generic / route, tab-separated.

Rows are spread over pages separated by footers; '#N/A' stands in the code column for oral
drugs; '*', '**', '***' and '*/***' before a name are markers explained at the top.
"""

from __future__ import annotations

import re

from knowledge import names
from knowledge.models import Listing
from knowledge.parsers.base import Document, SourceFormatError

HEADER = "HCPCS\tBRAND NAME\tGENERIC NAME\tROUTE OF ADMINISTRATION"
ROW = re.compile(r"^(?P<code>[A-Z]\d{4}|#N/A)\t(?P<brand>[^\t]+)\t(?P<generic>[^\t]+)\t(?P<route>[^\t]+)$")


def _marker_symbols(marker: str) -> list[str]:
    return [m for m in marker.split("/") if m]


def parse(doc: Document) -> list[Listing]:
    start = doc.find(HEADER) + 1
    out: list[Listing] = []
    for number, text in doc.numbered(start):
        m = ROW.match(text)
        if not m:
            if "\t" in text:
                raise SourceFormatError(f"{doc.file_name}:{number}: unexpected table row {text!r}")
            continue
        marker, brand = names.split_marker(m["brand"])
        _, generic = names.split_marker(m["generic"])
        out.append(
            Listing(
                program="evicore_oncology",
                table="Oncology drugs requiring precertification through eviCore",
                codes=names.split_codes(m["code"]),
                names=(names.clean(brand),),
                generic=names.clean(generic),
                route=m["route"],
                requirement="Precertification through eviCore healthcare",
                notes=doc.notes_for(_marker_symbols(marker)),
                citation=doc.cite(number),
            )
        )
    return out
