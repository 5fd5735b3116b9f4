"""What a new edition changed ('what changed in the SCO list?', 'was Aduhelm removed?'), answered from
the diff between the edition loaded and the one the documents folder keeps in history/, each change
citing its line in both editions (or, for a row that is gone, its old line and the new edition's date)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from intents.answer import Statement
from intents.draft import Draft
from intents.reading.question import Question
from intents.registry import Cue, intent
from intents.wording_table import named_first, phrase, sentence
from knowledge import names
from knowledge.kb import KnowledgeBase
from knowledge.models import Citation

if TYPE_CHECKING:
    from knowledge.diff import Diff, RowRef

MAX_NAMED = 8  # rows named in a headline; the statements list every one


def _subjects(kb: KnowledgeBase, q: Question) -> tuple[set[str], set[str], list[str]]:
    """Name keys and codes of the drugs asked about (a drug the new edition dropped entirely is known
    only to the old one), and their display names."""
    drugs = [kb.drugs[m.drug_id] for m in q.found.drugs]
    if kb.history is not None:
        for word in q.found.unknown:
            drugs += kb.history.drugs_named(word)
    keys = {names.key(n) for d in drugs for n in (d.name, *d.aliases, *d.generics)}
    codes = {c for d in drugs for c in d.codes}
    return keys, codes, list(dict.fromkeys(d.name for d in drugs))


def _about(row: RowRef, keys: set[str], codes: set[str]) -> bool:
    if row.names:
        return any(names.key(n) in keys for n in row.names)
    return any(c in codes for c in row.codes)


def _date(kb: KnowledgeBase, program: str) -> tuple[str, Citation | None]:
    source = kb.source_of(program) if program in kb.programs else None
    return (source.date_note, source.date_citation) if source else ("", None)


def _statements(kb: KnowledgeBase, d: Diff, programs: set[str] | None, keys: set[str], codes: set[str]):
    subject = bool(keys or codes)

    def wanted(row: RowRef) -> bool:
        return (programs is None or row.program in programs) and (not subject or _about(row, keys, codes))

    out = _row_statements(kb, d, wanted)
    if not subject:  # a question about a drug or code is answered by its rows alone
        out += _contact_statements(kb, d, programs) + _document_statements(kb, d, programs)
    return out


def _row_statements(kb: KnowledgeBase, d: Diff, wanted: Callable[[RowRef], bool]) -> list[tuple[str, str, Statement]]:
    """Rows added, removed and changed, as (kind, what it is about, statement)."""
    old = kb.history
    assert old is not None

    def short(program: str) -> str:
        record = kb.programs.get(program) or old.programs.get(program)
        return record.short if record else program

    out: list[tuple[str, str, Statement]] = []
    for row in (r for r in d.rows_added if wanted(r)):
        new_date, new_line = _date(kb, row.program)
        cites = [row.citation, *([new_line] if new_line else [])]
        codes = sentence("row_codes", codes=", ".join(row.codes)) if row.codes else ""
        text = sentence("change_added", list=short(row.program), date=new_date, row=row.label, codes=codes)
        out.append(("added", row.label, Statement(summary=text, citations=cites)))
    for row in (r for r in d.rows_removed if wanted(r)):
        old_date, _ = _date(old, row.program)
        new_date, new_line = _date(kb, row.program)
        codes = sentence("row_codes", codes=", ".join(row.codes)) if row.codes else ""
        text = sentence(
            "change_removed", list=short(row.program), row=row.label, codes=codes, old=old_date, new=new_date
        )
        out.append(
            ("removed", row.label, Statement(summary=text, citations=[row.citation, *([new_line] if new_line else [])]))
        )
    for change in (c for c in d.rows_changed if wanted(c.new) or wanted(c.old)):
        old_date, _ = _date(old, change.old.program)
        new_date, _ = _date(kb, change.new.program)
        what = "; ".join(
            f"{f.field.replace('_', ' ')} {f.old or '(none)'} → {f.new or '(none)'}" for f in change.fields
        )
        text = sentence(
            "change_changed",
            list=short(change.new.program),
            old=old_date,
            new=new_date,
            row=change.new.label,
            what=what,
        )
        out.append(
            (
                "changed",
                f"{change.new.label}: {what}",
                Statement(summary=text, citations=[change.old.citation, change.new.citation]),
            )
        )
    return out


def _contact_statements(kb: KnowledgeBase, d: Diff, programs: set[str] | None) -> list[tuple[str, str, Statement]]:
    out: list[tuple[str, str, Statement]] = []
    for c in d.contacts_changed:
        if (
            programs is not None
            and c.program not in programs
            and not (c.program and any(kb.programs[p].shares == c.program for p in programs if p in kb.programs))
        ):
            continue
        cites = [x for x in (c.old_citation, c.new_citation) if x]
        text = f"{c.label}: {c.field} {c.old or '(none)'} → {c.new or '(none)'}."
        out.append(("contact", c.label, Statement(summary=text, citations=cites)))
    return out


def _document_statements(kb: KnowledgeBase, d: Diff, programs: set[str] | None) -> list[tuple[str, str, Statement]]:
    old = kb.history
    assert old is not None
    out: list[tuple[str, str, Statement]] = []
    for doc in d.documents_changed:
        doc_programs = {p.id for p in kb.programs.values() if p.source == doc.id}
        if programs is not None and not doc_programs & programs:
            continue
        cites = [x for x in (doc.old_citation, doc.new_citation) if x]
        source = kb.sources.get(doc.id) or old.sources.get(doc.id)
        title = f"“{source.title}”" if source else doc.id
        if doc.old_date is None:
            text = sentence("document_new", title=title, date=doc.new_date)
        elif doc.new_date is None:
            text = sentence("document_gone", title=title, date=doc.old_date)
        else:
            text = sentence("document_replaced", title=title, old=doc.old_date, new=doc.new_date)
        out.append(("document", doc.id, Statement(summary=text, citations=cites)))
    return out


def _names(statements: list[tuple[str, str, Statement]], kind: str) -> list[str]:
    return [about for k, about, _ in statements if k == kind]


@intent(
    "changes",
    order=45,
    when=lambda q: q.asks_change,
    needs=Cue.CHANGE,
)
def handle_changes(draft: Draft, q: Question) -> None:
    # The diff's models are built at the first question about changes, not at every start (~4 ms).
    from knowledge.diff import changes

    kb = draft.kb
    d = changes(kb)
    if d is None:  # the folder dropped its history since the question was read
        draft.status = "out_of_scope"
        draft.headline = sentence("changes_no_history")
        return
    keys, codes, asked = _subjects(kb, q)
    programs = set(q.programs) if q.programs else None
    statements = _statements(kb, d, programs, keys, codes)
    for program in q.programs or kb.program_ids:
        draft.use_program(program)
    draft.statements += [s for _, _, s in statements]
    kinds = [k for k, _, _ in statements]
    if asked:
        subject = ", ".join(asked)
        if not statements:
            draft.headline = sentence("changes_none_about", subject=subject)
            return
        draft.headline = " ".join(s.summary for _, _, s in statements[:MAX_NAMED])
        return
    scope = ", ".join(kb.programs[p].short for p in q.programs) if q.programs else sentence("changes_everywhere")
    if not statements:
        draft.headline = sentence("changes_none_in", scope=scope)
        return
    parts = []
    for kind, verb in (("added", "added"), ("removed", "removed"), ("changed", "changed")):
        rows = _names(statements, kind)
        if rows:
            count = kinds.count(kind)
            shown = named_first(rows, MAX_NAMED)
            parts.append(phrase("rows_changed", count=count, s="s" if count > 1 else "", verb=verb, shown=shown))
    parts += [s.summary.rstrip(".") for k, _, s in statements if k in ("contact", "document")]
    draft.headline = sentence("changes_since", scope=scope, changes="; ".join(parts))
