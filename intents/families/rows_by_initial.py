"""'eviCore drugs starting with K', 'how many SCO drugs begin with A?': the rows of a list whose printed
name starts with the letter asked, counted and cited — never the list's whole count for a count asked of
some of its rows. The words are data (intents/phrasing/phrasing.toml [initials])."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.families.rows_by_route import route_asked
from intents.phrasing.words import phrasing_data
from intents.reading.literal_gate import gated
from intents.reading.question import Question
from intents.registry import intent
from intents.wording import row_statement
from intents.wording_table import named_first

MAX_NAMED = 30  # names in the sentence; every row is listed below it


@cache
def _initial() -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["initials"]["asks"]))


def _letter_asked(q: Question) -> str | None:
    if has_drugs(q) or q.found.codes or q.phrasing.ranges:
        return None
    found = _initial().search(q.text)
    return found["letter"] if found else None


@intent(
    "rows_by_initial",
    order=29,
    when=lambda q: _letter_asked(q) is not None,
)
def handle_rows_by_initial(draft: Draft, q: Question) -> None:
    say, letter = phrasing_data()["initials"], (_letter_asked(q) or "").upper()
    route = route_asked(q)  # 'oral chemo starting with Z': of that route only
    which = say["which"].format(route=" or ".join(f"“{r}”" for r in sorted(route))) if route else ""
    named = [p for p in q.programs if p not in q.context_programs]
    heads = []
    for program in named or list(draft.kb.program_ids):
        rows = [x for x in draft.kb.listings if x.program == program and x.names]
        rows = [x for x in rows if route is None or (x.route or "").upper() in route]
        picked = [x for x in rows if _plain(x.names[0]).upper().startswith(letter)]
        if not picked and not named:
            continue
        draft.use_program(program)
        if program not in draft.contact_programs:
            draft.contact_programs.append(program)
        names = list(dict.fromkeys(x.names[0] for x in picked))
        short = draft.kb.program(program).short
        lead = say["none" if not names else "lead_one" if len(names) == 1 else "lead"]
        shown = named_first(names, MAX_NAMED)
        heads.append(lead.format(n=len(names), which=which, short=short, letter=letter, names=shown))
        draft.statements += [row_statement(draft, x) for x in picked]
    draft.headline = " ".join(heads) or say["nowhere"].format(letter=letter)


def _plain(name: str) -> str:
    """A printed name without its leading markers ('***FUSILEV', '*/***AZACITIDINE')."""
    return re.sub(r"^[^A-Za-z0-9]+", "", name)
