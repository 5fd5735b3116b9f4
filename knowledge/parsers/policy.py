"""Medication Administration Site of Care coverage policy.

Two tables: the Enhanced Specialty Care Options drug list ('Brand® (generic)', an entry sometimes
wrapping onto the next line) and the CPT/HCPCS code table ('CODE description', descriptions
wrapping, page headers repeating, and one J9999 row whose drugs are bullet points).
"""

from __future__ import annotations

import re

from knowledge import names
from knowledge.manifest import ProgramSpec, TableSpec
from knowledge.models import Listing
from knowledge.parsers.base import Document, SourceFormatError

LIST_START = "The following list of drugs is included as part of the Enhanced Specialty Care Options"
LIST_END = "Coding/ Billing Information"
CODES_START = "Considered Medically Necessary when criteria"
CODES_END = "*Current Procedural Terminology"
CODE_ROW = re.compile(r"^(?P<code>[A-Z]\d{4}|\d{5}) (?P<desc>.+)$")
BULLET = re.compile(r"^•\s*(?P<text>.+)$")
PAGE_HEADER = {"CPT®*", "Codes", "Description", "HCPCS"}
ENTRY = re.compile(r"^(?P<brand>[^(\[]+?)\s*[(\[](?P<generic>.*)$")


def _entries(doc: Document, start: int, stop: int):
    """Drug-list entries as (first line number, joined text, continuation line numbers)."""
    entry: list[int] = []
    for number, text in doc.numbered(start, stop):
        if not text.strip():
            continue
        if entry and not doc.lines[entry[-1] - 1].rstrip().endswith((")", "]")):
            entry.append(number)
            continue
        if entry:
            yield entry
        entry = [number]
    if entry:
        yield entry


def _generic(text: str) -> str:
    """'[(alpha-1-proteinase inhibitor (human)]' -> 'alpha-1-proteinase inhibitor (human)'."""
    text = names.clean(text.replace("[", "(").replace("]", ")"))
    text = re.sub(r"\(\s*\(", "(", text).strip()
    if text.startswith("("):
        text = text[1:]
    while text.count(")") > text.count("(") and text.endswith(")"):
        text = text[:-1].rstrip()
    return re.sub(r"\s+", " ", text).strip()


def _drug_list(doc: Document, program: str, table: TableSpec) -> list[Listing]:
    start = doc.find_one(LIST_START) + 2
    stop = doc.find(LIST_END, start)
    out = []
    for numbers in _entries(doc, start, stop):
        joined = " ".join(doc.lines[n - 1].strip() for n in numbers)
        m = ENTRY.match(joined)
        if not m:
            doc.problem(numbers[0], f"does not read as 'Brand (generic)': {joined[:80]!r}")
            continue
        brands = [names.clean(b) for b in re.split(r",|/", names.clean(m["brand"])) if b.strip()]
        out.append(
            Listing(
                program=program,
                table=table.name,
                codes=(),
                names=tuple(brands),
                generic=_generic(m["generic"]),
                requirement=table.requirement,
                citation=doc.cite(numbers[0]),
                extra_citations=tuple(doc.cite(n) for n in numbers[1:]),
            )
        )
    return out


def _code_rows(doc: Document):
    """(code, description, first line, continuation lines) for each row of the code table."""
    start = doc.find_one(CODES_START)
    stop = doc.find(CODES_END, start)
    row: list = []
    for number, text in doc.numbered(start + 1, stop):
        stripped = text.strip()
        if not stripped or stripped in PAGE_HEADER:
            continue
        m = CODE_ROW.match(stripped)
        if m:
            if row:
                yield row
            row = [m["code"], m["desc"].strip(), number, []]
        elif row:
            row[3].append(number)
        else:
            continue
    if row:
        yield row


def _code_table(doc: Document, program: str, table: TableSpec) -> list[Listing]:
    out = []
    for code, description, number, more in _code_rows(doc):
        # Continuations are wrapped text, or (for 'J9999 Antineoplastic drug:') one bullet per drug.
        parts = [doc.lines[n - 1].strip() for n in more]
        parts = [BULLET.sub(lambda m: m["text"] + ";", p) for p in parts]
        out.append(
            Listing(
                program=program,
                table=table.code_table or "codes",
                codes=(code,),
                names=(),
                description=" ".join([description.strip(), *parts]).strip(" ;"),
                requirement=table.code_requirement or table.requirement,
                citation=doc.cite(number),
                extra_citations=tuple(doc.cite(n) for n in more),
            )
        )
    return out


def parse(doc: Document, programs: tuple[ProgramSpec, ...]) -> list[Listing]:
    (program,) = programs
    if program.table is None:
        raise SourceFormatError(f"{doc.file_name}: program {program.id} needs a table")
    return _drug_list(doc, program.id, program.table) + _code_table(doc, program.id, program.table)
