"""Verdicts said first where a printed line bears them out (#19 kinds 4 and 5, phrasing-q session 8): a
duration asserted inside the printed one, an item said of all chemotherapy by any route, a desk asserted
against the item's lead-in, an ability the line says is available."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from tests.support.answers import cites_line, first_sentence

EVICORE = "evicore_oncology_2017"


@pytest.mark.parametrize(
    "question",
    [
        "the evicore portal gets a decision in 4 minutes, right?",
        "eviCore's website decides within 3 mins, correct?",
        "eviCore web requests come back in 2 to 5 min, right?",
    ],
)
def test_a_duration_inside_the_printed_one_is_correct(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith("Correct — "), answer.text[:120]
    assert cites_line(answer, EVICORE, 33)


@pytest.mark.parametrize(
    "question",
    [
        "the evicore portal gives a decision in 3 days, right?",
        "the evicore website decides in 2 weeks, correct?",
    ],
)
def test_a_duration_outside_the_printed_one_is_not_so(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Not what the documents say")


@pytest.mark.parametrize(
    "question",
    [
        # 'renewed', 'every': more than the 30-day line says
        "the one-time 30 day approval gets renewed every month, right?",
        "the hospital outpatient 30 day approval is automatic, right?",
    ],
)
def test_a_duration_in_a_claim_that_says_more_is_never_correct(engine: Engine, question: str) -> None:
    assert not engine.ask(question).text.startswith("Correct")


def test_an_asserted_duration_of_the_website_is_not_a_contact_question(engine: Engine) -> None:
    answer = engine.ask("the evicore website hands back a determination in 5 min, correct?")
    assert answer.intent != "contacts"


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("does intravenous chemo need evicore?", "Yes (call eviCore"),
        ("IV chemo goes through evicore, right?", "Correct (call eviCore"),
        ("so injectable chemo doesnt need evicore, correct?", "Not what the documents say"),
    ],
)
def test_an_item_said_of_all_chemotherapy_holds_by_any_route(engine: Engine, question: str, lead: str) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith(lead), answer.text[:120]
    assert cites_line(answer, EVICORE, 25)


@pytest.mark.parametrize(
    "question",
    [
        "evicore only handles the infusions - oral chemo is done through Cigna, correct?",
        "eviCore is just IV stuff, oral chemo gets sent to cigna, right?",
    ],
)
def test_an_item_sent_to_another_desk_is_not_what_the_documents_say(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert first_sentence(answer.text).startswith("Not what the documents say"), answer.text[:120]
    assert cites_line(answer, EVICORE, 25)


def test_reviewers_available_for_a_case_is_a_yes_of_their_line(engine: Engine) -> None:
    answer = engine.ask("can the evicore oncologist reviewers support urgent pediatric precert requests?")
    assert answer.text.startswith("Yes — "), answer.text[:120]
    assert cites_line(answer, EVICORE, 40)


def test_meds_are_the_medications_the_single_request_line_prints(engine: Engine) -> None:
    answer = engine.ask("can we get medical and pharmacy meds precerted with one request through evicore?")
    assert answer.text.startswith("Yes — "), answer.text[:120]
    assert cites_line(answer, EVICORE, 15)


@pytest.mark.parametrize(
    "question", ["S9366 moved over to home health, right?", "S9367 went to the home health program, correct?"]
)
def test_a_move_asserted_to_the_program_the_row_names_is_correct(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith("Correct — "), answer.text[:120]
    assert "Moved to Home Health program." in first_sentence(answer.text) or "Moved to Home Health" in answer.text


def test_a_move_to_a_program_the_row_does_not_name_is_never_correct(engine: Engine) -> None:
    assert not engine.ask("S9366 moved to the DME program, right?").text.startswith("Correct")


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("must Zynlonta come from a specialty pharmacy when site of care management is not feasible?", "Yes — "),
        ("does Zynlonta have to come from a specialty pharmacy?", "It may — "),
    ],
)
def test_a_marker_asked_under_its_own_condition_is_its_yes(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


@pytest.mark.parametrize(
    "question",
    [
        "patients mid-regimen keep evicore coverage without review indefinitely, right?",
        "eviCore reviewers take calls on saturday, correct?",
    ],
)
def test_a_claim_the_printed_limits_deny_is_not_so(engine: Engine, question: str) -> None:
    lead = first_sentence(engine.ask(question).text)
    assert lead.startswith(("Not what the documents say", "No — ")), lead


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("oral chemotherapy is handled by Cigna directly, right?", "Not what the documents say"),
        ("chemo pills are handled by Cigna directly, right?", "Not what the documents say"),
    ],
)
def test_a_rule_of_requirement_items_decides_as_its_items_do(engine: Engine, question: str, lead: str) -> None:
    answer = engine.ask(question)
    assert answer.intent == "policy"
    assert first_sentence(answer.text).startswith(lead), answer.text[:120]
