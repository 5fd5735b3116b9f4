"""What changed between two editions of the documents folder: rows added, removed and changed, contacts
and document dates changed, drugs gone and new. `precert-bot kb diff OLD NEW [--json]` prints it; the
"what changed?" answers read it. Every change carries the lines it rests on, from both editions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from knowledge import names
from knowledge.kb import KnowledgeBase
from knowledge.models import Citation, Contact, Listing

ROW_FIELDS = (
    "codes",
    "names",
    "generic",
    "description",
    "date_added",
    "route",
    "requirement",
    "line_of_business",
    "status_note",
    "markers",
)
CONTACT_FIELDS = ("phone", "fax", "email", "url", "hours")


class Change(BaseModel):
    # Built at the first diff, not when the intent families are imported (every process's first question).
    model_config = ConfigDict(frozen=True, defer_build=True)


class RowRef(Change):
    program: str
    table: str
    label: str  # the row's names, or its code and description
    names: list[str] = []
    codes: list[str] = []
    citation: Citation


class FieldChange(Change):
    field: str
    old: str
    new: str


class RowChange(Change):
    old: RowRef
    new: RowRef
    fields: list[FieldChange]


class ContactChange(Change):
    program: str | None
    label: str
    field: str
    old: str | None
    new: str | None
    old_citation: Citation | None = None
    new_citation: Citation | None = None


class DocumentChange(Change):
    id: str
    old_date: str | None
    new_date: str | None
    old_file: str | None
    new_file: str | None
    old_citation: Citation | None = None
    new_citation: Citation | None = None


class DrugRef(Change):
    id: str
    name: str


class Diff(Change):
    rows_added: list[RowRef] = []
    rows_removed: list[RowRef] = []
    rows_changed: list[RowChange] = []
    contacts_changed: list[ContactChange] = []
    documents_changed: list[DocumentChange] = []
    drugs_new: list[DrugRef] = []
    drugs_gone: list[DrugRef] = []
    programs_new: list[str] = []
    programs_gone: list[str] = []

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f) for f in type(self).model_fields)


def _value(x: Listing, field: str) -> str:
    if field == "markers":
        return " ".join(n.symbol for n in x.notes)
    value = getattr(x, field)
    if isinstance(value, tuple):
        return ", ".join(value)
    return value or ""


def _label(x: Listing) -> str:
    if x.names:
        return " / ".join(x.names)
    return f"{', '.join(x.codes) or '(no code)'} {x.description or ''}".strip()


def _ref(x: Listing) -> RowRef:
    return RowRef(
        program=x.program, table=x.table, label=_label(x), names=list(x.names), codes=list(x.codes), citation=x.citation
    )


def _same(a: Listing, b: Listing) -> bool:
    return all(_value(a, f) == _value(b, f) for f in ROW_FIELDS)


def _pair(old: list[Listing], new: list[Listing], key) -> list[tuple[Listing, Listing]]:
    """Pairs of rows that share a key and are the only ones to: that row, changed."""
    by_old: dict = defaultdict(list)
    by_new: dict = defaultdict(list)
    for x in old:
        by_old[key(x)].append(x)
    for x in new:
        by_new[key(x)].append(x)
    pairs = []
    for k, olds in by_old.items():
        news = by_new.get(k, [])
        if k and len(olds) == 1 and len(news) == 1:
            pairs.append((olds[0], news[0]))
    return pairs


def _rows(old: KnowledgeBase, new: KnowledgeBase, diff: dict) -> None:
    remaining_old = list(old.listings)
    remaining_new = list(new.listings)
    # Unchanged rows first (same program, table and every field), wherever they moved in the file.
    pool: dict = defaultdict(list)
    for x in remaining_new:
        pool[(x.program, x.table, *(_value(x, f) for f in ROW_FIELDS))].append(x)
    still_old = []
    for x in remaining_old:
        k = (x.program, x.table, *(_value(x, f) for f in ROW_FIELDS))
        if pool.get(k):
            pool[k].pop()
        else:
            still_old.append(x)
    still_new = [x for bucket in pool.values() for x in bucket]
    still_new.sort(key=lambda x: (x.citation.file, x.citation.line))
    # Then the same row with something changed: paired by its names, else by its codes.
    keys = (
        lambda x: (x.program, x.table, tuple(names.key(n) for n in x.names)) if x.names else None,
        lambda x: (x.program, x.table, x.codes) if x.codes else None,
        lambda x: (x.program, x.table, x.generic) if x.generic else None,
    )
    for key in keys:
        for a, b in _pair(still_old, still_new, key):
            fields = [
                FieldChange(field=f, old=_value(a, f), new=_value(b, f))
                for f in ROW_FIELDS
                if _value(a, f) != _value(b, f)
            ]
            diff["rows_changed"].append(RowChange(old=_ref(a), new=_ref(b), fields=fields))
            still_old.remove(a)
            still_new.remove(b)
    diff["rows_removed"] = [_ref(x) for x in still_old]
    diff["rows_added"] = [_ref(x) for x in still_new]


def _contacts(kb: KnowledgeBase) -> dict[tuple[str | None, str], Contact]:
    out: dict[tuple[str | None, str], Contact] = {}
    for program in kb.programs.values():
        for c in program.contacts:
            if c.program == program.id:  # a shared contact is reported once, under its own program
                out[(c.program, c.label)] = c
    for c in kb.general_contacts:
        out[(None, c.label)] = c
    return out


def _contact_changes(old: KnowledgeBase, new: KnowledgeBase) -> list[ContactChange]:
    a, b = _contacts(old), _contacts(new)
    out = []
    for key in [*a, *(k for k in b if k not in a)]:
        ca, cb = a.get(key), b.get(key)
        for f in CONTACT_FIELDS:
            va, vb = getattr(ca, f, None) if ca else None, getattr(cb, f, None) if cb else None
            if (va.value if va else None) != (vb.value if vb else None):
                out.append(
                    ContactChange(
                        program=key[0],
                        label=key[1],
                        field=f,
                        old=va.value if va else None,
                        new=vb.value if vb else None,
                        old_citation=va.citation if va else None,
                        new_citation=vb.citation if vb else None,
                    )
                )
    return out


def _document_changes(old: KnowledgeBase, new: KnowledgeBase) -> list[DocumentChange]:
    out = []
    for sid in [*old.sources, *(s for s in new.sources if s not in old.sources)]:
        a, b = old.sources.get(sid), new.sources.get(sid)
        if a and b and a.date_note == b.date_note and a.file.rsplit("/", 1)[-1] == b.file.rsplit("/", 1)[-1]:
            continue
        out.append(
            DocumentChange(
                id=sid,
                old_date=a.date_note if a else None,
                new_date=b.date_note if b else None,
                old_file=a.file if a else None,
                new_file=b.file if b else None,
                old_citation=a.date_citation if a else None,
                new_citation=b.date_citation if b else None,
            )
        )
    return out


_CACHE: dict[tuple[int, int], tuple[KnowledgeBase, KnowledgeBase, Diff]] = {}


def changes(kb: KnowledgeBase) -> Diff | None:
    """What changed since the edition the folder keeps in history/ (None when it keeps none); computed
    once per knowledge base."""
    if kb.history is None:
        return None
    key = (id(kb.history), id(kb))
    if key not in _CACHE:
        _CACHE.clear()  # one edition at a time: a reload replaces it
        _CACHE[key] = (kb.history, kb, diff(kb.history, kb))
    return _CACHE[key][2]


def diff(old: KnowledgeBase, new: KnowledgeBase) -> Diff:
    parts: dict = {"rows_changed": []}
    _rows(old, new, parts)
    return Diff(
        **parts,
        contacts_changed=_contact_changes(old, new),
        documents_changed=_document_changes(old, new),
        drugs_new=[DrugRef(id=d.id, name=d.name) for i, d in new.drugs.items() if i not in old.drugs],
        drugs_gone=[DrugRef(id=d.id, name=d.name) for i, d in old.drugs.items() if i not in new.drugs],
        programs_new=[p for p in new.program_ids if p not in old.programs],
        programs_gone=[p for p in old.program_ids if p not in new.programs],
    )


def _where(c: Citation | None) -> str:
    return f"{c.file.rsplit('/', 1)[-1]}:{c.line}" if c else "-"


def render(d: Diff) -> str:
    """One line per change, grouped; an empty diff says so."""
    if d.empty:
        return "No changes."
    lines: list[str] = []

    def section(title: str, items: Iterable[str]) -> None:
        items = list(items)
        if items:
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  {i}" for i in items)

    section(
        "Documents changed",
        (f"{c.id}: {c.old_date} -> {c.new_date} ({c.old_file} -> {c.new_file})" for c in d.documents_changed),
    )
    section("Programs new", d.programs_new)
    section("Programs gone", d.programs_gone)
    section("Rows added", (f"[{r.program}] {r.label}  ({_where(r.citation)})" for r in d.rows_added))
    section("Rows removed", (f"[{r.program}] {r.label}  ({_where(r.citation)})" for r in d.rows_removed))
    section(
        "Rows changed",
        (
            f"[{c.new.program}] {c.new.label}: "
            + "; ".join(f"{f.field} {f.old or '(none)'} -> {f.new or '(none)'}" for f in c.fields)
            + f"  ({_where(c.old.citation)} -> {_where(c.new.citation)})"
            for c in d.rows_changed
        ),
    )
    section(
        "Contacts changed",
        (
            f"{c.label} {c.field}: {c.old or '(none)'} -> {c.new or '(none)'}  "
            f"({_where(c.old_citation)} -> {_where(c.new_citation)})"
            for c in d.contacts_changed
        ),
    )
    section("Drugs new", (x.name for x in d.drugs_new))
    section("Drugs gone", (x.name for x in d.drugs_gone))
    return "\n".join(lines)
