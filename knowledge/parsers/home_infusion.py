"""Home Infusion Therapy prior authorization procedure list: category / code / description /
requirement / line of business. The header row repeats on every page; some rows have moved to
another program and have an empty requirement; one row has no code."""

from __future__ import annotations

import re

from knowledge import names
from knowledge.models import Listing
from knowledge.parsers.base import Document, SourceFormatError

HEADER = "Category\tProcedure Code\tProcedure Code Description\tPrecert Requirement\tLOB"
ROW = re.compile(r"^Home Infusion Therapy\t(?P<code>[^\t]*)\t(?P<desc>[^\t]+)\t(?P<req>[^\t]*)\t(?P<lob>[^\t]+)$")
MOVED = re.compile(r"\s*-\s*(Moved to [^.]+ program\.)\s*$")


def parse(doc: Document) -> list[Listing]:
    out: list[Listing] = []
    for number, text in doc.numbered():
        if text == HEADER or "\t" not in text:
            continue
        m = ROW.match(text)
        if not m:
            raise SourceFormatError(f"{doc.file_name}:{number}: unexpected table row {text!r}")
        description, status = m["desc"].strip(), None
        moved = MOVED.search(description)
        if moved:
            status = moved.group(1)
            description = description[: moved.start()].strip()
        out.append(
            Listing(
                program="home_infusion",
                table="Home Infusion Therapy procedure codes",
                codes=names.split_codes(m["code"]),
                names=(),
                description=description,
                requirement=m["req"].strip() or None,
                line_of_business=m["lob"].strip(),
                status_note=status,
                citation=doc.cite(number),
            )
        )
    return out
