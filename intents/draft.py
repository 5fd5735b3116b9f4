"""Build Answers from knowledge-base rows. Every sentence about a drug comes from a listing and
carries its verbatim line; absence from a list is said as exactly that and nothing more."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from intents.answer import (
    Answer,
    Candidate,
    ContactRef,
    DrugRef,
    Finding,
    Match,
    SourceRef,
    Statement,
    Status,
    constructed,
    share,
)
from intents.identity_memo import ByIdentity
from intents.reading.entities import Ambiguity, DrugMatch
from intents.wording_table import phrase, sentence, table_sentence, wording_table
from knowledge.kb import KnowledgeBase
from knowledge.linking import PROCEDURE_LIST_LAYOUTS
from knowledge.models import (
    Citation,
    Contact,
    Drug,
    FindingStatus,
    Listing,
    Note,
    ProgramId,
    Rule,
    Source,
    Through,
)

T = TypeVar("T")

STALE_AFTER_YEARS = 2  # older documents get a note to confirm against the current list ([sentences] stale_note)
CONTACT_FIELD_LABELS = {"phone": "phone", "fax": "fax", "email": "email", "hours": "hours", "url": "web"}
READ_AS_METHODS = {"fuzzy", "phonetic", "split", "partial", "shorthand"}


def _fmt_date(kb: KnowledgeBase, program: ProgramId) -> str:
    return kb.source_of(program).date_note


def listing_summary(kb: KnowledgeBase, x: Listing) -> str:
    """One listing, in words, using only what the row and its legends print (the sentence per layout is
    data: intents/wording.toml, [listing_summary])."""
    program = kb.program(x.program)
    codes = ", ".join(x.codes) if x.codes else None
    fields = {
        "where": f"{program.short} ({_fmt_date(kb, x.program)})",
        "codes": codes,
        "detail": ", ".join(v for v in (codes or phrase("no_code_oral"), (x.route or "").lower()) if v),
        "added": phrase("comma_added", date=x.date_added) if x.date_added else "",
        "requirement": program.requirement,
        "name": program.name,
        "date": _fmt_date(kb, x.program),
        "row": f"{codes or phrase('no_code')} “{x.description}”",
        "row_requirement": x.requirement,
        "status_note": x.status_note,
        "line_of_business": x.line_of_business,
        "description": x.description,
    }
    text = wording_table()["listing_summary"][_summary_kind(program.layout, x)].format(**fields)
    for note in x.notes:
        text += f" {_note_label(note.symbol)}: {note.meaning}."
    return text


def _summary_kind(layout: str, x: Listing) -> str:
    sentences = wording_table()["listing_summary"]
    kind = "procedure_list" if layout in PROCEDURE_LIST_LAYOUTS else layout if layout in sentences else "other"
    if x.description and f"{kind}_described" in sentences:
        kind += "_described"
    if x.status_note and f"{kind}_status_note" in sentences:
        kind += "_status_note"
    return kind


def listing_detail(kb: KnowledgeBase, x: Listing) -> str:
    """One row's facts in a few words: the codes and what the row adds (code description, route, date
    added, a move to another program), its markers by symbol. No verdict: the answer says it once."""
    layout = kb.program(x.program).layout
    facts = [", ".join(x.codes) if x.codes else phrase("no_code_oral" if layout == "evicore" else "no_code")]
    if layout == "policy":  # the policy's rows say only that the drug is named, in its list or code table
        facts = [phrase("code_table", codes=facts[0]) if x.description else phrase("drug_list")]
    elif x.description:
        facts.append(f"“{x.description}”")
    if x.route:
        facts.append(x.route.lower())
    if x.date_added:
        facts.append(phrase("added", date=x.date_added))
    if x.line_of_business:
        facts.append(x.line_of_business)
    if x.status_note:
        facts.append(x.status_note.rstrip("."))
    marks = ", ".join(_note_label(n.symbol).lower() for n in x.notes)
    return ", ".join(facts) + (f" ({marks})" if marks else "")


def legend_statement(kb: KnowledgeBase, x: Listing, symbol: str) -> Statement:
    note = next(n for n in x.notes if n.symbol == symbol)
    return Statement(
        summary=f"{_note_label(note.symbol)} ({kb.program(x.program).short}): {note.meaning}.",
        citations=[note.citation],
    )


# When a drug's rows on one list differ (Temodar's oral and IV rows), the finding says the most
# demanding of them: a row that needs prior authorization outweighs one that doesn't.
STATUS_PRECEDENCE: tuple[FindingStatus, ...] = (
    "auth-needed-oncology",
    "auth-needed",
    "site-of-care-review",
    "pharmacy-benefit",
    "moved",
)


def listing_status(kb: KnowledgeBase, x: Listing) -> FindingStatus:
    """What one row means, from the manifest: its list's status, unless a marker on it says otherwise."""
    if x.status_note:  # the home infusion list's "Moved to DME program."
        return "moved"
    marked = [n.status for n in x.notes if n.status]
    return marked[0] if marked else kb.program(x.program).status


def finding_status(kb: KnowledgeBase, rows: list[Listing]) -> FindingStatus:
    statuses = {listing_status(kb, x) for x in rows}
    return next(s for s in STATUS_PRECEDENCE if s in statuses) if statuses else "not-listed"


def through_whom(kb: KnowledgeBase, program: ProgramId, status: FindingStatus) -> Through | None:
    """Whose prior authorization it is; nobody's when there is none to ask for on this list."""
    if status in ("pharmacy-benefit", "moved", "not-listed", "not-found"):
        return None
    if status == "auth-needed-oncology":
        return "evicore"
    return kb.program(program).through


def first_contact(kb: KnowledgeBase, program: ProgramId | None, status: FindingStatus) -> ContactRef | None:
    """The number to call first: the program's own line (the first with a phone), else Cigna Customer
    Service when the list prints none (home infusion) or no document has the name."""
    if status in ("pharmacy-benefit", "moved", "not-listed"):
        return None
    pool = kb.contacts(program) if program else ()
    if status == "auth-needed-oncology":  # the oncology indication goes to the program run through eviCore
        pool = next((p.contacts for p in kb.programs.values() if p.through == "evicore"), pool)
    phoned = [c for c in pool if c.phone] or [c for c in kb.general_contacts if c.phone]
    return contact_ref(phoned[0]) if phoned else None


def note_kind(symbol: str) -> str:
    """'marker' for the asterisk symbols a list prints beside a row ('*', '**'), 'footnote' for the
    numbered ones ('3'): the one place that tells them apart."""
    return "marker" if symbol.startswith("*") else "footnote"


def _note_label(symbol: str) -> str:
    return phrase("marker_label" if note_kind(symbol) == "marker" else "footnote_label", symbol=symbol)


def listing_citations(x: Listing) -> list[Citation]:
    return [x.citation, *x.extra_citations, *(n.citation for n in x.notes)]


def _dedupe(citations: list[Citation]) -> list[Citation]:
    seen: dict[tuple[str, int], Citation] = {}
    for c in citations:
        seen.setdefault((c.file, c.line), c)
    return list(seen.values())


MAX_CONTACT_REFS = 1024  # far more than an edition's contacts: reloads start it over
_CONTACT_REFS: ByIdentity[Contact, ContactRef] = ByIdentity(MAX_CONTACT_REFS)


def contact_ref(contact: Contact) -> ContactRef:
    """The contact as answers name it (frozen: one per contact, whichever answer names it)."""
    return _CONTACT_REFS.get(contact, _contact_ref)


def _contact_ref(contact: Contact) -> ContactRef:
    citations = contact.citations()
    return ContactRef(
        program=contact.program,
        label=contact.label,
        phone=contact.phone.value if contact.phone else None,
        fax=contact.fax.value if contact.fax else None,
        email=contact.email.value if contact.email else None,
        url=contact.url.value if contact.url else None,
        hours=contact.hours.value if contact.hours else None,
        citation=citations[0],
    )


def contact_line(c: ContactRef, fields: list[str] | None = None) -> str:
    parts = []
    for f in fields or ["phone", "fax", "email", "url", "hours"]:
        value = getattr(c, f)
        if value:
            parts.append(f"{CONTACT_FIELD_LABELS[f]} {value}")
    return f"{c.label}: " + ", ".join(parts) if parts else ""


# Pieces of answers that depend only on the edition (a drug's finding on a list, a contact as the
# answer names it), built at their first use and kept while the edition is: a popular drug's rows are
# put into words once, not at every question about it. A reload's new edition starts its own.
_EDITION_MEMOS: dict[int, dict[tuple, Any]] = {}


def _edition_memo(kb: KnowledgeBase) -> dict[tuple, Any]:
    memo = _EDITION_MEMOS.get(id(kb))
    if memo is None:
        memo = _EDITION_MEMOS[id(kb)] = {}
        weakref.finalize(kb, _EDITION_MEMOS.pop, id(kb), None)  # gone with its edition: an id is reused
    return memo


def _memo(kb: KnowledgeBase, key: tuple, build: Callable[..., T], *args: Any) -> T:
    memo = _edition_memo(kb)
    if key not in memo:
        value = memo[key] = build(*args)
        if isinstance(value, (Finding, Statement)):  # the edition's own: answers made of such are finished once
            memo[("held", id(value))] = value
            if isinstance(value, Statement):
                share(value)
    return memo[key]


def edition_memo(kb: KnowledgeBase, key: tuple, build: Callable[..., T], *args: Any) -> T:
    """`build(*args)` once per edition and key: for what depends on the edition's rows (a drug's words,
    its line in an answer's few switches), never on a question's text."""
    return _memo(kb, key, build, *args)


# A drug as an answer names it, kept by the drug and how the question named it (the words typed, as a
# per-word memo would): a drug asked about by the same word is one part, written once in the JSON
# (answer.py). Each entry holds its drug, checked with 'is' (a reload's drug of the same id is another).
MAX_DRUG_REFS = 2048
_DRUG_REFS: dict[tuple, tuple[Drug, DrugRef]] = {}


def _drug_ref(drug: Drug, match: DrugMatch) -> DrugRef:
    key = (drug.id, match.method, match.score, match.text)
    known = _DRUG_REFS.get(key)
    if known is not None and known[0] is drug:
        return known[1]
    # Built unvalidated from values of the types validation would make (a score typed as an int is
    # made a float, as validation makes it).
    typed = constructed(Match, {"method": match.method, "score": float(match.score), "text": match.text})
    generic = drug.generics[0] if drug.generics else None
    ref = constructed(DrugRef, {"name": drug.name, "generic": generic, "hcpcs": list(drug.codes), "match": typed})
    if len(_DRUG_REFS) >= MAX_DRUG_REFS:
        _DRUG_REFS.clear()
    _DRUG_REFS[key] = (drug, ref)
    return ref


def _listed(kb: KnowledgeBase, drug: Drug, program: ProgramId, other: Note | None = None) -> Finding:
    """What the drug's rows on one list say (answered for the other use a marker names, with `other`)."""
    rows = drug.listings_for(program)
    status = finding_status(kb, rows)
    return Finding(
        drug=drug.name,
        program=program,
        listed=True,
        status=status,
        through=other.other_use_through if other else through_whom(kb, program, status),
        contact=first_contact(kb, None if other else program, "not-found" if other else status),
        summary=" ".join(listing_summary(kb, x) for x in rows),
        citations=_dedupe([c for x in rows for c in listing_citations(x)]),
        # Two rows that read the same (Blincyto and BLINATUMOMAB, both J9039) are said once.
        detail=f"{kb.program(program).short}: " + "; ".join(dict.fromkeys(listing_detail(kb, x) for x in rows)),
    )


def _not_listed(kb: KnowledgeBase, drug: Drug, program: ProgramId) -> Finding:
    short = kb.program(program).short
    return Finding(
        drug=drug.name,
        program=program,
        listed=False,
        status="not-listed",
        summary=sentence("not_listed_finding", list=short, date=_fmt_date(kb, program)),
        detail=table_sentence("verdict", "not-listed", list=short),
    )


# An answer's contacts, cited lines, documents and note on age (Draft._parts).
_Parts = tuple[tuple[ContactRef, ...], tuple[Citation, ...], tuple[SourceRef, ...], tuple[str, ...]]


@dataclass
class Draft:
    """An answer under construction; `finish` turns it into the immutable Answer."""

    kb: KnowledgeBase
    today: date
    question: str
    intent: str
    status: Status = "answered"
    headline: str = ""
    drugs: list[DrugRef] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    contact_programs: list[ProgramId | None] = field(default_factory=list)
    contact_fields: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    readings: list[str] = field(default_factory=list)
    generic_of: dict[str, list[str]] = field(default_factory=dict)  # typed generic -> the drugs it names
    notes: list[str] = field(default_factory=list)
    programs_used: list[ProgramId] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    legend: dict[tuple[str, str], Statement] = field(default_factory=dict)  # (source, symbol) -> its meaning
    # Markers whose other use the question names ('Actemra for RA'): (source, symbol). A row they mark
    # is answered for that use, by whom the legend says (Cigna, not eviCore).
    other_uses: set[tuple[str, str]] = field(default_factory=set)
    # The question's shape leads with the documents' verdict ('Yes — …', 'Correct — …', what they decide
    # on coverage): a verdict of a finding whose status requires authorization then says no 'yes' of its
    # own (intents/wording.py verdict).
    verdict_leads: bool = False

    # -- pieces ------------------------------------------------------------------------------------
    def use_program(self, program: ProgramId) -> None:
        if program not in self.programs_used:
            self.programs_used.append(program)

    def add_drug(self, drug: Drug, match: DrugMatch) -> None:
        if any(d.name == drug.name for d in self.drugs):
            return
        self.drugs.append(_drug_ref(drug, match))
        if match.method in READ_AS_METHODS:
            self.readings.append(sentence("read_as", typed=match.text, drug=drug.name))
        elif match.method == "generic" and match.text.replace(" ", "") != drug.name.lower().replace(" ", ""):
            # One line per generic, however many products share it ('trastuzumab' names six here).
            self.generic_of.setdefault(match.text, []).append(drug.name)

    def add_findings(self, drug: Drug, programs: list[ProgramId] | None) -> list[Finding]:
        """One finding per program asked about (or every program that lists the drug)."""
        wanted = programs or drug.programs()
        out = []
        for program in wanted:
            rows = drug.listings_for(program)
            self.use_program(program)
            if rows:
                # (a marker's other use is asked of few questions: only they need the rows' status here)
                other = self.other_use_note(rows, finding_status(self.kb, rows)) if self.other_uses else None
                if other is None:  # what the rows say, the same in every answer: built once per edition
                    finding = _memo(self.kb, ("listed", drug.id, program), _listed, self.kb, drug, program)
                else:
                    finding = _listed(self.kb, drug, program, other)
                for x in rows:
                    for note in x.notes:
                        key = (note.citation.source, note.symbol)
                        if key not in self.legend:
                            memo_key = ("legend", x.citation.source, x.citation.line, note.symbol)
                            self.legend[key] = _memo(self.kb, memo_key, legend_statement, self.kb, x, note.symbol)
                # The other use's number is Cigna's, never the program's ('Actemra for RA': not eviCore's).
                contact_program = None if other else program
                if contact_program not in self.contact_programs:
                    self.contact_programs.append(contact_program)
            else:
                finding = _memo(self.kb, ("not-listed", drug.id, program), _not_listed, self.kb, drug, program)
            self.findings.append(finding)
            out.append(finding)
        return out

    def other_use_note(self, rows: list[Listing], status: FindingStatus) -> Note | None:
        """The marker on these rows whose other use the question names, if the finding is what it marks."""
        return next(
            (
                n
                for x in rows
                for n in x.notes
                if n.status == status and n.other_use_through and (n.citation.source, n.symbol) in self.other_uses
            ),
            None,
        )

    def add_not_found(self, name: str) -> None:
        """A name or code no document has: one finding saying so, with Cigna Customer Service to call."""
        if any(f.drug == name and f.status == "not-found" for f in self.findings):
            return
        self.findings.append(
            Finding(
                drug=name,
                program=None,
                listed=False,
                status="not-found",
                contact=first_contact(self.kb, None, "not-found"),
                summary=sentence("not_found_finding"),
            )
        )
        if None not in self.contact_programs:
            self.contact_programs.append(None)

    def add_rules(self, rules: list[Rule]) -> None:
        for rule in rules:
            if any(s.summary == rule.summary for s in self.statements):
                continue
            self.statements.append(self._stated(rule))
            self.use_program(rule.program)

    def _stated(self, rule: Rule) -> Statement:
        """The rule as answers state it: once per edition and rule, one of the edition's own parts (kept
        with the rule, so its id is its own; two rules may share a program and an id)."""
        memo = _edition_memo(self.kb)
        known = memo.get(("rule", id(rule)))
        if known is None or known[0] is not rule:
            statement = Statement(summary=rule.summary, citations=list(rule.citations))
            known = memo[("rule", id(rule))] = (rule, statement)
            memo[("held", id(statement))] = statement
            share(statement)
        return known[1]

    def ask_to_clarify(self, ambiguity: Ambiguity) -> None:
        self.status = "clarify"
        names = [self.kb.drugs[d].name for d, _ in ambiguity.candidates]
        for drug_id, score in ambiguity.candidates:
            drug = self.kb.drugs[drug_id]
            self.candidates.append(Candidate(name=drug.name, hcpcs=list(drug.codes), score=score))
        if len(names) == 1:
            self.headline = sentence("did_you_mean_one", name=names[0], typed=ambiguity.text)
            return
        options = " or ".join([", ".join(names[:-1]), names[-1]])
        self.headline = sentence("did_you_mean_several", names=options, typed=ambiguity.text)

    # -- the finished answer -------------------------------------------------------------------------
    def _sources(self, cited: list[Citation], said: set[str]) -> tuple[list[SourceRef], list[str]]:
        """The documents the answer rests on: its programs', and any other a cited line is from (Cigna
        Customer Service's number is printed in the 2017 eviCore letter). The note on age names the
        oldest document the answer's statements rest on (`said`), not one that only prints a number.
        Once per edition and set of documents (an answer's documents are a few of the five)."""
        ids = dict.fromkeys(self.kb.source_of(p).id for p in sorted(self.programs_used, key=self.kb.program_ids.index))
        ids.update(dict.fromkeys(c.source for c in cited))
        key = ("sources", tuple(ids), frozenset(said), frozenset(self.programs_used), self.today.year)
        refs, notes = _memo(self.kb, key, _sources_of, self.kb, tuple(ids), said, self.programs_used, self.today)
        return list(refs), list(notes)

    def _legend(self) -> list[Statement]:
        """Each marker once; which list's it is only matters when markers of several documents meet
        (footnote 2 is the SCO lists' specialty-pharmacy exception, and the gene therapy list's Embarc)."""
        if len({key[0] for key in self.legend}) > 1:
            return list(self.legend.values())
        return [self._short_legend(s) for s in self.legend.values()]

    def _short_legend(self, s: Statement) -> Statement:
        """The statement without its list's name: once per edition for a statement of the edition's
        (add_findings' memo holds it, so its id is its own while the memo keeps the short one)."""
        held, short = _memo(self.kb, ("short_legend", id(s)), _shortened, s)
        return short if held is s else _shortened(s)[1]

    def _parts(self) -> _Parts:
        """The answer's contacts, cited lines, documents and note on age: once per edition for an answer
        made of the edition's own findings, statements and legend (a drug's answer, a program's rules),
        keyed by those very parts."""
        memo = _edition_memo(self.kb)
        for part in (*self.statements, *self.findings):  # (a statement of the answer's own fails first)
            if memo.get(("held", id(part))) is not part:
                return self._read_parts()
        legend = tuple(map(id, self.legend.values()))  # (each built by _memo: the edition's)
        held = (tuple(map(id, self.findings)), tuple(map(id, self.statements)))
        key = ("parts", held, legend, tuple(self.contact_programs), tuple(self.programs_used), self.today.year)
        return _memo(self.kb, key, self._read_parts)

    def _read_parts(self) -> _Parts:
        contacts = list(
            _memo(self.kb, ("contacts", *self.contact_programs), _program_contacts, self.kb, self.contact_programs)
        )
        for f in self.findings:  # the number a finding says to call is one of the answer's contacts
            if f.contact is not None and f.contact not in contacts:
                contacts.append(f.contact)
        said_lines = [c for f in self.findings for c in f.citations] + [c for s in self.statements for c in s.citations]
        citations = _dedupe(
            said_lines
            + [c for s in self.legend.values() for c in s.citations]
            + [c for ref in contacts for c in _contact_citations(self.kb, ref)]
        )
        said = {self.kb.source_of(p).id for p in self.programs_used} | {c.source for c in said_lines}
        sources, stale_notes = self._sources(citations, said)
        return tuple(contacts), tuple(citations), tuple(sources), tuple(stale_notes)

    def finish(self) -> Answer:
        """The Answer, its `text` still empty: the engine renders it (intents/text.py reads the Answer)."""
        contacts, citations, sources, stale_notes = self._parts()
        # Built unvalidated: every part is a validated model made above, every list this draft's own,
        # and the draft is done with (validating the same parts again cost ~10 % of a short answer).
        return constructed(
            Answer,
            {
                "question": self.question,
                "intent": self.intent,
                "status": self.status,
                "drugs": self.drugs,
                "findings": self.findings,
                "contacts": list(contacts),
                "candidates": self.candidates,
                "text": "",
                "headline": self.headline,
                "readings": self.readings
                + [sentence("generic_of", typed=t, names=", ".join(names)) for t, names in self.generic_of.items()],
                "statements": self.statements,
                "notes": [*self.notes, *stale_notes],
                "legend": self._legend(),
                "sources": list(sources),
                "citations": list(citations),
                "examples": self.examples,
            },
        )


def _shortened(s: Statement) -> tuple[Statement, Statement]:
    """(the statement, the same without the list's name in parentheses)."""
    return s, s.model_copy(update={"summary": re.sub(r"^(\S+ \S+) \([^)]*\): ", r"\1: ", s.summary)})


def _program_contacts(kb: KnowledgeBase, programs: list[ProgramId | None]) -> tuple[ContactRef, ...]:
    """The contacts of these programs (Cigna's general ones for None), each once, in order."""
    contacts: list[ContactRef] = []
    for program in programs:
        pool = kb.contacts(program) if program else kb.general_contacts
        for contact in pool:
            ref = contact_ref(contact)
            if ref not in contacts:
                contacts.append(ref)
    return tuple(contacts)


def _sources_of(
    kb: KnowledgeBase, ids: tuple[str, ...], said: set[str], used: list[ProgramId], today: date
) -> tuple[tuple[SourceRef, ...], tuple[str, ...]]:
    refs, stale = [], []
    for source in (kb.sources[i] for i in ids if i in kb.sources):
        old = source.year is not None and today.year - source.year >= STALE_AFTER_YEARS
        refs.append(_memo(kb, ("source", source.id, old), _source_ref, source, old))
        if old and (source.id in said or not said):
            stale.append(source)
    if not stale:
        return tuple(refs), ()
    # One note on age per answer, naming the oldest document it rests on: the others are younger.
    oldest = min(stale, key=lambda s: s.year or 0)
    # Named as the answers name it (its list), the title being in the sources.
    lists = [p for p in kb.programs.values() if p.source == oldest.id]
    lists = [p for p in lists if p.id in used] or lists  # the list the answer is about
    named = phrase("the_list", list=lists[0].short) if lists else oldest.title
    return tuple(refs), (sentence("stale_note", named=named, date=_dated(oldest.date_note)),)


def _source_ref(source: Source, stale: bool) -> SourceRef:
    return SourceRef(id=source.id, title=source.title, date=source.date_note, stale=stale)


def _dated(date_note: str) -> str:
    return date_note if date_note.startswith("undated") else phrase("dated", date=date_note)


def _contact_citations(kb: KnowledgeBase, ref: ContactRef) -> tuple[Citation, ...]:
    """The lines a contact's details are printed on: once per edition and contact (most answers cite one)."""
    key = ("contact_citations", ref.program, ref.label, ref.citation.file, ref.citation.line)
    return _memo(kb, key, _read_contact_citations, kb, ref)


def _read_contact_citations(kb: KnowledgeBase, ref: ContactRef) -> tuple[Citation, ...]:
    pool = kb.contacts(ref.program) if ref.program else kb.general_contacts
    for contact in pool:
        if contact.label == ref.label:
            return tuple(contact.citations())
    return (ref.citation,)
