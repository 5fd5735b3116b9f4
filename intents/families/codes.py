"""Code -> drug ('J9271?') and drug -> code ('what is the HCPCS code for Tecentriq?')."""

from __future__ import annotations

from intents.draft import Draft
from intents.drug_answer import answer_drugs, drugs_in, has_drugs
from intents.families.not_found import handle_not_found
from intents.reading.entities import DrugMatch
from intents.reading.question import Question
from intents.registry import Cue, intent
from intents.wording import (
    LIST_MIN,
    MAX_CODES_ANSWERED,
    code_disagreement,
    codes_capped_note,
    drug_headline,
    drug_row,
    label,
    row_statement,
    unknown_notes,
)
from intents.wording_table import sentence
from knowledge.models import Drug, Listing


@intent(
    "code_lookup",
    order=20,
    when=lambda q: bool(q.found.codes) and not has_drugs(q),
    needs=Cue.CODES,
    never=Cue.DRUGS,
)
@intent(
    "code_lookup",
    order=100,
    words="drug_codes",
    when=lambda q: has_drugs(q) and q.asks_code,
    needs=Cue.DRUGS | Cue.CODE_ASKED,
)
def handle_codes(draft: Draft, q: Question) -> None:
    if q.found.drugs:
        _drug_codes(draft, q)
        return
    known = [c for c in q.found.codes if c.known]
    if not known:
        handle_not_found(draft, q)
        return
    if len(known) > MAX_CODES_ANSWERED:  # a pasted column of hundreds: the rest named, to ask again
        draft.notes.append(codes_capped_note(MAX_CODES_ANSWERED, [c.code for c in known[MAX_CODES_ANSWERED:]]))
        known = known[:MAX_CODES_ANSWERED]
    heads = []
    as_list = len(known) >= LIST_MIN  # a pasted column of codes: one row per code, never a run-on sentence
    disagreements = []
    for code_match in known:
        code = draft.kb.codes[code_match.code]
        drugs = draft.kb.drugs_with_code(code.code)
        if code.unclassified:
            said = _unclassified(draft, code.code, drugs)
            heads.append(sentence("code_unclassified_row", code=code.code) if as_list else said)
            continue
        if drugs:
            for drug in drugs:
                draft.add_drug(drug, DrugMatch(drug.id, "code", 100.0, code_match.text, 0, 0))
                draft.add_findings(drug, q.programs or None)
            if as_list:
                heads += [drug_row(draft, drug, code.code) for drug in drugs]
            elif len(drugs) == 1:
                # 'J9271 is Keytruda: yes — precert through eviCore, call …': the code said once.
                heads.append(
                    sentence("code_is", code=code.code, said=drug_headline(draft, drugs[0], q.programs or None))
                )
            else:
                heads.append(sentence("code_is_several", code=code.code, drugs=" and ".join(label(d) for d in drugs)))
                heads += [drug_headline(draft, drug, q.programs or None) for drug in drugs]
            disagreements += [d for d in (code_disagreement(draft, drug, code.code) for drug in drugs) if d]
        else:
            heads.append(_drugless(draft, code.code))
    unknown_notes(draft, q)
    if as_list:
        draft.headline = "\n".join([sentence("codes_count", count=len(known)), *heads, *disagreements])
    else:
        draft.headline = " ".join([*heads, *disagreements])


def _drug_codes(draft: Draft, q: Question) -> None:
    code_lines = answer_drugs(draft, q, q.programs or None)
    if draft.status != "answered":
        return
    lines = list(code_lines)
    for drug, _ in drugs_in(draft, q):
        per_code: dict[str, list[str]] = {}
        for x in drug.listings:
            for code in x.codes:
                per_code.setdefault(code, [])
                short = draft.kb.program(x.program).short
                if short not in per_code[code]:
                    per_code[code].append(short)
        if per_code:
            parts = [f"{c} ({'; '.join(where)})" for c, where in per_code.items()]
            disputed = any(code_disagreement(draft, drug, c) for c in per_code)
            differ = " " + sentence("codes_differ") if disputed else ""
            lines.append(sentence("drug_codes", drug=drug.name, codes=", ".join(parts)) + differ)
        else:
            lines.append(sentence("drug_no_codes", drug=drug.name))
    if q.programs:  # 'billed under J3358 - site of care?': the program's verdict first, then the codes
        lines = [draft.headline, *(line for line in lines if line not in draft.headline)]
    draft.headline = " ".join(lines)


def _drugless(draft: Draft, code: str) -> str:
    """'B4105?': no drug, but its rows print what it is and what they require (or that it moved): said
    first, in the rows' words, rather than only pointing below."""
    rows: list[Listing] = draft.kb.listings_with_code(code)
    said = []
    for x in rows:
        draft.use_program(x.program)
        draft.statements.append(row_statement(draft, x))
        short = draft.kb.program(x.program).short
        if x.description and x.status_note:
            said.append(sentence("code_printed_moved", list=short, description=x.description, note=x.status_note))
        elif x.description and x.requirement:
            said.append(
                sentence(
                    "code_printed_as", list=short, description=x.description, requirement=x.requirement.rstrip(".")
                )
            )
    if not said:
        return sentence("code_names_no_drug_alone", code=code)
    moved = any(x.status_note for x in rows)
    return " ".join([sentence("code_moved_no_drug" if moved else "code_names_no_drug_printed", code=code), *said])


def _unclassified(draft: Draft, code: str, drugs: list[Drug]) -> str:
    rows: list[Listing] = draft.kb.listings_with_code(code)
    for x in rows:
        draft.use_program(x.program)
        draft.statements.append(row_statement(draft, x))
    # What the code's own rows say (the home infusion list: precert through Cigna for anything billed
    # under it at home) comes first; which drug it is decides every other list.
    own = [x for x in rows if x.description and x.requirement]
    head = sentence("code_unclassified", code=code)
    for x in own:
        short = draft.kb.program(x.program).short
        head += " " + sentence(
            "code_printed_as", list=short, description=x.description, requirement=x.requirement.rstrip(".")
        )
    if drugs:
        head += " " + sentence("code_filed_under", code=code, drugs=", ".join(d.name for d in drugs))
    else:
        head += " " + sentence("code_filed_under_none")
    return head
