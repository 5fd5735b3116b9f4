"""Check a whole schedule: one Answer per row's drug cell, one CheckRow per input row, and a summary.

Every row in is a row out, with exactly one status. The status, program, who to call and the cited
line all come from the row's Answer (its findings, contacts and citations), never from its wording.
Pure Python: no Slack, no network, no logging (the other columns may hold patient details).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from intents.answer import Answer, ContactRef, Finding
from intents.engine import Engine
from intents.tabular import Table
from knowledge.models import ProgramId

# One status per row. The first three are the row's findings' own statuses (Da Vinci CRD's
# coverage-information codes where one maps); the rest say why a row has no finding.
RowStatus = Literal[
    "auth-needed",  # a list the drug is on requires prior authorization / precertification
    "conditional",  # named with conditions (e.g. site-of-care criteria), not a precert list
    "not-listed",  # on no list a finding was made for
    "not-found",  # the documents don't name it: not a yes or a no
    "did-you-mean",  # a look-alike name: candidates, no guess
    "unclassified-code",  # a code that names no one drug (J3490, J9999…)
    "blank",  # no drug or code in the row
    "unreadable",  # text that is not a drug or a code
]
# The most demanding status of a row's findings is the row's.
FINDING_ORDER: tuple[RowStatus, ...] = ("auth-needed", "conditional", "not-listed")
MESSAGES: dict[RowStatus, str] = {
    "not-found": "Not in these documents.",
    "blank": "no drug or code in this row",
    "unreadable": "not a drug name or a code",
}
# Until every finding carries its own status (the answer-design work), programs whose listing means a
# prior authorization: the rest name a drug with conditions. Read from structured fields only.
_PRECERT_PROGRAMS: frozenset[ProgramId] = frozenset(
    {"evicore_oncology", "sco_plus", "sco", "home_infusion", "gene_therapy", "cellular_therapy"}
)


class Part(BaseModel):
    model_config = ConfigDict(frozen=True)


class RowContact(Part):
    label: str
    phone: str | None = None
    fax: str | None = None


class RowSource(Part):
    document: str  # the document's title
    date: str  # as the answer states it ("November 2017", "undated; CPT notice ©2023")
    file: str
    line: int
    text: str  # the line verbatim


class CheckRow(Part):
    row: int  # 1-based, counting data rows (not the header)
    input: str  # what the drug column(s) said
    status: RowStatus
    drug: str | None = None  # as the documents name it; several joined with "; "
    read_as: str | None = None  # exact | code | generic name | corrected spelling | part of the name
    codes: list[str] = Field(default_factory=list)
    program: str | None = None  # the program the status is from (its short name)
    programs: list[ProgramId] = Field(default_factory=list)  # every program listing the drug
    contact: RowContact | None = None
    source: RowSource | None = None
    candidates: list[str] = Field(default_factory=list)
    message: str = ""  # the answer's first sentence, or why there is none
    columns: dict[str, str] = Field(default_factory=dict)  # the row's other columns, as given


class CheckSummary(Part):
    rows: int
    statuses: dict[str, int]  # status -> rows, in RowStatus order
    auth_needed_by_program: dict[str, int]  # program short name -> rows needing prior auth

    @property
    def text(self) -> str:
        """'14 rows: 6 need prior auth — 4 eviCore oncology precert list, 2 Gene Therapy Program; 1 not in
        these documents'."""
        parts = []
        auth = self.statuses.get("auth-needed", 0)
        if auth:
            by = ", ".join(f"{n} {program}" for program, n in self.auth_needed_by_program.items())
            parts.append(f"{auth} need{'s' if auth == 1 else ''} prior auth — {by}")
        for status, label in SUMMARY_LABELS.items():
            if self.statuses.get(status):
                parts.append(f"{self.statuses[status]} {label}")
        noun = "row" if self.rows == 1 else "rows"
        return f"{self.rows} {noun}: " + "; ".join(parts) if parts else f"{self.rows} {noun}"


SUMMARY_LABELS: dict[RowStatus, str] = {
    "conditional": "named with conditions (site-of-care criteria)",
    "not-listed": "on none of the lists asked about",
    "not-found": "not in these documents",
    "did-you-mean": "look-alike names to confirm",
    "unclassified-code": "unclassified codes (name the drug)",
    "blank": "blank",
    "unreadable": "not a drug or a code",
}


@cache
def _read_as() -> dict[str, str]:
    data = tomllib.loads(resources.files("intents").joinpath("schedule.toml").read_text("utf-8"))
    return dict(data["read_as"])


def finding_status(finding: Finding) -> RowStatus:
    if not finding.listed:
        return "not-listed"
    return "auth-needed" if finding.program in _PRECERT_PROGRAMS else "conditional"


def _lead(findings: list[Finding], program_order: tuple[ProgramId, ...]) -> Finding | None:
    """The finding a row's status comes from: the most demanding, then the documents' program order."""
    if not findings:
        return None
    return min(findings, key=lambda f: (FINDING_ORDER.index(finding_status(f)), program_order.index(f.program)))


def _contact(answer: Answer, program: ProgramId | None) -> RowContact | None:
    def callable_(c: ContactRef) -> bool:
        return bool(c.phone or c.fax)

    pool = [c for c in answer.contacts if callable_(c)]
    chosen = next((c for c in pool if c.program == program), None) or (pool[0] if pool else None)
    return RowContact(label=chosen.label, phone=chosen.phone, fax=chosen.fax) if chosen else None


class Checker:
    """Checks rows against one Engine; the same cell text is answered once per Checker (a chair
    schedule names the same few drugs many times)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._answers: dict[str, Answer] = {}

    def answer(self, text: str) -> Answer:
        key = " ".join(text.split()).lower()
        found = self._answers.get(key)
        if found is None:
            found = self._answers[key] = self.engine.ask(text)
        return found

    def check_text(self, text: str, row: int = 1, columns: dict[str, str] | None = None) -> CheckRow:
        columns = columns or {}
        if not text.strip():
            return CheckRow(row=row, input=text, status="blank", message=MESSAGES["blank"], columns=columns)
        return self.row_of(self.answer(text), text, row, columns)

    def row_of(self, answer: Answer, text: str, row: int, columns: dict[str, str]) -> CheckRow:
        kb = self.engine.kb
        base = {"row": row, "input": text, "columns": columns}
        if answer.status == "clarify":
            names = [c.name for c in answer.candidates]
            return CheckRow(**base, status="did-you-mean", candidates=names, message=answer.headline)
        if answer.status == "not_found":
            return CheckRow(**base, status="not-found", message=f"{MESSAGES['not-found']} {answer.headline}")
        if answer.status != "answered" or not answer.drugs:
            if answer.status == "answered" and answer.intent == "code_lookup":
                return CheckRow(**base, status="unclassified-code", message=answer.headline)
            return CheckRow(**base, status="unreadable", message=MESSAGES["unreadable"])
        lead = _lead(answer.findings, kb.program_ids)
        status: RowStatus = finding_status(lead) if lead else "not-listed"
        source = None
        if lead and lead.citations:
            cited = lead.citations[0]
            doc = kb.sources.get(cited.source)
            source = RowSource(
                document=doc.title if doc else cited.source,
                date=doc.date_note if doc else "",
                file=cited.file,
                line=cited.line,
                text=cited.text,
            )
        methods = _read_as()
        return CheckRow(
            **base,
            status=status,
            drug="; ".join(d.name for d in answer.drugs),
            read_as="; ".join(dict.fromkeys(methods.get(d.match.method, d.match.method) for d in answer.drugs)),
            codes=list(dict.fromkeys(c for d in answer.drugs for c in d.hcpcs)),
            program=kb.program(lead.program).short if lead else None,
            programs=list(dict.fromkeys(f.program for f in answer.findings if f.listed)),
            contact=_contact(answer, lead.program if lead else None),
            source=source,
            message=answer.headline,
        )

    def check_table(self, table: Table, progress: Callable[[int], None] | None = None) -> Iterator[CheckRow]:
        """One CheckRow per row of the table, in order; `progress(n)` after each."""
        for number, cells in enumerate(table.rows, start=1):
            yield self.check_text(table.drug_text(cells), number, table.passthrough(cells))
            if progress:
                progress(1)


def summarize(rows: Iterable[CheckRow]) -> CheckSummary:
    rows = list(rows)
    counts = Counter(r.status for r in rows)
    order = list(RowStatus.__args__)  # type: ignore[attr-defined]
    by_program = Counter(r.program or "" for r in rows if r.status == "auth-needed")
    return CheckSummary(
        rows=len(rows),
        statuses={s: counts[s] for s in order if counts[s]},
        auth_needed_by_program=dict(by_program.most_common()),
    )
