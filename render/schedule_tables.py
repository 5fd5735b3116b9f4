"""Renderers for a checked schedule: CSV (also the file posted in Slack), JSON, and a terminal table.

The rows come from schedule_check/checker.py; these only lay them out. A row's own columns (chair time,
patient) are written back beside it and nowhere else.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from schedule_check.checker import CheckRow, CheckSummary
from schedule_check.words import schedule_words

# The checked columns, in the order a scheduler reads them: what was asked, what it was read as, the
# verdict, who to call, and the line it rests on. Their names are schedule_check/schedule.toml's
# [columns_shown]; the terminal table's words are its [terminal_table].
CHECK_COLUMNS = (
    "row",
    "input",
    "drug",
    "read_as",
    "code",
    "program",
    "status",
    "through",
    "contact",
    "phone",
    "fax",
    "document",
    "document_date",
    "line",
    "cited_line",
    "did_you_mean",
    "message",
)


def _cells(row: CheckRow) -> dict[str, str]:
    source = row.source
    contact = row.contact
    return {
        "row": str(row.row),
        "input": row.input,
        "drug": row.drug or "",
        "read_as": row.read_as or "",
        "code": " ".join(row.codes),
        "program": row.program or "",
        "status": row.status,
        "through": row.through or "",
        "contact": contact.label if contact else "",
        "phone": contact.phone or "" if contact else "",
        "fax": contact.fax or "" if contact else "",
        "document": source.document if source else "",
        "document_date": source.date if source else "",
        "line": f"{source.file.rsplit('/', 1)[-1]}:{source.line}" if source else "",
        "cited_line": " ".join(source.text.split()) if source else "",
        "did_you_mean": ", ".join(row.candidates),
        "message": row.message,
    }


def _header(rows: list[CheckRow]) -> list[str]:
    shown = [schedule_words()["columns_shown"][c] for c in CHECK_COLUMNS]
    passthrough = list(dict.fromkeys(name for r in rows for name in r.columns))
    # A schedule's own column named like one of ours keeps its name with a mark, never overwritten.
    passthrough = [schedule_words()["csv"]["yours"].format(name=n) if n in shown else n for n in passthrough]
    return [*passthrough, *shown]


def to_csv(rows: Iterable[CheckRow], delimiter: str = ",") -> str:
    rows = list(rows)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(_header(rows))
    names = list(dict.fromkeys(name for r in rows for name in r.columns))
    for row in rows:
        cells = _cells(row)
        writer.writerow([row.columns.get(n, "") for n in names] + [cells[c] for c in CHECK_COLUMNS])
    return out.getvalue()


def to_json(rows: Iterable[CheckRow], summary: CheckSummary) -> str:
    body = {
        "summary": {**summary.model_dump(mode="json"), "text": summary.text},
        "rows": [r.model_dump(mode="json") for r in rows],
    }
    return json.dumps(body, ensure_ascii=False, indent=2)


def print_table(rows: Iterable[CheckRow], summary: CheckSummary, console: object | None = None) -> None:
    """A rich table on the terminal (plain text when stdout is not one)."""
    from rich.console import Console
    from rich.table import Table

    console = console if console is not None else Console()
    table = Table(show_lines=False, header_style="bold")
    said = schedule_words()["terminal_table"]
    columns = said["columns"]
    for name in columns:
        table.add_column(name, overflow="fold", no_wrap=name in (columns[0], columns[4]))  # row number, status
    for row in rows:
        cells = _cells(row)
        drug = (
            said["read_as"].format(drug=row.drug, read_as=row.read_as)
            if row.drug
            else (said["did_you_mean"].format(names=cells["did_you_mean"]) if row.candidates else "—")
        )
        call = ", ".join(
            v
            for v in (
                said["phone"].format(phone=cells["phone"]) if cells["phone"] else "",
                said["fax"].format(fax=cells["fax"]) if cells["fax"] else "",
            )
            if v
        )
        where = said["where"].format(line=cells["line"], date=cells["document_date"]) if row.source else ""
        table.add_row(cells["row"], row.input, drug, cells["code"], row.status, cells["program"], call, where)
    console.print(table)  # type: ignore[attr-defined]
    console.print(summary.text, soft_wrap=True)  # type: ignore[attr-defined]
