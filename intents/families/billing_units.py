"""'What's the billing unit for Ocrevus?', 'is J9271 billed per 1 mg?': the amount a code's description
prints ('Injection, ocrelizumab (Ocrevus), 1 mg'), said and cited, then the drug's answer. The unit is
read from the row; the words are data (intents/phrasing/phrasing.toml [units])."""

from __future__ import annotations

import re
from functools import cache

from intents.answer import Statement
from intents.draft import Draft
from intents.drug_answer import answer_drugs, drugs_in
from intents.families.codes import handle_codes
from intents.phrasing.words import phrasing_data
from intents.reading.literal_gate import gated
from intents.reading.question import Question
from intents.registry import Cue, intent
from knowledge.models import Cited, Drug


@cache
def _units() -> dict:
    return phrasing_data()["units"]


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return gated(re.compile(_units()[key]))


def _amount(number: str, unit: str) -> tuple[float, str]:
    """'10 Mg' and '10 mg', '1 I.U.' and '1 iu', '1 microgram' and '1 mcg' compare equal; so do '1 lu' and
    '1 iu' (the home infusion list prints IU with a lower-case L: 'Inj. Jivi 1 lu', 'Vonvendi Inj 1 lu')."""
    unit = unit.lower().replace(".", "").rstrip("s")
    return float(number), {"gram": "g", "unit": "unit", "microgram": "mcg", "lu": "iu"}.get(unit, unit)


def printed_amounts(description: str) -> list[str]:
    """Every amount and unit a description prints, as printed ('1 mg'; '3.75 mg', '7.5 mg', … of a row
    printing several strengths)."""
    return [m.group(0).rstrip(".").strip() for m in _pattern("printed").finditer(description)]


def printed_unit(description: str) -> str | None:
    """The last amount and unit a description prints, as printed ('1 mg', '10 Mg')."""
    found = printed_amounts(description)
    return found[-1] if found else None


def _units_as_context(q: Question) -> bool:
    """'we bill J9271 x 200 units, need eviCore?', 'auth needed for J9299 x 240 units': a count of units
    said beside a question about prior authorization (or a yes/no about a list) is context; the
    authorization is what is asked."""
    if not (q.asks_pa or (q.phrasing.yes_no and q.programs)) or _pattern("asked").search(q.text):
        return False
    return bool(_pattern("counted").search(q.text))


@intent(
    "billing_unit",
    order=16,
    when=lambda q: q.has_subject and bool(_pattern("asks").search(q.text)) and not _units_as_context(q),
    needs=Cue.SUBJECT,
)
def handle_billing_unit(draft: Draft, q: Question) -> None:
    if q.found.drugs:
        answer_drugs(draft, q, q.programs or None)
        pairs = [(drug, code) for drug, _ in drugs_in(draft, q) for code in drug.codes or ("",)]
    else:
        handle_codes(draft, q)
        # an unclassified code ('J3490 units?') is any drug's: one sentence for it, not one per drug filed under it
        bare = [c.code for c in q.found.codes if c.known and draft.kb.codes[c.code].unclassified]
        pairs: list[tuple[Drug | None, str]] = [
            (d, c.code)
            for c in q.found.codes
            if c.known and c.code not in bare
            for d in draft.kb.drugs_with_code(c.code) or [None]  # a code naming no drug: its own row's unit
        ]
        if bare and draft.status == "answered":
            say = phrasing_data()["units_unclassified"]["code_lead"]
            draft.headline = f"{' '.join(say.format(code=c) for c in bare)} {draft.headline}"
    if draft.status != "answered" or not pairs:
        return
    amounts = [m.groups() for m in _pattern("asked").finditer(q.text)] or [
        m.groups() for m in _pattern("asked_typed").finditer(q.text)
    ]
    # 'is it billed per mg?': per one mg (phrasing.toml [units_bare])
    bare = phrasing_data()["units_bare"]
    amounts = amounts or [("1", m[1]) for m in re.finditer(bare["asked"], q.text)]
    amounts = amounts or [
        m.groups()
        for m in re.finditer(bare["asserted"], q.text)
        if q.phrasing.asserted or re.search(bare["as_unit"], q.text[m.end() :])
    ]
    # 'per 1 mg or per 300 mg?' asks which: the printed unit answers it, with no yes or no before it.
    asked = amounts[0] if len(amounts) == 1 else None
    lines = [_unit_line(draft, drug, code, asked) for drug, code in pairs]
    draft.headline = f"{'; '.join(dict.fromkeys(lines))}. {draft.headline}"


def _list_of(draft: Draft, source: str) -> str:
    """The list a document's line belongs to, as answers name it (the document's title if none)."""
    lists = [p.short for p in draft.kb.programs.values() if p.source == source]
    return lists[0] if lists else draft.kb.sources[source].title


def _unit_line(draft: Draft, drug: Drug | None, code: str, asked: tuple[str, str] | None) -> str:
    say = _units() if drug else phrasing_data()["units_drugless"]
    name = drug.name if drug else ""
    if not code:
        return say["no_code"].format(drug=name)
    printed: list[tuple[Cited, str]] = [
        (d, unit) for d in draft.kb.codes[code].descriptions if (unit := printed_unit(d.value)) is not None
    ]
    # a row naming the drug says its amount ('(Fensolvi), 45 mg' beside '(Lupron-PED), 3.75 mg, …')
    named = next(((d, u) for d, u in printed if name and name.lower() in d.value.lower()), None)
    if named is None and drug and draft.kb.codes[code].unclassified:
        # J9999's policy line ('Darzalex Faspro; … Jemperli … 500 mg/ 10mL') is another drug's amount
        return phrasing_data()["units_unclassified"]["lead"].format(code=code, drug=name)
    if not printed:
        return say["none"].format(code=code, drug=name)
    described, unit = named or printed[0]
    short = _list_of(draft, described.citation.source)
    draft.statements.insert(
        0, Statement(summary=f"{code}: “{described.value}” ({short})", citations=[described.citation])
    )
    if len(printed_amounts(described.value)) > 1:  # '3.75 mg, 7.5 mg, …', '150 mg and 420 mg', '100 mg/1ml'
        return say["several"].format(code=code, drug=name, short=short, description=described.value)
    line = say["lead"].format(code=code, drug=name, unit=unit, short=short, description=described.value)
    if asked:
        shown = _pattern("printed").search(unit)  # ('1 I.U' as printed_unit gives it: its own dot stripped)
        same = shown is not None and _amount(*asked) == _amount(*shown.groups())
        line = (_units()["lead_same"] if same else _units()["lead_other"]) + line
    return line
