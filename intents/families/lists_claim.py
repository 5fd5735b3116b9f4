"""'eviCore handles all cellular therapies, right?', 'every SCO+ drug is on the eviCore list too, correct?':
an assertion relating two lists and naming no drug is checked by the drugs the two lists share, counted
from the rows. Sentences are data (phrasing.toml [premise] lists_*)."""

from __future__ import annotations

import re

from intents.draft import Draft
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import Cue, intent
from intents.wording_table import field_name, joined, named_first
from knowledge.models import ProgramId

MAX_NAMED = 12  # shared drugs named in the sentence


def _two_lists(q: Question) -> list[ProgramId]:
    named = list(q.phrasing.lists) or [p for p in q.programs if p not in q.context_programs]
    return named if len(named) == 2 else []


def _asks_about_two_lists(q: Question) -> bool:
    claimed = q.phrasing.asserted and q.phrasing.claim in ("listed", "only")
    # ('the gene therapy fax is the same as the CAR-T fax, right?' asks of two teams' numbers, not lists.)
    return claimed and not (q.has_subject or q.found.unknown or q.marked or q.asks_contact) and bool(_two_lists(q))


@intent(
    "lists_claim",
    order=54,
    when=_asks_about_two_lists,
    needs=Cue.ASSERTED,
    never=Cue.SUBJECT,
)
def handle_lists_claim(draft: Draft, q: Question) -> None:
    say = phrasing_data()["premise"]
    members = {p: {d.name for d in draft.kb.drugs.values() if d.listings_for(p)} for p in _two_lists(q)}
    small, big = sorted(members, key=lambda p: len(members[p]))
    shared = sorted(members[small] & members[big], key=str.lower)
    n, k = len(members[small]), len(shared)
    values = {"small": draft.kb.program(small).short, "big": draft.kb.program(big).short, "n": str(n), "k": str(k)}
    if k == n:
        draft.headline = say["lists_all"].format(**values)
    elif k == 0:
        draft.headline = say["lists_none"].format(**values, requirement=draft.kb.program(small).requirement)
    else:
        draft.headline = say["lists_some"].format(**values, names=named_first(shared, MAX_NAMED))
    if k:  # whose authorization each list is: a claim may be about that, not the drugs
        for program in (small, big):
            record = draft.kb.program(program)
            requirement = phrasing_data()["two_lists_claim"]["requirement"]
            draft.headline += requirement.format(list=record.short, requirement=record.requirement)
    for program in (small, big):
        draft.use_program(program)
        draft.add_rules(list(draft.kb.program(program).rules)[:1])
    draft.contact_programs.append(small)


def _asks_contacts_compared(q: Question) -> bool:
    """'the gene therapy fax is the same as the CAR-T fax, right?': two lists' numbers compared."""
    if not (q.asks_contact and len(_two_lists(q)) == 2) or q.has_subject:
        return False
    return bool(re.search(phrasing_data()["contacts_compared"]["same"], q.text))


@intent(
    "contacts_compared",
    order=42,
    when=_asks_contacts_compared,
    needs=Cue.CONTACT,
    never=Cue.SUBJECT,
)
def handle_contacts_compared(draft: Draft, q: Question) -> None:
    say = phrasing_data()["contacts_compared"]
    field = next((f for f in q.contact_fields if f != "hours"), "phone")
    printed: list[tuple[str, str]] = []  # (team, number) as printed
    for program in _two_lists(q):
        draft.use_program(program)
        draft.contact_programs.append(program)
        team = next((c for c in draft.kb.contacts(program) if getattr(c, field)), None)
        if team is not None:
            printed.append((team.label, getattr(team, field).value))
    draft.contact_fields = [field]
    values = {value for _, value in printed}
    if len(printed) == 2 and len(values) == 1:
        lists = joined([draft.kb.program(p).short for p in _two_lists(q)])
        draft.headline = say["yes"].format(lists=lists, field=field_name(field), value=printed[0][1])
    elif len(printed) == 2:
        each = "; ".join(say["each"].format(label=label, field=field_name(field), value=v) for label, v in printed)
        draft.headline = say["no"].format(each=each)
