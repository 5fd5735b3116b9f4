"""Whom to call and what is billed, in phrasings of our own: the teams that print no fax, a unit asked
with no amount, a rate asked of a code naming no drug, and a drug 'for eviCore' that is no condition treated."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.families.rows_treating import condition_asked


def test_the_teams_that_print_no_fax_are_named(engine: Engine) -> None:
    answer = engine.ask("which teams don't have a fax number listed")
    assert answer.headline.startswith("The documents print no fax number for")
    assert "eviCore" in answer.headline and "SCO" in answer.headline
    assert "fax 833.910.1625" not in answer.headline and "fax 877.598.2484" not in answer.headline


@pytest.mark.parametrize(("question", "lead"), [("is J9299 per mg", "Yes — "), ("J1745 billed per mg?", "Not what")])
def test_a_unit_asked_with_no_amount_is_one_of_it(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).headline.startswith(lead)


def test_a_rate_asked_of_a_code_naming_no_drug_is_said_not_held(engine: Engine) -> None:
    answer = engine.ask("reimbursement rate S9361?")
    assert answer.headline.startswith("The documents don't hold reimbursement rates")
    assert "S9361" in answer.headline


def test_a_drug_for_a_party_is_no_condition_treated() -> None:
    assert condition_asked("what kind of drug is for evicore") is None
    assert condition_asked("which drugs are for gout") == "gout"
