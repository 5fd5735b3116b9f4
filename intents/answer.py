"""The one Answer model every front end renders (terminal, JSON, Slack blocks)."""

from __future__ import annotations

from itertools import chain
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from operator import is_
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_json

from intents.identity_memo import ByIdentity
from knowledge.models import FINDING_STATUSES, Citation, FindingStatus, ProgramId, Through  # noqa: F401 (re-exported)

Status = Literal["answered", "clarify", "not_found", "out_of_scope", "help"]
M = TypeVar("M", bound=BaseModel)

# Absence is not permission: every finding of absence (a list that doesn't name the drug, a name no
# document has) carries intents/wording.toml's absence_caveat, so no reader of one finding (a card, the
# JSON) takes it for a no; `kb check` verifies each such sentence has it.


class Part(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


class Match(Part):
    """How a drug or code was recognised in the question (provenance, like Rasa's extractor stamp)."""

    method: str  # exact | alias | generic | code | fuzzy | phonetic | split | context
    score: float
    text: str  # what the user typed that produced the match


class DrugRef(Part):
    name: str
    generic: str | None
    hcpcs: list[str]
    match: Match


class ContactRef(Part):
    program: ProgramId | None
    label: str
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    url: str | None = None
    hours: str | None = None
    citation: Citation


class Finding(Part):
    """What one list says of one drug. `status` is the verdict in a closed vocabulary (renderers read it
    rather than re-deriving it from `summary`); `through` and `contact` say whose prior authorization it
    is and whom to call first. A name no document has is one finding with `program` None and status
    "not-found", its contact Cigna Customer Service."""

    drug: str
    program: ProgramId | None
    listed: bool
    status: FindingStatus
    through: Through | None = None
    contact: ContactRef | None = None
    summary: str
    citations: list[Citation] = Field(default_factory=list)
    # Beyond the contract: the row's facts in a few words for one line of a short answer (the list,
    # codes, route, date added, markers by symbol; the verdict and the markers' meanings are said once
    # elsewhere in the answer).
    detail: str = ""


def lead_finding(findings: list[Finding]) -> Finding | None:
    """The finding an answer about one drug leads with, and so whom to call first: the first list that
    names the drug (findings come in the order of the lists asked about, else the manifest's), else the
    first finding. The one rule for the CLI, the Slack message, a `check` row and a CDS card, so that
    all four give the same first number."""
    return next((f for f in findings if f.listed), findings[0] if findings else None)


class Candidate(Part):
    name: str
    hcpcs: list[str]
    score: float


class Statement(Part):
    """A rule or policy point, paraphrased, with the lines it rests on."""

    summary: str
    citations: list[Citation]


class SourceRef(Part):
    id: str
    title: str
    date: str
    stale: bool


class Answer(BaseModel):
    """What the bot says. The JSON contract's fields come first; the rest feed the renderers."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    question: str
    intent: str
    status: Status
    drugs: list[DrugRef] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    contacts: list[ContactRef] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)
    text: str = ""
    # Beyond the contract:
    headline: str = ""  # one line that answers the question
    readings: list[str] = Field(default_factory=list)  # "I read 'ocrevis' as Ocrevus."
    statements: list[Statement] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # caveats: absence, stale documents, NOC codes
    legend: list[Statement] = Field(default_factory=list)  # each marker or footnote the rows carry, said once
    sources: list[SourceRef] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)  # every line cited anywhere above
    examples: list[str] = Field(default_factory=list)  # for help answers

    def findings_for(self, drug: str) -> list[Finding]:
        return [f for f in self.findings if f.drug == drug]

    def lead_for(self, drug: str) -> Finding | None:
        """The finding the answer leads with for this drug (`lead_finding`)."""
        return lead_finding(self.findings_for(drug))

    def first_call(self, drug: str | None = None) -> ContactRef | None:
        """Whom to call first — the one answer for `ask`, Slack, a `check` row and a CDS card: the first
        finding's contact with a phone, in the answer's order (the lead's first), else the first contact
        with a phone. For one drug: the findings that list it, and the contacts of their programs."""
        findings = self.findings if drug is None else [f for f in self.findings_for(drug) if f.listed]
        contacts = (
            self.contacts if drug is None else [c for c in self.contacts if c.program in {f.program for f in findings}]
        )
        for f in findings:
            if f.contact is not None and f.contact.phone:
                return f.contact
        return next((c for c in contacts if c.phone), None)

    def contract(self) -> dict:
        """The machine-readable answer (`ask --json`)."""
        return self.model_dump(mode="json")

    def contract_json(self) -> str:
        """The same, serialised (what `ask --jsonl` prints): `model_dump_json()`, its edition's parts
        serialised once (answer_json)."""
        return answer_json(self)


def constructed(model: type[M], values: dict[str, Any]) -> M:
    """What `model.model_construct(**values)` makes when `values` gives every field (in their declared
    order), each already a validated value: the same fields, all of them set. Built directly:
    model_construct looks for each field's aliases and default first (a fifth of finishing an answer)."""
    if values.keys() != model.__pydantic_fields__.keys():
        raise ValueError(f"{model.__name__}: every field, and only its fields, must be given")
    return _made(model, values, set(values))


def _made(model: type[M], values: dict[str, Any], fields_set: set[str]) -> M:
    made = model.__new__(model)
    _set(made, "__dict__", values)
    _set(made, "__pydantic_fields_set__", fields_set)
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_private__", None)
    return made


_set = object.__setattr__  # (as pydantic sets a model's own attributes, past its frozen __setattr__)


def given_text(answer: Answer, text: str) -> Answer:
    """What `answer.model_copy(update={"text": text})` makes, for an answer just finished (Draft.finish's:
    every field set, "text" among them, and nothing holds it yet): its text put in place rather than in a
    copy (the copy cost ~1 % of a short answer)."""
    answer.__dict__["text"] = text
    return answer


# An answer's drugs, findings, contacts, legend, documents and cited lines are mostly the edition's own
# objects, shared by every answer naming them (intents/draft.py's memos), and so are a drug's or a program's rules
# stated: their JSON is most of an answer's (the quoted lines), and pydantic writes it at a few ns a byte.
# So each part's is written once and kept with the part (held, so its id is not reused), and put together
# with the rest of the answer (answer_json). A finding built for one answer only (a name no document has)
# is written once too, and dropped when the memo starts over.
MAX_PART_JSON = 4096
_PART_JSON: ByIdentity[BaseModel, str] = ByIdentity(MAX_PART_JSON)


def _part_json(part: BaseModel) -> str:
    return _PART_JSON.get(part, BaseModel.model_dump_json)


def share(part: BaseModel) -> None:
    """Write a statement of the edition's own now (a rule stated, a list's rows counted): an answer's
    statements are spliced when one is (a passage quoted for one answer is written with them, not kept)."""
    _part_json(part)


def _statement_json(part: BaseModel) -> str:
    return _part_json(part) if _PART_JSON.holds(part) else part.model_dump_json()


def _string(text: str) -> str:
    """A str as pydantic writes it in JSON: pydantic's own writer, but for ASCII text the json module's C
    escaper, which writes it alike for less (tests/intents/test_answer_json.py holds the two equal) and
    reads other text char by char."""
    return encode_basestring(text) if text.isascii() else to_json(text).decode()


# The Answer's fields in their order, as answer_json writes them: a field added to the Answer is written
# there too, or the module doesn't load.
_WRITTEN = (
    "question",
    "intent",
    "status",
    "drugs",
    "findings",
    "contacts",
    "candidates",
    "text",
    "headline",
    "readings",
    "statements",
    "notes",
    "legend",
    "sources",
    "citations",
    "examples",
)
if tuple(Answer.model_fields) != _WRITTEN:
    raise RuntimeError("intents/answer.py answer_json writes the Answer's fields: write the new ones too")


def _strings(items: list[str]) -> str:
    return "[" + ",".join(map(_string, items)) + "]"


def answer_json(answer: Answer) -> str:
    """What `answer.model_dump_json()` writes (tests/intents/test_answer_constructed.py and
    test_answer_json.py hold the two equal), put together from its fields: its strings escaped as pydantic
    escapes them, its parts' JSON written once for the edition's own (_part_json, _lists_json). Pydantic
    writing the rest of the answer cost more than the rest of its JSON."""
    v = answer.__dict__  # (its fields, read once each)
    return "".join(
        (
            '{"question":',
            _string(v["question"]),
            ',"intent":',
            _string(v["intent"]),
            ',"status":',
            _string(v["status"]),
            _lists_json(("drugs", "findings", "contacts"), (v["drugs"], v["findings"], v["contacts"])),
            ',"candidates":[',
            ",".join(c.model_dump_json() for c in v["candidates"]),  # (an answer's own: not kept)
            '],"text":',
            _string(v["text"]),
            ',"headline":',
            _string(v["headline"]),
            ',"readings":',
            _strings(v["readings"]),
            ',"statements":[',
            ",".join(map(_statement_json, v["statements"])),
            '],"notes":',
            _strings(v["notes"]),
            _lists_json(("legend", "sources", "citations"), (v["legend"], v["sources"], v["citations"])),
            ',"examples":',
            _strings(v["examples"]),
            "}",
        )
    )


# The shared lists an answer splices together (its findings and contacts; its legend, documents and cited
# lines), written once for these very parts: the answers about a drug name the same few (held in the
# entry, so no id is another's; the memo starts over past its size).
MAX_LISTS_JSON = 2048
_LISTS_JSON: dict[tuple, tuple[tuple[BaseModel, ...], str]] = {}


def _lists_json(names: tuple[str, ...], lists: tuple[list[BaseModel], ...]) -> str:
    """`,"name":[part,…]` for each of the lists, of parts written once each (_part_json)."""
    parts = tuple(chain.from_iterable(lists))
    key = (names, *map(len, lists), *map(id, parts))
    known = _LISTS_JSON.get(key)
    if known is not None and all(map(is_, known[0], parts)):
        return known[1]
    if len(_LISTS_JSON) >= MAX_LISTS_JSON:
        _LISTS_JSON.clear()
    written = "".join(f',"{name}":[' + ",".join(map(_part_json, x)) + "]" for name, x in zip(names, lists, strict=True))
    _LISTS_JSON[key] = (parts, written)
    return written
