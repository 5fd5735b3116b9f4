"""A rule's scope asserted ('the 30-day transition is only for home infusion?', 'the six-month continuity
only applies to eviCore drugs, right?'): the lists whose documents print the rule, against the lists the
assertion names. Read from the rules' programs, never from absence: a rule no document prints is left to
the answer's own 'not said'."""

from __future__ import annotations

from intents.draft import Draft
from intents.phrasing.words import phrasing_data, phrasing_words
from intents.reading.question import Question
from intents.wording_table import joined
from knowledge.models import Rule

SCOPE_CLAIMS = ("only", "condition", "listed")


def _lists(draft: Draft, programs: list[str]) -> str:
    names = list(dict.fromkeys(draft.kb.program(p).short for p in programs))
    return joined(names, "and_the")


def scoped_rules(draft: Draft, q: Question) -> tuple[list[Rule], str] | None:
    """For an assertion naming lists and a topic: the rules of that topic on any list, and the verdict that
    leads them (printed for other lists only: not so; printed for the named lists only: correct)."""
    named = [p for p in q.programs if p not in q.context_programs]
    if q.phrasing.claim not in SCOPE_CLAIMS:  # (a "listed" claim is always asserted)
        return None
    if not named or not q.topics or q.found.drugs:
        return None
    every = [r for t in q.topics for r in draft.kb.rules(topic=t)]
    rules = list(dict.fromkeys(every))
    if not rules:
        return None
    inside = [r for r in rules if r.program in named]
    outside = [r for r in rules if r.program not in named]
    say = phrasing_data()["premise"]
    if outside and not inside:
        programs = [r.program for r in outside]
        key = "scope_elsewhere"
    elif inside and not outside and phrasing_words().only.search(q.text):
        programs = [r.program for r in inside]
        key = "scope_only"
    else:
        return None
    lists = _lists(draft, programs)
    named_lists = joined(list(dict.fromkeys(draft.kb.program(p).short for p in named)), "or_the")
    lead = say[key].format(lists=lists, named=named_lists, s="" if len(set(programs)) > 1 else "s")
    return (outside or inside), lead
