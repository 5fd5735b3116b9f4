"""A billing unit asked in a biller's shorthand ('J9271 per mg?', 'is Q5103 10mg', 'is ocrevus 300 mg per
unit'): the printed unit answers, compared with an amount typed; an amount beside another question
('is keytruda 200mg on evicore') is context."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("J9271 per mg?", ""),
        ("is J9271 10mg", "Not what the documents print — "),
        ("is J9271 1 mg?", "Yes — "),
        ("is ocrevus 300 mg per unit", "Not what the documents print — "),
    ],
)
def test_an_amount_typed_is_compared_with_the_printed_unit(engine: Engine, question: str, lead: str) -> None:
    answer = engine.ask(question)
    assert answer.intent == "billing_unit"
    assert answer.headline.startswith(lead) and "is billed per 1 mg" in answer.headline.split(". ")[0]


def test_an_amount_beside_a_list_question_is_context(engine: Engine) -> None:
    answer = engine.ask("is keytruda 200mg on evicore")
    assert answer.intent != "billing_unit" and answer.headline.startswith("Yes — ")


def test_a_billing_increment_is_the_unit(engine: Engine) -> None:
    assert engine.ask("what is the billing increment for J9299").intent == "billing_unit"


@pytest.mark.parametrize(
    ("question", "lead"),
    [("is J9035 billed in 10mg increments", "Yes — "), ("is J1745 billed in 100 mg units?", "Not what")],
)
def test_an_increment_typed_is_compared(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).headline.startswith(lead)
