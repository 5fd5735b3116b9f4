"""Read a pasted or uploaded schedule (CSV or TSV) into rows, and find the column(s) that name the drug.

Nothing is dropped: a blank line is a row with no cells, a short row is padded, a long row's extra
cells get their own column names. Which columns name the drug comes from header words kept as data
(schedule_check/schedule.toml); without a recognised header, the first column is the drug and the first line
is a row like any other. Pure Python: no Slack, no network, and no logging (cells may be patient data).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from intents.reading.normalize import normalize
from schedule_check.words import schedule_words

# A cell holds a drug name or a code, perhaps with a dose: anything longer is not a drug cell, and a
# csv field this long is almost certainly a broken quote swallowing the rest of the file.
MAX_FIELD_CHARS = 100_000
DELIMITERS = ("\t", ";", ",")


@dataclass(frozen=True)
class HeaderWords:
    drug: frozenset[str]  # a header cell with one of these words names the drug (or its code)
    code: frozenset[str]  # ... or its code


@cache
def header_words() -> HeaderWords:
    columns = schedule_words()["columns"]
    return HeaderWords(drug=frozenset(columns["drug"]), code=frozenset(columns["code"]))


@dataclass(frozen=True)
class Table:
    """A schedule as read: column names, the columns naming the drug, and every row's cells."""

    columns: list[str]
    drug_columns: list[int]  # indexes into columns, in the order they are read together
    has_header: bool
    rows: list[list[str]]  # padded to len(columns); a blank line is a row of empty cells
    delimiter: str

    def drug_text(self, row: list[str]) -> str:
        """What the drug columns of a row say, read together ('Ocrevus' + 'J2350')."""
        return " ".join(row[i].strip() for i in self.drug_columns if row[i].strip())

    def passthrough(self, row: list[str]) -> dict[str, str]:
        return {name: row[i] for i, name in enumerate(self.columns) if i not in self.drug_columns}


def sniff_delimiter(text: str, filename: str | None = None) -> str:
    """Tab for .tsv files or a first line with a tab; else ';' when the first line has ';' and no ',';
    else ','. (csv.Sniffer guesses from letter frequencies and picks letters on one-column files.)"""
    if filename and filename.lower().endswith((".tsv", ".tab")):
        return "\t"
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "\t" in first:
        return "\t"
    if ";" in first and "," not in first:
        return ";"
    return ","


def _header_kind(cell: str) -> str | None:
    words = set(normalize(cell).clean.lower().replace("_", " ").replace("/", " ").split())
    words |= {w.rstrip("s") for w in words}
    hw = header_words()
    if words & hw.code:
        return "code"
    if words & hw.drug:
        return "drug"
    return None


# A header cell is a few words without digits ('Drug name', 'HCPCS'); 'Infusion chair 3' or
# '08:00' is a row's data.
MAX_HEADER_WORDS = 4


def _looks_like_data(cell: str) -> bool:
    return any(ch.isdigit() for ch in cell) or len(cell.split()) > MAX_HEADER_WORDS


def decode(data: bytes) -> str:
    """Bytes as text: UTF-8 (a spreadsheet's byte-order mark dropped), else Windows-1252, which
    every byte decodes in, so an export from an old system is read rather than refused."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_table(text: str, filename: str | None = None, names_a_drug: Callable[[str], bool] | None = None) -> Table:
    """names_a_drug: whether a cell names a drug or code the documents print; a first line with such a
    cell is a row, not a header, whatever words it has ('Remicade infusion')."""
    delimiter = sniff_delimiter(text, filename)
    csv.field_size_limit(MAX_FIELD_CHARS)
    # A stray quote inside an unquoted cell is kept as a character (strict=False); a NUL byte is not
    # text anyone typed and the csv module refuses it, so it goes.
    reader = csv.reader(io.StringIO(text.replace("\0", ""), newline=""), delimiter=delimiter, strict=False)
    raw: list[list[str]] = []
    try:
        for record in reader:
            raw.append(record)
    except csv.Error:
        # A field longer than MAX_FIELD_CHARS: read what is left line by line, quotes as characters.
        rest = text.splitlines()[reader.line_num :]
        raw += [line.split(delimiter) for line in rest]
    first_data = next((i for i, r in enumerate(raw) if any(c.strip() for c in r)), None)
    header: list[str] = []
    drug_columns: list[int] = []
    if first_data is not None:
        first = raw[first_data]
        kinds = [_header_kind(c) for c in first]
        looks_like_data = any(_looks_like_data(c) for c in first) or (
            names_a_drug is not None and any(names_a_drug(c) for c in first if c.strip())
        )
        if any(kinds) and not looks_like_data:
            header = [c.strip() for c in raw[first_data]]
            # The name column(s) first, then the code column(s): 'Ocrevus J2350' reads as one question.
            drug_columns = [i for i, k in enumerate(kinds) if k == "drug"] + [
                i for i, k in enumerate(kinds) if k == "code"
            ]
            raw = raw[:first_data] + raw[first_data + 1 :]
    width = max([len(header), *(len(r) for r in raw)], default=1) or 1
    columns = [
        header[i] if i < len(header) and header[i] else schedule_words()["csv"]["unnamed_column"].format(number=i + 1)
        for i in range(width)
    ]
    columns = _unique(columns)
    rows = [r + [""] * (width - len(r)) for r in raw]
    return Table(
        columns=columns,
        drug_columns=drug_columns or [0],
        has_header=bool(header),
        rows=rows,
        delimiter=delimiter,
    )


def table_from_records(records: list[str | dict]) -> Table:
    """Rows given as values (a string is a drug cell; an object maps column names to cells, its drug
    column found by the same header words as a file's)."""
    names = _unique(list(dict.fromkeys(str(k) for r in records if isinstance(r, dict) for k in r)))
    kinds = [_header_kind(n) for n in names]
    drug = [i for i, k in enumerate(kinds) if k == "drug"] + [i for i, k in enumerate(kinds) if k == "code"]
    if not drug:
        # Plain strings are the drug cells; objects with no recognisable header: their first column.
        if not names or any(isinstance(r, str) for r in records):
            names = ["input", *names]
        drug = [0]
    rows = []
    for record in records:
        if isinstance(record, dict):
            values = {str(k): "" if v is None else str(v) for k, v in record.items()}
            rows.append([values.get(n, "") for n in names])
        else:
            rows.append([record if i == drug[0] else "" for i in range(len(names))])
    return Table(columns=names, drug_columns=drug, has_header=True, rows=rows, delimiter=",")


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out
