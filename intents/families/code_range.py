"""A range of codes ('which codes from J7193 through J7203 need home infusion precert?'): the codes the
documents print in it, counted, one row each with what its row says, grouped by verdict."""

from __future__ import annotations

from intents.draft import Draft, first_contact, listing_status
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import intent
from intents.wording import row_statement
from intents.wording_table import joined, phrase
from knowledge.models import Listing


def _sentences() -> dict:
    return phrasing_data()["ranges"]


@intent(
    "code_range",
    order=15,
    when=lambda q: bool(q.phrasing.ranges),
)
def handle_code_range(draft: Draft, q: Question) -> None:
    say = _sentences()
    named = [p for p in q.programs if p not in q.context_programs]
    heads = []
    for r in q.phrasing.ranges:
        rows = [x for code in r.codes for x in draft.kb.listings_with_code(code) if not named or x.program in named]
        shorts = [draft.kb.program(p).short for p in named]
        on = phrase("range_rows_on", lists=joined(shorts), count=len(rows)) if named else ""
        s = "" if len(r.codes) == 1 else "s"
        parts = [say["range_lead"].format(low=r.low, high=r.high, count=len(r.codes), s=s, on=on)]
        parts += _verdicts(draft, rows, len(r.codes))
        if named and not rows:
            parts.append(say["range_none"].format(lists=joined(shorts, "or_the")))
        heads.append("; ".join(parts) + ".")
        for x in rows:
            draft.use_program(x.program)
            draft.statements.append(row_statement(draft, x))
    draft.headline = " ".join(heads)


def _verdicts(draft: Draft, rows: list[Listing], count: int) -> list[str]:
    """One clause per verdict the rows print ('Precert through Cigna', 'Moved to DME program'), with
    the number to call."""
    say = _sentences()
    groups: dict[tuple[str, str], list[Listing]] = {}
    for x in rows:
        said = (x.status_note or x.requirement or draft.kb.program(x.program).requirement).rstrip(".")
        groups.setdefault((x.program, said), []).append(x)
    out = []
    for (program, said), group in groups.items():
        codes = list(dict.fromkeys(c for x in group for c in x.codes))
        key = "range_all" if len(codes) == count else "range_some"
        short = draft.kb.program(program).short
        line = say[key].format(n=len(codes), count=count, codes=", ".join(codes), said=said, short=short)
        contact = first_contact(draft.kb, program, listing_status(draft.kb, group[0]))
        if contact and contact.phone:
            line += say["range_call"].format(label=contact.label, phone=contact.phone)
            if contact.program not in draft.contact_programs:
                draft.contact_programs.append(contact.program)
        out.append(line)
    return out
