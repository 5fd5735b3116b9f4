"""Check a whole schedule: one Answer per row's drug cell, one CheckRow per input row, and a summary.

Every row in is a row out, with exactly one status. The status, program, who to call and the cited
line all come from the row's Answer (its findings, contacts and citations), never from its wording.
Pure Python: no Slack, no network, no logging (the other columns may hold patient details).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from intents.answer import Answer, lead_finding
from intents.engine import Engine
from intents.reading.normalize import normalize
from intents.wording import through_name
from intents.wording_table import placeholder_problems
from knowledge.models import ProgramId
from schedule_check.tabular import Table, read_table
from schedule_check.words import SCHEDULE_FIELDS, schedule_words

# One status per row: its lead finding's (intents/answer.py, FindingStatus, modelled on Da Vinci CRD's
# coverage-information codes), or why the row has none.
RowStatus = Literal[
    "auth-needed",
    "auth-needed-oncology",
    "site-of-care-review",
    "pharmacy-benefit",
    "moved",
    "not-listed",
    "not-found",
    "did-you-mean",  # a look-alike name: candidates, no guess
    "unclassified-code",  # a code that names no one drug (J3490, J9999…)
    "blank",  # no drug or code in the row
    "unreadable",  # no drug name or code the documents print, nor a word like one (never "no auth needed")
]
ROW_STATUSES: tuple[RowStatus, ...] = RowStatus.__args__  # type: ignore[attr-defined]
NEEDS_PRIOR_AUTH: frozenset[str] = frozenset({"auth-needed", "auth-needed-oncology"})


class RowPart(BaseModel):
    model_config = ConfigDict(frozen=True)


class RowContact(RowPart):
    label: str
    phone: str | None = None
    fax: str | None = None


class RowSource(RowPart):
    document: str  # the document's title
    date: str  # as the answer states it ("November 2017", "undated; CPT notice ©2023")
    file: str
    line: int
    text: str  # the line verbatim


class CheckRow(RowPart):
    row: int  # 1-based, counting data rows (not the header)
    input: str  # what the drug column(s) said
    status: RowStatus
    drug: str | None = None  # as the documents name it; several joined with "; "
    read_as: str | None = None  # exact | code | generic name | corrected spelling | part of the name
    codes: list[str] = Field(default_factory=list)
    program: str | None = None  # the program the status is from (its short name)
    through: str | None = None  # whose prior authorization: eviCore, Cigna, or the program's team
    programs: list[ProgramId] = Field(default_factory=list)  # every program listing the drug
    contact: RowContact | None = None
    source: RowSource | None = None
    candidates: list[str] = Field(default_factory=list)
    message: str = ""  # the answer's first sentence, or why there is none
    columns: dict[str, str] = Field(default_factory=dict)  # the row's other columns, as given


class CheckSummary(RowPart):
    rows: int
    statuses: dict[str, int]  # status -> rows, in RowStatus order
    auth_needed_by: dict[str, int]  # through whom (eviCore, Cigna, a program) -> rows needing prior auth

    @property
    def text(self) -> str:
        """'14 rows: 6 need prior auth — 4 eviCore, 2 Cigna; 1 not in these documents'."""
        said = schedule_words()["summary"]
        parts = []
        auth = sum(self.statuses.get(s, 0) for s in NEEDS_PRIOR_AUTH)
        if auth:
            by = ", ".join(f"{n} {who}" for who, n in self.auth_needed_by.items())
            parts.append(said["needs_prior_auth" if auth == 1 else "need_prior_auth"].format(count=auth, by=by))
        for status, label in said["labels"].items():
            if self.statuses.get(status):
                parts.append(f"{self.statuses[status]} {label}")
        rows = said["one_row" if self.rows == 1 else "rows"].format(count=self.rows)
        return said["parts"].format(rows=rows, parts="; ".join(parts)) if parts else rows


def read_schedule(engine: Engine, text: str, filename: str | None = None) -> Table:
    """A schedule as a Table, its first line a header only if no cell of it names a drug or code."""

    def names_a_drug(cell: str) -> bool:
        found = engine.matcher.resolve(normalize(cell))
        return bool(found.drugs or found.codes)

    return read_table(text, filename, names_a_drug)


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
            return CheckRow(
                row=row, input=text, status="blank", message=schedule_words()["messages"]["blank"], columns=columns
            )
        return self.row_of(self.answer(text), text, row, columns)

    def row_of(self, answer: Answer, text: str, row: int, columns: dict[str, str]) -> CheckRow:
        kb = self.engine.kb
        base = {"row": row, "input": text, "columns": columns}
        if answer.status == "clarify":
            names = [c.name for c in answer.candidates]
            return CheckRow(**base, status="did-you-mean", candidates=names, message=answer.headline)
        if answer.status == "not_found":
            # The finding for a name no document has carries whom to ask instead (Cigna Customer Service).
            ask = next((f.contact for f in answer.findings if f.status == "not-found" and f.contact), None)
            return CheckRow(
                **base,
                status="not-found",
                contact=RowContact(label=ask.label, phone=ask.phone, fax=ask.fax) if ask else None,
                message=f"{schedule_words()['messages']['not-found']} {answer.headline}",
            )
        if answer.status != "answered" or not answer.drugs:
            if answer.status == "answered" and answer.intent == "code_lookup":
                return CheckRow(**base, status="unclassified-code", message=answer.headline)
            return CheckRow(**base, status="unreadable", message=schedule_words()["messages"]["unreadable"])
        # The CLI's lead (intents/answer.py, lead_finding): a row names the number `ask` names first.
        lead = lead_finding([f for f in answer.findings if f.status != "not-found"])
        status: RowStatus = lead.status if lead else "not-listed"
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
        methods = schedule_words()["read_as"]
        # Whom to call first, as every channel says it (intents/answer.py, Answer.first_call).
        contact = (answer.first_call(lead.drug) or lead.contact) if lead else None
        return CheckRow(
            **base,
            status=status,
            drug="; ".join(d.name for d in answer.drugs),
            read_as="; ".join(dict.fromkeys(methods.get(d.match.method, d.match.method) for d in answer.drugs)),
            codes=list(dict.fromkeys(c for d in answer.drugs for c in d.hcpcs)),
            program=kb.program(lead.program).short if lead and lead.program else None,
            through=through_name(kb, lead) if lead else None,
            programs=list(dict.fromkeys(f.program for f in answer.findings if f.listed)),
            contact=RowContact(label=contact.label, phone=contact.phone, fax=contact.fax) if contact else None,
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
    by = Counter(r.through or "" for r in rows if r.status in NEEDS_PRIOR_AUTH)
    return CheckSummary(
        rows=len(rows),
        statuses={s: counts[s] for s in ROW_STATUSES if counts[s]},
        auth_needed_by=dict(by.most_common()),
    )


def schedule_problems(table: dict[str, Any] | None = None) -> list[str]:
    """What `kb check` says of schedule_check/schedule.toml: each sentence there with exactly its
    placeholders, and words for every row status the summary counts."""
    table = schedule_words() if table is None else table
    problems = placeholder_problems("schedule_check/schedule.toml", table, SCHEDULE_FIELDS, tuple(SCHEDULE_FIELDS))
    labels = (table.get("summary") or {}).get("labels") or {}
    problems += [
        f"schedule_check/schedule.toml: no [summary.labels] {status}"
        for status in ROW_STATUSES
        if status not in labels and status not in NEEDS_PRIOR_AUTH
    ]
    return problems
