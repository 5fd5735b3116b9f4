"""A class of products named by their shared generic ('immune globulin', 'IVIG'): every product the
documents print with it, per list, instead of one row or 'out of scope' (data: intents/families/drug_families.toml)."""

from __future__ import annotations

import re
from functools import cache

from intents.answer import Statement
from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.phrasing.words import phrasing_data
from intents.reading.entities import DrugMatch
from intents.reading.question import Question
from intents.registry import NO_SUBJECT, intent
from intents.wording import row_statement
from intents.wording_table import named_first, phrase, sentence
from knowledge.data_files import package_toml
from knowledge.models import Drug, Listing

MAX_FAMILY_LISTED = 30  # more products than this: ask which one, rather than a page of names


@cache
def _families() -> tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]:
    data = package_toml("intents.families", "drug_families.toml")
    return tuple(
        (f["name"], re.compile(r"\b(?:" + "|".join(re.escape(w) for w in f["words"]) + r")\b"), tuple(f["generic"]))
        for f in data["family"]
    )


def family_of(q: Question) -> tuple[str, tuple[str, ...]] | None:
    for name, pattern, generic in _families():
        if pattern.search(q.text):
            return name, generic
    return None


def _family_negated(q: Question) -> bool:
    """'which SCO drugs aren't immune globulins?' asks for the other rows: listing the class would answer
    the opposite question, so the class answer is not given."""
    negated = re.compile(phrasing_data()["sets"]["negated_before"])
    return any((m := p.search(q.text)) and negated.search(q.text[: m.start()]) for _, p, _ in _families())


def _members(draft: Draft, generic: tuple[str, ...]) -> list[Drug]:
    return sorted(
        (d for d in draft.kb.drugs.values() if any(g in name.lower() for name in d.generics for g in generic)),
        key=lambda d: d.name.lower(),
    )


def _unnamed_rows(draft: Draft, program: str, generic: tuple[str, ...]) -> list[Listing]:
    """Rows of the class that name no product ('J1566 Immune Globulin, Powder' on the home infusion list)."""
    return [
        x
        for x in draft.kb.listings
        if x.program == program and not x.names and any(g in (x.description or "").lower() for g in generic)
    ]


@intent(
    "drug_family",
    order=35,
    when=lambda q: not has_drugs(q) and not q.found.codes and family_of(q) is not None and not _family_negated(q),
    never=NO_SUBJECT,
)
def handle_drug_family(draft: Draft, q: Question) -> None:
    found = family_of(q)
    assert found is not None
    name, generic = found
    members = _members(draft, generic)
    if len(members) > MAX_FAMILY_LISTED:
        draft.status = "clarify"
        draft.headline = sentence("family_which_one", count=len(members), family=name)
        return
    asked = list(q.programs)
    programs = asked or [p for p in draft.kb.program_ids if any(m.listings_for(p) for m in members)]
    parts = []
    for program in programs:
        short = draft.kb.program(program).short
        on = [m for m in members if m.listings_for(program)]
        codes_on = {c for m in on for x in m.listings_for(program) for c in x.codes}
        rows = [x for x in _unnamed_rows(draft, program, generic) if not set(x.codes) & codes_on]
        draft.use_program(program)
        if not on and not rows:
            parts.append(sentence("family_none_on", list=short))
            continue
        if program not in draft.contact_programs:
            draft.contact_programs.append(program)
        no_code = phrase("no_code")
        shown = [f"{m.name} ({', '.join(c for x in m.listings_for(program) for c in x.codes) or no_code})" for m in on]
        shown += [f"{', '.join(x.codes) or no_code} “{x.description}”" for x in rows]
        citations = [x.citation for m in on for x in m.listings_for(program)] + [x.citation for x in rows]
        requirement = draft.kb.program(program).requirement
        draft.statements.append(
            Statement(
                summary=phrase("family_on_list", list=short, requirement=requirement, shown=", ".join(shown)),
                citations=citations,
            )
        )
        parts.append(phrase("family_count_on", count=len(shown), list=short, shown=", ".join(shown)))
    for m in members:
        draft.add_drug(m, DrugMatch(m.id, "generic", 100.0, name, 0, 0))
        if asked:
            draft.add_findings(m, asked)
    lead = sentence("family_lead", family=f"{name[0].upper()}{name[1:]}", count=len(members))
    said = "; ".join(parts)
    draft.headline = f"{lead} {said[0].upper()}{said[1:]}."


def _codes(drug: Drug, program: str) -> list[str]:
    return list(dict.fromkeys(c for x in drug.listings_for(program) for c in x.codes))


MAX_OTHERS_NAMED = 25  # names in the sentence; every row is listed below it


@intent(
    "rows_outside_family",
    order=34,
    when=lambda q: not has_drugs(q) and not q.found.codes and family_of(q) is not None and _family_negated(q),
    never=NO_SUBJECT,
)
def handle_rows_outside_family(draft: Draft, q: Question) -> None:
    """'which SCO drugs aren't immune globulins?': the rows of the lists asked about (or of every list
    printing the class) that are neither a product of the class nor a row describing it."""
    found = family_of(q)
    assert found is not None
    name, generic = found
    members = {m.id for m in _members(draft, generic)}
    programs = list(q.programs) or [
        p for p in draft.kb.program_ids if any(draft.kb.drugs[m].listings_for(p) for m in members)
    ]
    heads = []
    for program in programs:
        rows = [x for x in draft.kb.listings if x.program == program]
        inside = {id(x) for m in members for x in draft.kb.drugs[m].listings_for(program)}
        inside |= {id(x) for x in _unnamed_rows(draft, program, generic)}
        others = [x for x in rows if id(x) not in inside]
        draft.use_program(program)
        if program not in draft.contact_programs:
            draft.contact_programs.append(program)
        names = list(dict.fromkeys(x.names[0] if x.names else (x.description or ", ".join(x.codes)) for x in others))
        short = draft.kb.program(program).short
        lead = phrasing_data()["sets"]["family_lead_not"]
        heads.append(
            lead.format(
                n=len(others),
                total=len(rows),
                short=short,
                family=name,
                names=named_first(names, MAX_OTHERS_NAMED, "and_more_below"),
            )
        )
        draft.statements += [row_statement(draft, x) for x in others]
    draft.headline = " ".join(heads)
