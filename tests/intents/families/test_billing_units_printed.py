"""Every amount a code's description prints is its billing unit, whatever way the row writes it
('1 microgram', '10 micrograms', '.25 mg', '1 cc'): a unit the documents print is never "no billing unit"
(rule 2), and an amount asked in another spelling of the same unit ('per 10 mcg') is confirmed."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.families.billing_units import printed_unit


@pytest.mark.parametrize(
    ("description", "unit"),
    [
        ("Injection, darbepoetin alfa (Aranesp), 1 microgram (non-ESRD use)", "1 microgram"),
        ("Injection, romiplostim (Nplate ), 10 micrograms", "10 micrograms"),
        ("Injection, luspatercept-aamt (Reblozyl) .25 mg", ".25 mg"),
        ("Injection, gamma globulin, intramuscular (Gamastan) 1 cc", "1 cc"),
        ("Injection, gamma globulin, intramuscular, over 10 cc", None),
    ],
)
def test_every_printed_spelling_of_an_amount_is_read(description: str, unit: str | None) -> None:
    assert printed_unit(description) == unit


@pytest.mark.parametrize(
    ("question", "code", "unit"),
    [
        ("what's the billing unit on J0881 aranesp", "J0881", "1 microgram"),
        ("mircera units?", "J0888", "1 microgram"),
        ("how is reblozyl billed", "J0896", ".25 mg"),
    ],
)
def test_a_printed_unit_is_said_never_missing(engine: Engine, question: str, code: str, unit: str) -> None:
    answer = engine.ask(question)
    assert f"{code} (" in answer.headline and f"is billed per {unit}" in answer.headline
    assert "print no billing unit" not in answer.text


def test_the_same_unit_in_another_spelling_is_confirmed(engine: Engine) -> None:
    assert engine.ask("is nplate billed per 10 mcg?").headline.startswith("Yes — ")


@pytest.mark.parametrize(
    ("question", "code"), [("what unit is J9999 billed in", "J9999"), ("J3590 billing units?", "J3590")]
)
def test_an_unclassified_code_asked_alone_has_no_billing_unit_in_one_sentence(
    engine: Engine, question: str, code: str
) -> None:
    answer = engine.ask(question)
    assert answer.headline.startswith(f"The documents print no billing unit for {code}: it is an unclassified code")
    assert answer.headline.count("no billing unit") == 1


@pytest.mark.parametrize("drug", ["Bavencio", "Imfinzi"])
def test_a_drug_filed_under_j9999_is_never_given_another_drugs_amount(engine: Engine, drug: str) -> None:
    # the policy's J9999 line prints Darzalex Faspro's and Jemperli's, not this drug's
    answer = engine.ask(f"{drug} billing unit?")
    assert "Jemperli" not in answer.headline.split(". ")[0]
    assert answer.headline.startswith("The documents print no billing unit for")
