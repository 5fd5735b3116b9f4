"""'Which eviCore drugs are oral?', 'how many subcutaneous drugs are on the oncology list?': the rows whose
printed route of administration is the one asked, counted and cited. Routes are data (phrasing.toml
[sets] routes): asked words and the values a list prints."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.families.asked_quantity import rule_leads_data
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.reading.search import with_note_numbers
from intents.registry import NO_SUBJECT, intent
from intents.wording import row_statement
from intents.wording_table import named_first
from knowledge.models import ProgramId

MAX_NAMED = 25  # names in the sentence; every row is listed below it
_NOTE_NUMBER = re.compile(r"\bnote\d")  # a numbered footnote pointed at (search.with_note_numbers)


@cache
def _routes() -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    return tuple((re.compile(r["asked"]), frozenset(r["printed"])) for r in phrasing_data()["sets"]["routes"])


@cache
def _where() -> re.Pattern[str]:
    return re.compile(rule_leads_data()["where"]["asks"])


@cache
def _set_question() -> re.Pattern[str]:
    """Asks for rows: 'which…', 'how many…', or a count's noun ('number of oral chemo drugs evicore', '# of
    oral onc meds'), which else fell to the whole list's count (phrasing.toml [count_nouns])."""
    data = phrasing_data()
    return re.compile(f"{data['sets']['asks']}|{data['count_nouns']['asks']}")


@cache
def _rows_named() -> re.Pattern[str]:
    return re.compile(phrasing_data()["count_nouns"]["rows_asked"])


def _route_asked(q: Question) -> frozenset[str] | None:
    return next((printed for pattern, printed in _routes() if pattern.search(q.text)), None)


def _route_negated(q: Question) -> bool:
    """'which eviCore drugs are not oral?', 'non-IV': the route asked is the one the rows must not print."""
    found = next((m for pattern, _ in _routes() if (m := pattern.search(q.text))), None)
    negated = phrasing_data()["sets"]["negated_before"]
    return found is not None and re.search(negated, q.text[: found.start()]) is not None


def _asserted_count(q: Question) -> int | None:
    """'there are 57 oral drugs on evicore, right?': the count a yes/no or an assertion says of the rows."""
    if not (q.phrasing.yes_no or q.phrasing.asserted):
        return None
    said = re.search(phrasing_data()["count_asserted"]["asserted"], q.text)
    return int(said["n"]) if said else None


def _asks_rows_by_route(q: Question) -> bool:
    if has_drugs(q) or q.found.codes or q.found.unknown:
        return False
    if not (_set_question().search(q.text) or _asserted_count(q) is not None):
        return False
    if q.contact_fields and not _rows_named().search(q.text):
        return False  # 'oral chemo thru evicore - what number?': whom to call, not the rows
    if _NOTE_NUMBER.search(with_note_numbers(q.text)) or _where().search(q.text):
        # 'footnote 4 on the SCO+ injectables, what does it mean?': the note's; 'where can I find the
        # reimbursement restriction list for specialty injectables?': where it is, not the rows by route.
        return False
    # ('oral chemo on eviCore that starts with Z': the rows by initial, of that route: rows_by_initial.py)
    return _route_asked(q) is not None and not re.search(phrasing_data()["initials"]["asks"], q.text)


def route_asked(q: Question) -> frozenset[str] | None:
    """The printed routes a question asks the rows of ('oral' → ORAL), if any."""
    return _route_asked(q)


@intent(
    "rows_by_route",
    order=28,
    when=_asks_rows_by_route,
    never=NO_SUBJECT,
)
def handle_rows_by_route(draft: Draft, q: Question) -> None:
    say, route = phrasing_data()["sets"], _route_asked(q) or frozenset()
    named = [p for p in q.programs if p not in q.context_programs]
    printing = [p for p in draft.kb.program_ids if any(x.route for x in draft.kb.listings if x.program == p)]
    programs: list[ProgramId] = named or printing
    heads, counted = [], set()
    for program in programs:
        draft.use_program(program)
        if program not in draft.contact_programs:
            draft.contact_programs.append(program)
        short = draft.kb.program(program).short
        rows = [x for x in draft.kb.listings if x.program == program]
        if not any(x.route for x in rows):
            heads.append(say["no_route"].format(short=short))
            continue
        negated = _route_negated(q)
        picked = [x for x in rows if x.route and (x.route.upper() in route) != negated]
        names = list(dict.fromkeys(x.names[0] if x.names else ", ".join(x.codes) for x in picked))
        shown = named_first(names, MAX_NAMED, "and_more_below")
        printed = " or ".join(f"“{r}”" for r in sorted(route))
        lead = say["route_lead_not" if negated else "route_lead"]
        heads.append(lead.format(n=len(picked), total=len(rows), short=short, route=printed, names=shown))
        draft.statements += [row_statement(draft, x) for x in picked]
        counted |= {len(picked), len(names)}
    draft.headline = " ".join(heads)
    said = _asserted_count(q)
    if said is not None and draft.headline:  # 'Correct — ' / 'Not what the documents print — ' first
        say_count = phrasing_data()["count_asserted"]
        verdict = say_count["correct"] if said in counted else say_count["wrong"]
        draft.headline = verdict + draft.headline[:1].lower() + draft.headline[1:]
