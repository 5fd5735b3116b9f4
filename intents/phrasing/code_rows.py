"""A yes/no asked of a code that names no drug ('S9359 needs precert?', 'b4105 need auth?'): the rows that
print it decide — 'Yes —' with whom to call when every row requires precert on a list the question names
(or names none of), said in the rows' own words; a row that moved to another program, or a list the
question doesn't ask about, leaves the rows to speak for themselves (phrasing.toml [code_rows])."""

from __future__ import annotations

import re

from intents.draft import Draft, listing_status
from intents.phrasing.list_fact import asks_list_fact
from intents.phrasing.shape import Shape
from intents.phrasing.words import phrasing_data, phrasing_words
from intents.reading.question import Question
from intents.wording_table import table_sentence
from knowledge.models import Listing


def drugless_code_lead(draft: Draft, q: Question, shape: Shape) -> bool:
    codes = [c.code for c in q.found.codes if c.known]
    if len(codes) != 1 or len(q.found.codes) != 1:
        return False  # (an unclassified code's one row decides as well: 'S9379 precert?', HIT NOC per diem)
    code = codes[0]
    rows: list[Listing] = draft.kb.listings_with_code(code)
    if not rows or draft.kb.drugs_with_code(code) or len(rows) > 1:
        return False
    row = rows[0]
    named = [p for p in q.programs if p not in q.context_programs]
    status = listing_status(draft.kb, row)
    if status == "moved" and not shape.asserted and not named:
        return _moved(draft, q, row)  # 'S9364 needs precert?': moved to another program
    if status == "moved" and shape.claim == "listed" and _move_asserted(q, row):
        return _moved(draft, q, row, "correct")  # 'S9368 moved to home health, correct?'
    if (named and row.program not in named) or status not in phrasing_words().yes_statuses:
        return False
    if not row.description or not row.requirement or not asks_list_fact(draft, q):
        return False
    say = phrasing_data()["code_rows"]
    # ('no precert needed for S9359, correct?' denies what its row prints; another claim is left alone)
    key = (
        {"listed": "correct", "no_pa": "not_so", "not_listed": "not_so"}.get(shape.claim or "")
        if shape.asserted
        else "yes"
    )
    if key is None:
        return False
    draft.headline = say[key].format(
        code=code,
        list=draft.kb.program(row.program).short,
        description=row.description,
        requirement=row.requirement.rstrip("."),
        call=_call(draft, row.program),
    )
    return True


def _moved(draft: Draft, q: Question, row: Listing, verdict: str = "") -> bool:
    """The row says the code moved to another program, which the documents don't describe: said first,
    with whom to call (after the verdict on a move asserted)."""
    if not row.description or not row.status_note or (not verdict and not asks_list_fact(draft, q)):
        return False
    draft.headline = phrasing_data()["code_rows"]["moved"].format(
        code=row.codes[0],
        list=draft.kb.program(row.program).short,
        description=row.description,
        note=row.status_note,
        call=_call(draft, row.program),
    )
    if verdict:
        draft.headline = phrasing_data()["code_rows_moved"][verdict].format(moved=draft.headline)
    return True


def _move_asserted(q: Question, row: Listing) -> bool:
    """The claim says the code moved, to the program its row's note names."""
    say = phrasing_data()["code_rows_moved"]
    to = re.search(say["to"], (row.status_note or "").lower())
    return bool(to and re.search(say["move"], q.text) and re.search(rf"\b{re.escape(to.group('to'))}\b", q.text))


def _call(draft: Draft, program: str) -> str:
    """The list's own number, else Cigna's general line said as such (the answer's contacts follow it)."""
    own = [c for c in draft.kb.contacts(program) if c.phone]
    if own:
        if program not in draft.contact_programs:
            draft.contact_programs.append(program)
        return table_sentence("call", "listed", label=own[0].label, phone=own[0].phone.value)
    general = next((c for c in draft.kb.general_contacts if c.phone), None)
    if general is None:
        return ""
    if None not in draft.contact_programs:
        draft.contact_programs.append(None)
    return table_sentence("call", "list-prints-none", label=general.label, phone=general.phone.value)


def program_rule_lead(draft: Draft, q: Question) -> bool:
    """'does cellular therapy need prior auth?' answered by a program's overview: the program's own rule
    that every one of its therapies requires prior authorization (phrasing.toml [program_rule]) leads, with
    its yes, when the question asks just that."""
    named = [p for p in q.programs if p not in q.context_programs]
    say = phrasing_data()["program_rule"]
    rules = [r for p in named[:1] for r in draft.kb.rules(program=p, topic=say["topic"])] if len(named) == 1 else []
    if not rules or not asks_list_fact(draft, q):
        return False
    draft.add_rules(rules[:1])
    draft.headline = say["yes"].format(rule=rules[0].summary, headline=draft.headline)
    return True
