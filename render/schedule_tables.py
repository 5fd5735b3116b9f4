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

# The checked columns, in the order a scheduler reads them: what was asked, what it was read as, the
# verdict, who to call, and the line it rests on.
CHECK_COLUMNS = (
    "row",
    "input",
    "drug",
    "read as",
    "code",
    "program",
    "status",
    "through",
    "contact",
    "phone",
    "fax",
    "document",
    "document date",
    "line",
    "cited line",
    "did you mean",
    "message",
)


def _cells(row: CheckRow) -> dict[str, str]:
    source = row.source
    contact = row.contact
    return {
        "row": str(row.row),
        "input": row.input,
        "drug": row.drug or "",
        "read as": row.read_as or "",
        "code": " ".join(row.codes),
        "program": row.program or "",
        "status": row.status,
        "through": row.through or "",
        "contact": contact.label if contact else "",
        "phone": contact.phone or "" if contact else "",
        "fax": contact.fax or "" if contact else "",
        "document": source.document if source else "",
        "document date": source.date if source else "",
        "line": f"{source.file.rsplit('/', 1)[-1]}:{source.line}" if source else "",
        "cited line": " ".join(source.text.split()) if source else "",
        "did you mean": ", ".join(row.candidates),
        "message": row.message,
    }


def _header(rows: list[CheckRow]) -> list[str]:
    passthrough = list(dict.fromkeys(name for r in rows for name in r.columns))
    # A schedule's own column named like one of ours keeps its name with a mark, never overwritten.
    passthrough = [f"{name} (yours)" if name in CHECK_COLUMNS else name for name in passthrough]
    return [*passthrough, *CHECK_COLUMNS]


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
    for name in ("#", "input", "drug (read as)", "code", "status", "program", "call", "source"):
        table.add_column(name, overflow="fold", no_wrap=name in ("#", "status"))
    for row in rows:
        cells = _cells(row)
        drug = (
            f"{row.drug} ({row.read_as})"
            if row.drug
            else (f"did you mean {cells['did you mean']}?" if row.candidates else "—")
        )
        call = ", ".join(
            v
            for v in (
                f"phone {cells['phone']}" if cells["phone"] else "",
                f"fax {cells['fax']}" if cells["fax"] else "",
            )
            if v
        )
        where = f"{cells['line']} ({cells['document date']})" if row.source else ""
        table.add_row(cells["row"], row.input, drug, cells["code"], row.status, cells["program"], call, where)
    console.print(table)  # type: ignore[attr-defined]
    console.print(summary.text, soft_wrap=True)  # type: ignore[attr-defined]
