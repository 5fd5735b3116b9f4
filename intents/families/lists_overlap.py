"""Two lists compared ('which drugs are on both SCO and SCO+?', 'which SCO+ drugs aren't on the SCO list?',
'any home infusion drugs also on SCO?'): the drugs they share, or the first's drugs the second lacks,
computed from the rows and counted. Sentences and words are data (phrasing.toml [overlap])."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import NO_SUBJECT, intent
from intents.wording import row_statement
from intents.wording_table import named_first
from knowledge.kb import KnowledgeBase
from knowledge.models import ProgramId

MAX_NAMED = 60  # drugs named in the first sentence; every one is cited below it


@cache
def _without() -> re.Pattern[str]:
    return re.compile(phrasing_data()["overlap"]["without_words"])


def _compares_two_lists(q: Question) -> bool:
    # (A marker whose words are the comparison's own — SCO's footnote 3, 'listed on both' — is no marker
    # asked: marked_rows leaves two lists compared to this one.)
    if len(q.programs) < 2 or has_drugs(q) or q.found.codes or q.phrasing.asserted:
        return False
    return len(q.phrasing.compared) == 2  # (read with the phrasing: intents/phrasing/refine.py)


def _members(kb: KnowledgeBase, program: ProgramId) -> dict[str, list]:
    return {d.name: d.listings_for(program) for d in kb.drugs.values() if d.listings_for(program)}


@intent(
    "lists_overlap",
    order=31,
    when=_compares_two_lists,
    never=NO_SUBJECT,
)
def handle_lists_overlap(draft: Draft, q: Question) -> None:
    first, second = q.phrasing.compared
    say, without = phrasing_data()["overlap"], _without()
    a, b = _members(draft.kb, first), _members(draft.kb, second)
    wanted = [n for n in a if n not in b] if without.search(q.text) else [n for n in a if n in b]
    key = ("only" if without.search(q.text) else "both") + ("" if wanted else "_none")
    if key.startswith("both") and q.phrasing.yes_no and re.search(say["all_asks"], q.text):
        # 'are all the SCO+ drugs also on eviCore?'
        key = "all_yes" if len(wanted) == len(a) else "all_no" if wanted else "all_none"
    names = sorted(wanted, key=str.lower)
    shown = named_first(names, MAX_NAMED, rest="and_more_below")
    draft.headline = say[key].format(
        k=len(names), n=len(a), a=draft.kb.program(first).short, b=draft.kb.program(second).short, names=shown
    )
    for name in names:
        rows = a[name] + (b.get(name) or [])
        draft.statements += [row_statement(draft, x) for x in rows]
    for program in (first, second):
        draft.use_program(program)
        draft.contact_programs.append(draft.kb.program(program).shares or program)


@cache
def _exclusive(key: str) -> re.Pattern[str]:
    return re.compile(phrasing_data()["lists_exclusive"][key])


def _asks_drugs_of_one_list(q: Question) -> bool:
    """'drugs only on the SCO list': one list named, its drugs asked that no other list has."""
    named = list(q.phrasing.lists) or [p for p in q.programs if p not in q.context_programs]
    if len(named) != 1 or has_drugs(q) or q.found.codes or q.phrasing.asserted:
        return False
    return bool(_exclusive("only").search(q.text)) and bool(re.search(phrasing_data()["overlap"]["asks_drugs"], q.text))


@intent(
    "lists_exclusive",
    order=33,
    when=_asks_drugs_of_one_list,
    never=NO_SUBJECT,
)
def handle_lists_exclusive(draft: Draft, q: Question) -> None:
    say, kb = phrasing_data()["lists_exclusive"], draft.kb
    program = (list(q.phrasing.lists) or [p for p in q.programs if p not in q.context_programs])[0]
    members = _members(kb, program)
    alone = sorted((name for name in members if _programs_of(kb, name) == {program}), key=str.lower)
    short = kb.program(program).short
    if alone:
        shown = named_first(alone, MAX_NAMED, rest="and_more_below")
        draft.headline = say["only_lead"].format(k=len(alone), n=len(members), list=short, names=shown)
    else:
        draft.headline = say["only_none"].format(n=len(members), list=short)
    draft.statements += [row_statement(draft, x) for name in alone for x in members[name]]
    draft.use_program(program)
    draft.contact_programs.append(kb.program(program).shares or program)


def _programs_of(kb: KnowledgeBase, name: str) -> set[ProgramId]:
    return {p for d in kb.drugs_named(name) for p in d.programs()}


@intent(
    "lists_several",
    order=36,
    when=lambda q: not (has_drugs(q) or q.found.codes) and bool(_exclusive("several").search(q.text)),
    never=NO_SUBJECT,
)
def handle_lists_several(draft: Draft, q: Question) -> None:
    kb = draft.kb
    several = sorted((d for d in kb.drugs.values() if len(d.programs()) > 1), key=lambda d: d.name.lower())
    names = [f"{d.name} ({', '.join(kb.program(p).short for p in d.programs())})" for d in several]
    shown = named_first(names, MAX_NAMED, rest="and_more_below")
    draft.headline = phrasing_data()["lists_exclusive"]["several_lead"].format(k=len(several), names=shown)
    for d in several:
        draft.statements += [row_statement(draft, x) for x in d.listings]
    for program in kb.program_ids:
        draft.use_program(program)
