"""Typed records of the knowledge base. Every fact carries the source line it came from."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

# A program id is whatever the manifest declares ('evicore_oncology', 'sco'…): the loader checks every
# reference against the manifest, and KnowledgeBase.program_ids gives them in the manifest's order.
ProgramId = str

# What a finding says, as a closed vocabulary modelled on Da Vinci CRD's coverage-information codes
# (where one fits: CRD's pa-needed "auth-needed" and "conditional"); the manifest assigns them, the
# renderers read them. Absence is never "no-auth": a drug not on a list is "not-listed", one no
# document names is "not-found".
FindingStatus = Literal[
    "auth-needed",  # prior authorization required; `through` says whose (CRD pa-needed: auth-needed)
    "auth-needed-oncology",  # required through eviCore for oncology indications only (CRD: conditional)
    "pharmacy-benefit",  # authorization under the pharmacy benefit only, not a medical precert
    "site-of-care-review",  # site-of-care review at prior authorization (SCO, SCO+, the policy)
    "moved",  # the row moved to another program (DME, Home Health)
    "not-listed",  # not on this list (which says nothing about other lists)
    "not-found",  # in none of the loaded documents
]
FINDING_STATUSES: tuple[FindingStatus, ...] = FindingStatus.__args__  # type: ignore[attr-defined]
# Whose prior authorization it is: eviCore healthcare, Cigna (its SCO team, home infusion), or a
# program's own team (Gene Therapy, Advanced Cellular Therapy).
Through = Literal["evicore", "cigna", "program_team"]


class Record(BaseModel):
    # Built editions come back from the cache (knowledge/cache.py) by unpickling, which validates
    # nothing: a one-shot `ask` would build every record's validator for no use (about a third of its
    # own start-up). Each is built at its first validation instead (a build from the documents).
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Citation(Record):
    """One line of a source document, quoted verbatim."""

    # Every Answer validates its citations: built with the class, like the Answer's own models.
    model_config = ConfigDict(defer_build=True)

    source: str  # Source.id
    file: str  # relative to the repository root
    line: int  # 1-based
    text: str  # the line exactly as in the file, without its newline


class Source(Record):
    id: str
    title: str
    publisher: str
    date: str | None  # as printed; None when the document prints no date
    date_note: str  # how the date reads in an answer ("November 2017", "undated; CPT notice ©2020")
    year: int | None  # for staleness warnings
    date_citation: Citation | None
    file: str


class Cited(Record):
    """A value quoted from one line."""

    value: str
    citation: Citation


class Contact(Record):
    program: ProgramId | None
    label: str
    phone: Cited | None = None
    fax: Cited | None = None
    email: Cited | None = None
    url: Cited | None = None
    hours: Cited | None = None

    def citations(self) -> list[Citation]:
        fields = (self.phone, self.fax, self.email, self.url, self.hours)
        seen: dict[tuple[str, int], Citation] = {}
        for f in fields:
            if f is not None:
                seen.setdefault((f.citation.file, f.citation.line), f.citation)
        return list(seen.values())


class Note(Record):
    """A marker or footnote decoded into words, citing its legend line."""

    symbol: str  # "*", "**", "***", "1".."4", "2"
    meaning: str  # plain-language explanation
    citation: Citation
    status: FindingStatus | None = None  # what a row marked with it means, when it changes that
    other_use: tuple[str, ...] = ()  # words naming the use the legend sends elsewhere (regexes)
    other_use_through: Through | None = None  # whose authorization that use is


class Rule(Record):
    """A program rule, FAQ answer or policy criterion, summarised with its lines cited."""

    id: str
    program: ProgramId
    topics: tuple[str, ...]
    summary: str
    citations: tuple[Citation, ...]


class Program(Record):
    id: ProgramId
    name: str
    short: str
    source: str  # Source.id
    contacts: tuple[Contact, ...] = ()
    rules: tuple[Rule, ...] = ()
    requirement: str  # what being listed means, in words
    status: FindingStatus  # ... and in the closed vocabulary
    through: Through  # whose prior authorization (or review) it is
    layout: str = ""  # the layout its document is read with ('evicore', 'sco', 'procedure_list'…)
    shares: ProgramId | None = None  # the program whose contacts and rules apply here too


class ProgramWords(Record):
    """Regular expressions that name programs in a question (from the manifest): one program's own
    words, or a group's ('site of care' names SCO, SCO+ and the policy)."""

    programs: tuple[ProgramId, ...]
    words: tuple[str, ...]
    group: str | None = None


class MarkedWords(Record):
    """Words that ask for the rows carrying a marker ('which eviCore drugs are pharmacy benefit only?')."""

    program: ProgramId
    symbol: str
    words: tuple[str, ...]


class Vocabulary(Record):
    """The question words the manifest declares, in the manifest's order."""

    programs: tuple[ProgramWords, ...] = ()
    marked: tuple[MarkedWords, ...] = ()

    def group(self, group: str) -> tuple[ProgramId, ...]:
        return next((p.programs for p in self.programs if p.group == group), ())


class Listing(Record):
    """One row of one table in one document."""

    program: ProgramId
    table: str  # which table of the document the row is from
    codes: tuple[str, ...]  # as printed, split; empty when the row has none
    names: tuple[str, ...]  # brand/product names as printed (markers and trademark signs removed)
    generic: str | None = None
    description: str | None = None  # code description, for code tables
    date_added: str | None = None
    route: str | None = None
    requirement: str | None = None
    line_of_business: str | None = None
    status_note: str | None = None  # e.g. "Moved to DME program."
    notes: tuple[Note, ...] = ()
    citation: Citation
    extra_citations: tuple[Citation, ...] = ()  # wrapped continuation lines, bullet headers


class Code(Record):
    code: str
    descriptions: tuple[Cited, ...] = ()
    unclassified: bool = False


class Drug(Record):
    id: str
    name: str  # canonical display name
    generics: tuple[str, ...]
    aliases: tuple[str, ...]  # every other name a document prints for it
    codes: tuple[str, ...]
    listings: tuple[Listing, ...]

    def programs(self) -> list[ProgramId]:
        seen: list[ProgramId] = []
        for listing in self.listings:
            if listing.program not in seen:
                seen.append(listing.program)
        return seen

    def listings_for(self, program: ProgramId) -> list[Listing]:
        return [x for x in self.listings if x.program == program]
