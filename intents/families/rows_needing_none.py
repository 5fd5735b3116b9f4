"""'Which drugs don't need prior auth?': the documents list what needs prior authorization or review,
never what needs none. Said plainly (absence is not permission), with the rows a list marks as going
elsewhere ('Moved to DME program'), cited, and Cigna's number. Words are data (phrasing.toml [unlisted])."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft, first_contact, listing_status
from intents.drug_answer import has_drugs
from intents.phrasing.words import phrasing_data, phrasing_words
from intents.reading.question import Question
from intents.registry import NO_SUBJECT, intent
from intents.wording import row_statement
from intents.wording_table import joined, wording_table
from knowledge.models import Listing, ProgramId


@cache
def _listing_question() -> re.Pattern[str]:
    """'which…', 'how many…', or a count by its noun ('number of codes moved to home health')."""
    data = phrasing_data()
    return re.compile(f"{data['sets']['asks']}|{data['count_nouns']['asks']}")


def _asks_for_rows(q: Question) -> bool:
    """Asking for a list's rows ('which drugs…'), naming no drug, code or unknown name."""
    named = has_drugs(q) or q.found.codes or q.found.unknown
    return not named and bool(_listing_question().search(q.text))


@cache
def _more_no_pa() -> re.Pattern[str]:
    return re.compile(phrasing_data()["needing_none"]["more"])


def _asks_for_rows_needing_none(q: Question) -> bool:
    return _asks_for_rows(q) and bool(phrasing_words().no_pa.search(q.text) or _more_no_pa().search(q.text))


@intent(
    "rows_needing_none",
    order=26,
    when=_asks_for_rows_needing_none,
    never=NO_SUBJECT,
)
def handle_rows_needing_none(draft: Draft, q: Question) -> None:
    say = phrasing_data()["unlisted"]
    named, programs, moved = _moved_in_lists_asked(draft, q)
    call = first_contact(draft.kb, None, "not-found")
    draft.headline = say["lead"].format(
        label=call.label if call else wording_table()["through"]["cigna"], phone=call.phone if call else ""
    )
    if moved:
        draft.headline += " " + say["moved"].format(**_moved_rows(draft, moved))
    # 'which gene therapies don't need PA?': a list whose document says every one of them needs it.
    said_all = [r for p in named for r in draft.kb.program(p).rules if say["all_topic"] in r.topics]
    if said_all:
        rule = said_all[0]
        said = say["all_lead"].format(short=draft.kb.program(rule.program).short, text=rule.summary)
        draft.headline = f"{said} {draft.headline}"
        draft.add_rules(said_all[:1])
    for program in programs:
        draft.use_program(program)
    draft.contact_programs.append(None)


def _moved_in_lists_asked(draft: Draft, q: Question) -> tuple[list[ProgramId], list[ProgramId], list[Listing]]:
    """The lists the question names (not as where the patient is), the lists to look in (those, or every
    list), and their rows that say they moved to another program."""
    named = [p for p in q.programs if p not in q.context_programs]
    programs = named or list(draft.kb.program_ids)
    moved = [x for x in draft.kb.listings if x.program in programs and listing_status(draft.kb, x) == "moved"]
    return named, programs, moved


def _to_the_place_asked(q: Question, moved: list[Listing]) -> list[Listing]:
    """The moved rows whose note names the place the question names ('moved to home health')."""
    pattern = re.compile(phrasing_data()["unlisted"]["moved_to"])
    places = [(x, m["to"].lower()) for x in moved if (m := pattern.search(x.status_note or ""))]
    return [x for x, place in places if re.search(rf"\b{re.escape(place)}\b", q.text)]


def _moved_rows(draft: Draft, moved: list[Listing]) -> dict[str, str]:
    """The rows that say where they went, grouped by what they say; cited one by one."""
    by_note: dict[str, list[str]] = {}
    for x in moved:
        by_note.setdefault((x.status_note or "").rstrip("."), []).extend(x.codes)
    draft.statements += [row_statement(draft, x) for x in moved]
    rows = "; ".join(f"{', '.join(codes)} ({note})" for note, codes in by_note.items())
    one, verb = len(moved) == 1, phrasing_data()["unlisted"]["moved_verb"]
    return {"n": str(len(moved)), "s": "" if one else "s", "verb": verb[0] if one else verb[1], "rows": rows}


@cache
def _moved_question() -> re.Pattern[str]:
    return re.compile(phrasing_data()["unlisted"]["moved_asks"])


def _asks_for_moved_rows(q: Question) -> bool:
    return _asks_for_rows(q) and bool(_moved_question().search(q.text))


@intent(
    "rows_moved",
    order=24,
    when=_asks_for_moved_rows,
    never=NO_SUBJECT,
)
def handle_rows_moved(draft: Draft, q: Question) -> None:
    say = phrasing_data()["unlisted"]
    _, programs, moved = _moved_in_lists_asked(draft, q)
    moved = _to_the_place_asked(q, moved) or moved
    for program in programs:
        draft.use_program(program)
    if not moved:
        draft.headline = say["moved_none"].format(lists=joined((draft.kb.program(p).short for p in programs), "or_the"))
        return
    draft.headline = say["moved_lead"].format(**_moved_rows(draft, moved))
    draft.contact_programs.append(None)
