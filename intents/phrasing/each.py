"""Drugs and lists asked one against the other, answered for each from the rows: 'Tepezza, Krystexxa,
Uplizna — which are on the home infusion list?' (the drugs on it, and those not), 'Ocrevus: home infusion
precert (Y/N), SCO (Y/N)?' (each list named, yes or not on it). Sentences: phrasing.toml [each]."""

from __future__ import annotations

from intents.draft import Draft
from intents.phrasing.words import phrasing_data, phrasing_words
from intents.reading.question import Question
from intents.wording_table import joined
from knowledge.models import ProgramId


def _units(draft: Draft, q: Question) -> list[tuple[ProgramId, ...]]:
    """The lists named, a group's words ('SCO': SCO, SCO+, the policy) one unit, in the manifest's order."""
    named = [p for p in q.programs if p not in q.context_programs and p not in q.phrasing.denied]
    units: list[tuple[ProgramId, ...]] = []
    for words in draft.kb.vocabulary.programs:
        unit = tuple(p for p in words.programs if p in named)
        if unit and len(unit) == len(words.programs) and not any(set(unit) <= set(u) for u in units):
            units = [u for u in units if not set(u) <= set(unit)] + [unit]
    return units


def each_lead(draft: Draft, q: Question, lists: tuple[ProgramId, ...] = ()) -> bool:
    """Several drugs against one list named, or one drug against several (`lists`: named exactly, each
    its own): each answered yes or not."""
    say = phrasing_data()["each"]
    drugs = list({m.drug_id: draft.kb.drugs[m.drug_id] for m in q.found.drugs}.values())
    units = [(p,) for p in lists] if lists else _units(draft, q)
    if len(drugs) > 1 and len(units) == 1 and not q.found.unknown:
        on = [d.name for d in drugs if set(d.programs()) & set(units[0])]
        off = [d.name for d in drugs if d.name not in on]
        short = joined([draft.kb.program(p).short for p in units[0]], "or_the")
        key = "all_on" if not off else "none_on" if not on else "some_on"
        lead = say[key].format(on=joined(on, "and"), off=joined(off, "and"), list=short)
    elif len(drugs) == 1 and len(units) > 1:
        parts = []
        for unit in units:
            listed = [p for p in unit if p in drugs[0].programs()]
            shorts = joined([draft.kb.program(p).short for p in (listed or unit)], "and_the" if listed else "or_the")
            parts.append(say["on" if listed else "off"].format(list=shorts))
        lead = say["drug_lists"].format(drug=drugs[0].name, lists="; ".join(parts))
    else:
        return False
    draft.headline = f"{lead} {draft.headline}"
    return True


def both_lead(draft: Draft, q: Question, yes: str = "") -> bool:
    """'Is Tepezza on the home infusion list too or just SCO?', '…eviCore, and the HOPD says site of care
    too. both?': the drugs asked against two or more lists named — 'Yes, both' only when every list named
    requires authorization or review for every drug (phrasing.toml [both_asked]); else the answer leads."""
    say = phrasing_data()["both_asked"]
    units = _units(draft, q)
    drugs = {f.drug for f in draft.findings if f.listed}
    if len(units) < 2 or not drugs or q.found.unknown or draft.status != "answered":
        return False
    statuses = phrasing_words().yes_statuses
    needed = {(f.drug, f.program) for f in draft.findings if f.listed and f.status in statuses}
    if not all(any((d, p) in needed for p in unit) for unit in units for d in drugs):
        return False
    if yes != "plain":  # ('plain': a plain yes/no, whose own 'Yes —' follows)
        draft.headline = say["two" if len(units) == 2 else "more"].format(headline=draft.headline)
    return True
