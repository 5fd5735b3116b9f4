"""'eviCore handles all cellular therapies, right?', 'every SCO+ drug is on the eviCore list too, correct?':
an assertion relating two lists and naming no drug is checked by the drugs the two lists share, counted
from the rows. Sentences are data (phrasing.toml [premise] lists_*)."""

from __future__ import annotations

from intents.draft import Draft
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import intent
from intents.wording_table import named_first
from knowledge.models import ProgramId

MAX_NAMED = 12  # shared drugs named in the sentence


def _two_lists(q: Question) -> list[ProgramId]:
    named = list(q.phrasing.lists) or [p for p in q.programs if p not in q.context_programs]
    return named if len(named) == 2 else []


def _asks_about_two_lists(q: Question) -> bool:
    claimed = q.phrasing.asserted and q.phrasing.claim in ("listed", "only")
    return claimed and not (q.has_subject or q.found.unknown or q.marked) and bool(_two_lists(q))


@intent(
    "lists_claim",
    order=54,
    when=_asks_about_two_lists,
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
    for program in (small, big):
        draft.use_program(program)
        draft.add_rules(list(draft.kb.program(program).rules)[:1])
    draft.contact_programs.append(small)
