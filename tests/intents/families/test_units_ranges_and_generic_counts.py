"""Units, ranges and counts in a biller's words (phrasings of our own): an amount printed 'I.U.' or 'lu' asked
as IU (it crashed: the unit's own last dot was stripped, then the unit couldn't be read back), the unit
of a code that names no drug, a range whose high end is typed short, and a generic's drugs counted on a list."""

from __future__ import annotations

import re

import pytest

from intents.engine import Engine
from intents.reading.normalize import normalize
from knowledge.kb import KnowledgeBase


@pytest.mark.parametrize("question", ["Afstyla billed per 1 IU?", "J7209 per 1 IU right", "is Jivi (J7208) per 1 iu"])
def test_an_amount_in_international_units_is_compared_never_a_crash(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.intent == "billing_unit"
    assert answer.headline.startswith("Yes — ")


def test_the_unit_of_a_code_naming_no_drug_is_its_own_rows(engine: Engine) -> None:
    printed = engine.ask("whats J7175's billing unit")
    assert printed.headline.startswith("J7175 is billed per 1Iu: the home infusion precert list prints")
    assert engine.ask("J7193 unit?").headline.startswith("The documents print no billing unit for J7193")


def test_a_generics_drugs_counted_on_a_list_named_are_those_on_it(engine: Engine) -> None:
    answer = engine.ask("count trastuzumab products on the evicore list")
    assert answer.headline.startswith("On the eviCore oncology precert list, 1 of the ")
    assert "Herceptin" in answer.headline.split("\n")[0]


@pytest.mark.parametrize(
    ("question", "low", "high"),
    [("S9347-49 precert?", "S9347", "S9349"), ("home inf J7185 thru 88", "J7185", "J7188")],
)
def test_a_range_whose_high_end_is_typed_short_keeps_the_low_ends_digits(
    engine: Engine, question: str, low: str, high: str
) -> None:
    assert engine.ask(question).headline.startswith(f"{low} through {high}: ")


@pytest.mark.parametrize("question", ["Neulasta J2505 - 6mg ok?", "J1300 - 30 units home infusion?"])
def test_an_amount_after_a_code_is_no_ranges_end(engine: Engine, question: str) -> None:
    assert not re.search(r"\b[A-Z]\d{4} through [A-Z]\d{4}", engine.ask(question).headline)


def test_a_letters_code_asked_as_lacking_counts_the_rows_with_another_kind_too(
    engine: Engine, kb: KnowledgeBase
) -> None:
    rows = [x for x in kb.listings if x.program == "gene_therapy"]
    lacking = [
        x for x in rows if not any(c.startswith("J") and not kb.codes[c].unclassified for c in x.codes if c in kb.codes)
    ]
    answer = engine.ask("gene therapy products without their own J code?")
    assert answer.intent == "rows_lacking"
    assert answer.headline.startswith(f"{len(lacking)} of the {len(rows)} rows of the Gene Therapy Program print no")
    assert all(x.names[0] in answer.headline for x in lacking)


@pytest.mark.parametrize(("typed", "code"), [("billing j9299jw today", "J9299"), ("Q5104JZ at home?", "Q5104")])
def test_a_code_with_a_modifier_typed_onto_it_is_the_code(typed: str, code: str) -> None:
    assert [c for c, _ in normalize(typed).codes] == [code]


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("Q5104 is 100 mg units, right?", "Not what the documents print — Q5104"),
        ("Ocrevus is 1 mg per unit correct?", "Yes — J2350"),
        ("Tysabri is 300 mg q4w, whats the billing unit", "J2323 (Tysabri) is billed per 1 mg"),
    ],
)
def test_an_amount_asserted_as_the_unit_is_checked_never_a_dose_said(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).headline.startswith(lead)


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("so there are 3 intramuscular drugs on the evicore list?", "Correct — 3 of the "),
        ("evicore lists 12 subq drugs, right?", "Not what the documents print — "),
    ],
)
def test_a_routes_count_asserted_gets_its_verdict(engine: Engine, question: str, lead: str) -> None:
    answer = engine.ask(question)
    assert answer.intent == "rows_by_route"
    assert answer.headline.startswith(lead)
