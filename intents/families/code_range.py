"""A range of codes ('which codes from J7193 through J7203 need home infusion precert?', 'S93xx', 'any of
the J90 codes'): the codes the documents print in it, counted, one row each with what its row says,
grouped by verdict. A range no document prints a code of is not found, never a yes or a no."""

from __future__ import annotations

from intents.draft import Draft, first_contact, listing_status
from intents.phrasing.ranges import CodeRange
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import Cue, intent
from intents.wording import row_statement
from intents.wording_table import joined, named_first
from knowledge.models import Listing

MAX_CODES_NAMED = 24  # codes named in one verdict's clause; the statements cite every row


def _sentences() -> dict:
    return phrasing_data()["ranges"]


def _label(r: CodeRange) -> str:
    say = phrasing_data()["open_ranges"]
    if r.said:
        return say["typed_label"].format(typed=r.said, low=r.low, high=r.high)
    return say["label"].format(low=r.low, high=r.high)


@intent(
    "code_range",
    order=15,
    when=lambda q: bool(q.phrasing.ranges),
    needs=Cue.RANGES,
)
def handle_code_range(draft: Draft, q: Question) -> None:
    named = [p for p in q.programs if p not in q.context_programs]
    printed = [r for r in q.phrasing.ranges if r.codes]
    none = [
        phrasing_data()["open_ranges"]["none"].format(low=r.low, high=r.high) for r in q.phrasing.ranges if not r.codes
    ]
    if not printed:
        draft.status = "not_found"
        for program in named or draft.kb.program_ids:
            draft.use_program(program)
        draft.headline = " ".join(none)
        return
    heads = []
    for r in printed:  # in the order typed; the ranges printing nothing after them
        rows = [x for code in r.codes for x in draft.kb.listings_with_code(code) if not named or x.program in named]
        heads.append(_range_head(draft, r, rows, named))
        for x in rows:
            draft.use_program(x.program)
            draft.statements.append(row_statement(draft, x))
    heads += _codes_beside(draft, q, named)
    draft.headline = " ".join([*heads, *none])


def _codes_beside(draft: Draft, q: Question, named: list[str]) -> list[str]:
    """Codes typed beside a range ('J7186, J7187, J7189 thru J7192'): each answered with the range's."""
    ranges = q.phrasing.ranges
    beside = [c for c in q.found.codes if not any(r.low <= c.code <= r.high for r in ranges)]
    printed = [c.code for c in beside if c.known]
    for c in beside:
        if not c.known:
            draft.add_not_found(c.code)
    if not printed:
        return []
    rows = [x for code in printed for x in draft.kb.listings_with_code(code) if not named or x.program in named]
    for x in rows:
        draft.use_program(x.program)
        draft.statements.append(row_statement(draft, x))
    say = phrasing_data()["open_ranges"]["beside"].format(codes=", ".join(printed))
    return [say + ": " + "; ".join(_verdicts(draft, rows, tuple(printed), len(printed))) + "."]


def _range_head(draft: Draft, r: CodeRange, rows: list[Listing], named: list[str]) -> str:
    """The range's count, on the lists named when some are, then each verdict its rows print."""
    say = _sentences()
    count, s = len(r.codes), "" if len(r.codes) == 1 else "s"
    if named:
        shorts = [draft.kb.program(p).short for p in named]
        on = len({c for x in rows for c in x.codes if c in r.codes})
        parts = [
            phrasing_data()["open_ranges"]["lead_on"].format(
                label=_label(r),
                count=count,
                s=s,
                n=on,
                lists=joined(shorts),
                rows=len(rows),
                rs="" if len(rows) == 1 else "s",
            )
        ]
        parts += _verdicts(draft, rows, r.codes, on)
        if not rows:
            parts.append(say["range_none"].format(lists=joined(shorts, "or_the")))
        return "; ".join(parts) + "."
    lead = phrasing_data()["open_ranges"]["lead"].format(label=_label(r), count=count, s=s)
    return "; ".join([lead, *_verdicts(draft, rows, r.codes, count)]) + "."


def _verdicts(draft: Draft, rows: list[Listing], inside: tuple[str, ...], count: int) -> list[str]:
    """One clause per verdict the rows print ('Precert through Cigna', 'Moved to DME program'), with
    the number to call; a row's codes outside the range are not named."""
    say = _sentences()
    groups: dict[tuple[str, str], list[Listing]] = {}
    for x in rows:
        said = (x.status_note or x.requirement or draft.kb.program(x.program).requirement).rstrip(".")
        groups.setdefault((x.program, said), []).append(x)
    out = []
    for (program, said), group in groups.items():
        codes = sorted({c for x in group for c in x.codes if c in inside})
        key = "range_all" if len(codes) == count else "range_some"
        short = draft.kb.program(program).short
        shown = named_first(codes, MAX_CODES_NAMED)
        line = say[key].format(n=len(codes), count=count, codes=shown, said=said, short=short)
        contact = first_contact(draft.kb, program, listing_status(draft.kb, group[0]))
        if contact and contact.phone:
            line += say["range_call"].format(label=contact.label, phone=contact.phone)
            if contact.program not in draft.contact_programs:
                draft.contact_programs.append(contact.program)
        out.append(line)
    return out
