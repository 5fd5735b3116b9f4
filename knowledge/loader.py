"""Read a documents folder: each document through its layout's parser, each manifest value checked
against the line it cites. Every problem is collected (one line each) rather than the first raised, so
`kb check` can list them all; `load` refuses a folder with any."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.asked import Asked, ThesaurusGroup, read_questions, read_thesaurus, unknown_scopes
from knowledge.legends import read_legends
from knowledge.linking import link
from knowledge.manifest import (
    ContactSpec,
    DocumentSpec,
    Manifest,
    ManifestError,
    ProductSpec,
    QuotedSpec,
    read_manifest,
)
from knowledge.models import (
    Citation,
    Cited,
    Code,
    Contact,
    Listing,
    MarkedWords,
    Program,
    ProgramWords,
    Rule,
    Source,
    Vocabulary,
)
from knowledge.parsers.base import Document, SourceFormatError
from knowledge.parsers.layouts import PARSERS
from knowledge.passages import Passage, passages

NUMBER = re.compile(r"\d+")


@dataclass
class Loaded:
    """Everything read from one folder, before it becomes a KnowledgeBase."""

    directory: Path
    manifest: Manifest | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    programs: dict[str, Program] = field(default_factory=dict)
    listings: list[Listing] = field(default_factory=list)
    general_contacts: list[Contact] = field(default_factory=list)
    drugs: dict = field(default_factory=dict)
    codes: dict[str, Code] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    passages: tuple[Passage, ...] = ()
    asked: tuple[Asked, ...] = ()
    thesaurus: tuple[ThesaurusGroup, ...] = ()
    problems: list[str] = field(default_factory=list)


def _cited(doc: Document, spec: QuotedSpec) -> Cited | None:
    try:
        number = doc.find_one(spec.anchor)
    except SourceFormatError as error:  # one line for this value; the rest of the document is still read
        doc.problems.append(str(error))
        return None
    if spec.value not in doc.lines[number - 1]:
        doc.problem(number, f"{spec.value!r} is not on the line {spec.anchor!r} finds")
        return None
    return Cited(value=spec.value, citation=doc.cite(number))


def _numbers_quoted(doc: Document, what: str, text: str, citations: list[Citation]) -> None:
    """A paraphrase may only repeat numbers its lines print: '53 codes' must still be on the line."""
    printed = {n for c in citations for n in NUMBER.findall(c.text)}
    for number in NUMBER.findall(text):
        if number not in printed:
            lines = ", ".join(str(c.line) for c in citations)
            doc.problem(None, f"{what} says {number}, which its lines ({lines}) do not print")


def _read(doc: Document, spec: DocumentSpec, out: Loaded) -> None:
    doc.notes.update(read_legends(doc, spec.legends, spec.note))
    for note in doc.notes.values():
        _numbers_quoted(doc, f"the meaning of marker {note.symbol!r}", note.meaning, [note.citation])
    date_line = _read_source(doc, spec, out)
    contacts = [_contact(doc, c) for c in spec.contact]
    rules = _rules(doc, spec)
    parser = PARSERS.get(spec.layout)
    if parser is None:
        doc.problem(None, f"unknown layout {spec.layout!r} (known: {', '.join(sorted(PARSERS))})")
        return
    try:
        rows = parser(doc, spec.program)
    except SourceFormatError as error:  # the layout itself is not there (a heading gone): no rows at all
        doc.problems.append(str(error))
        rows = []
    out.listings += rows
    out.general_contacts += [c for c in contacts if c.program is None]
    for p in spec.program:
        if not any(x.program == p.id for x in rows):
            doc.problem(None, f"the table of program {p.id} has no rows")
        out.programs[p.id] = Program(
            id=p.id,
            name=p.name,
            short=p.short,
            source=spec.id,
            requirement=p.requirement,
            status=p.status,
            through=p.through,
            layout=spec.layout,
            shares=p.shares,
            contacts=tuple(c for c in contacts if c.program == p.id),
            rules=tuple(r for r in rules if r.program == p.id),
        )
    row_lines = {c.line for x in rows for c in (x.citation, *x.extra_citations)}
    if date_line in row_lines:
        doc.problem(date_line, f"the date anchor {spec.date_anchor!r} finds a table row, not the document's date")
    _check_counts(doc, spec, rows)
    _check_duplicates(doc, rows)


def _read_source(doc: Document, spec: DocumentSpec, out: Loaded) -> int:
    """The document's own record (title, publisher, its printed date); returns the date's line."""
    try:
        date_line = doc.find_line(spec.date_anchor)
    except SourceFormatError as error:
        doc.problems.append(str(error))
        date_line = 1
    if spec.date and spec.date not in doc.lines[date_line - 1]:
        doc.problem(date_line, f"date {spec.date!r} is not on the line {spec.date_anchor!r} finds")
    out.sources[spec.id] = Source(
        id=spec.id,
        title=spec.title,
        publisher=spec.publisher,
        date=spec.date,
        date_note=spec.date or spec.date_note or "undated",
        year=spec.year,
        date_citation=doc.cite(date_line),
        file=doc.path,
    )
    return date_line


def _contact(doc: Document, c: ContactSpec) -> Contact:
    quoted = {f: _cited(doc, getattr(c, f)) for f in ("phone", "fax", "email", "url", "hours") if getattr(c, f)}
    return Contact(program=c.program, label=c.label, **{f: v for f, v in quoted.items() if v})


def _rules(doc: Document, spec: DocumentSpec) -> list[Rule]:
    rules = []
    for r in spec.rule:
        try:
            citations = tuple(doc.cite(doc.find_one(a)) for a in r.anchors)
        except SourceFormatError as error:
            doc.problems.append(f"{error} (rule {r.id})")
            continue
        _numbers_quoted(doc, f"rule {r.id}", r.summary, list(citations))
        rules.append(Rule(id=r.id, program=r.program, topics=r.topics, summary=r.summary, citations=citations))
    return rules


def _check_counts(doc: Document, spec: DocumentSpec, rows: list[Listing]) -> None:
    for count in spec.count:
        try:
            number = doc.find_one(count.anchor)
        except SourceFormatError as error:
            doc.problems.append(str(error))
            continue
        m = re.search(count.number, doc.lines[number - 1])
        if not m:
            doc.problem(number, f"no number matching {count.number!r} on the line {count.anchor!r} finds")
            continue
        counted = [
            x
            for x in rows
            if x.program == count.program and (count.marker is None or any(n.symbol == count.marker for n in x.notes))
        ]
        if int(m.group(1)) != len(counted):
            which = f"rows marked {count.marker}" if count.marker else "rows"
            doc.problem(number, f"the document says {m.group(1)}, but {count.program} has {len(counted)} {which}")


def _check_duplicates(doc: Document, rows: list[Listing]) -> None:
    seen = Counter((x.program, x.table, x.codes, x.names, x.description, x.date_added) for x in rows)
    first: dict[tuple, int] = {}
    for x in rows:
        k = (x.program, x.table, x.codes, x.names, x.description, x.date_added)
        if seen[k] > 1:
            if k in first:
                doc.problem(x.citation.line, f"duplicate row (same as line {first[k]})")
            else:
                first[k] = x.citation.line


def read_folder(directory: Path) -> Loaded:
    """Read and cross-check a documents folder; problems are listed in `.problems`, never raised."""
    out = Loaded(directory=directory)
    try:
        manifest = read_manifest(directory)
    except ManifestError as error:
        out.problems.append(str(error))
        return out
    out.manifest = manifest
    docs: list[Document] = []
    for spec in manifest.document:
        try:
            doc = Document.read(spec.id, spec.file, directory)
        except (OSError, UnicodeDecodeError) as error:
            out.problems.append(f"{spec.file}: cannot read ({type(error).__name__}: {error})")
            continue
        docs.append(doc)
        try:
            _read(doc, spec, out)
        except SourceFormatError as error:
            doc.problems.append(str(error))
        out.problems += doc.problems
    for spec in manifest.document:
        for p in spec.program:
            if p.shares and p.id in out.programs and p.shares in out.programs:
                # SCO+ and the coverage policy share the SCO team's line; the policy itself prints none.
                shared = out.programs[p.shares]
                mine = out.programs[p.id]
                out.programs[p.id] = mine.model_copy(
                    update={"contacts": mine.contacts + shared.contacts, "rules": mine.rules + shared.rules}
                )
    layouts = {p.id: d.layout for d in manifest.document for p in d.program}
    products: dict[str, dict[str, ProductSpec]] = {
        p.id: {x.code: x for x in d.product} for d in manifest.document for p in d.program
    }
    unclassified = frozenset(manifest.unclassified_codes)
    out.drugs, problems = link(
        out.listings, manifest.program_ids, layouts, products, manifest.same_product, unclassified
    )
    out.problems += problems
    out.codes = _codes(out.listings, unclassified)
    out.vocabulary = _vocabulary(manifest, out.problems)
    _read_asked(docs, out)
    return out


def _read_asked(docs: list[Document], out: Loaded) -> None:
    """The documents' prose passages, and what people ask about each (questions.toml, thesaurus.toml)."""
    rows: dict[str, set[int]] = defaultdict(set)
    for x in out.listings:
        rows[x.citation.source].update(c.line for c in (x.citation, *x.extra_citations))
    by_source = {doc.source_id: passages(doc.source_id, doc.path, doc.lines, rows[doc.source_id]) for doc in docs}
    out.passages = tuple(p for found in by_source.values() for p in found)
    out.asked = read_questions(out.directory, by_source, out.problems)
    out.thesaurus = read_thesaurus(out.directory, out.problems)
    out.problems += unknown_scopes(out.asked, out.thesaurus)


def _vocabulary(manifest: Manifest, problems: list[str]) -> Vocabulary:
    """The question words, in the manifest's order: a group sits where its first program does, after
    that program's own words ('sco+' is read before 'site of care')."""
    order = {p: i for i, p in enumerate(manifest.program_ids)}
    entries = [ProgramWords(programs=(p.id,), words=p.words) for d in manifest.document for p in d.program if p.words]
    entries += [ProgramWords(programs=g.programs, words=g.words, group=g.id) for g in manifest.group]
    entries.sort(key=lambda e: order[e.programs[0]] + (0.5 if e.group else 0))
    marked = [
        MarkedWords(program=n.asks_program or d.program[0].id, symbol=n.symbol, words=n.asks)
        for d in manifest.document
        for n in d.note
        if n.asks
    ]
    for words in [*(e.words for e in entries), *(m.words for m in marked)]:
        for pattern in words:
            try:
                re.compile(pattern)
            except re.error as error:
                problems.append(f"sources.toml: question words {pattern!r}: {error}")
    return Vocabulary(programs=tuple(entries), marked=tuple(marked))


def _codes(listings: list[Listing], unclassified: frozenset[str]) -> dict[str, Code]:
    descriptions: dict[str, list[Cited]] = defaultdict(list)
    for listing in listings:
        for code in listing.codes:
            if listing.description:
                descriptions[code].append(Cited(value=listing.description, citation=listing.citation))
            else:
                descriptions.setdefault(code, [])
    return {
        code: Code(code=code, descriptions=tuple(cited), unclassified=code in unclassified)
        for code, cited in descriptions.items()
    }
