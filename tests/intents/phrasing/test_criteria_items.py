"""An item of a list of criteria any one of which is enough (#19 kind 4, phrasing-q session 8): the policy's
'Cigna covers injectable treatment in a hospital outpatient setting … for an individual with ANY of the
following:' answers 'can they stay at the hospital if <one of them>?' with Yes and the lead-in; never for the
item with its own 'unless', a negated question, or a case no item prints."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from tests.support.answers import cites_line, first_sentence

POLICY = "site_of_care_policy"


@pytest.mark.parametrize(
    ("question", "item_line"),
    [
        ("if the patient has cardiopulmonary disease that rules out other sites, can they stay at the hopd?", 47),
        ("can infusions continue in the hospital outpatient dept when the FDA label restricts the site of care?", 42),
    ],
)
def test_one_of_any_criteria_is_the_policys_yes(engine: Engine, question: str, item_line: int) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith("Yes — when any one of these criteria holds"), answer.text[:120]
    assert cites_line(answer, POLICY, 38)
    assert cites_line(answer, POLICY, item_line)


@pytest.mark.parametrize(
    "question",
    [
        "can a pt with a documented history of anxiety stay at the hospital?",
        "can a pt keep getting infusions at the hospital if they prefer it?",
        "can a pt with a history of infusion reactions stay at the hopd?",  # the item's own 'unless'
        "can a pt without fluid overload concerns stay in the hospital?",
    ],
)
def test_no_yes_for_a_case_no_item_says_alone(engine: Engine, question: str) -> None:
    assert not first_sentence(engine.ask(question).text).startswith("Yes")


@pytest.mark.parametrize(
    "question",
    [
        "a REMS certified car-t center with no contract with Cigna - can it be reimbursed?",
        "if our REMS center is not contracted can we get reimbursed for car-t?",
    ],
)
def test_a_condition_the_line_requires_denied_is_its_no(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith("No — "), answer.text[:120]
    assert cites_line(answer, "gene_cellular_2024", 70)


def test_a_condition_held_is_no_no(engine: Engine) -> None:
    assert not engine.ask("if our REMS center is contracted can we get reimbursed for car-t?").text.startswith("No")
