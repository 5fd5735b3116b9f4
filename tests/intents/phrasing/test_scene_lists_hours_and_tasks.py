"""Real-world shapes of yes/no questions and assertions (#19 kinds 4, 5, 7, whom to call): a clause that
sets the scene before the claim, two lists asked at once, a combination generic typed with a hyphen,
hours asked of a quoted line, and a number asked by the task it is for."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    "question",
    [
        "starting ocrevus for our MS pt at home tmrw, precert thru cigna is needed correct?",
        "booked benlysta at the hopd friday afternoon, it goes thru site of care review right?",
        "new pt on soliris at our clinic this month, that needs a site of care review, right?",
        "the chart says natalizumab needs site of care review, accurate?",
    ],
)
def test_a_clause_that_sets_the_scene_is_not_more_asserted(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Correct — ")


@pytest.mark.parametrize(
    "question",
    [
        # ('can … any', 'approved for a year': a clause of its own asserting what no list holds)
        "ocrevus can be infused at any hospital, it needs precert right?",
        "keytruda is approved for a year, it goes thru evicore right?",
    ],
)
def test_a_clause_that_asserts_more_is_never_confirmed(engine: Engine, question: str) -> None:
    assert not engine.ask(question).text.startswith("Correct")


@pytest.mark.parametrize(
    "question",
    [
        "is benlysta on the home infusion list as well or only sco?",
        "our onc said evicore for velcade but the hospital wants site of care review too - both?",
        "do we need a precert for zolgensma or nah",
    ],
)
def test_two_lists_at_once_and_slack_endings_get_their_yes(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Yes")


def test_both_is_never_said_for_a_drug_one_list_lacks(engine: Engine) -> None:
    answer = engine.ask("soliris on the evicore list too or just sco?")
    assert not answer.text.startswith("Yes")
    assert "not on the eviCore" in answer.headline


def test_a_diagnosis_code_typed_as_context_leaves_the_yes(engine: Engine) -> None:
    answer = engine.ask("dx M05.79, pt on orencia, cigna - auth needed?")
    assert answer.text.startswith("Yes — ")
    assert engine.ask("which icd-10 codes does cigna take for orencia?").text.startswith("The documents don't hold")


@pytest.mark.parametrize(
    ("typed", "drug"),
    [
        ("daratumumab-hyaluronidase", "Darzalex Faspro"),
        ("trastuzumab/hyaluronidase", "Herceptin Hylecta"),
        ("pertuzumab-trastuzumab-hyaluronidase", "Phesgo"),
        ("rituximab-hyaluronidase", "Rituxan Hycela"),
    ],
)
def test_a_combination_generic_typed_joined_is_its_product(engine: Engine, typed: str, drug: str) -> None:
    answer = engine.ask(f"does {typed} need auth with cigna?")
    assert [d.name for d in answer.drugs] == [drug]
    assert answer.text.startswith("Yes — ")


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("the evicore oncologist reviewers answer on sundays right?", "No — "),
        ("can i get an evicore oncologist reviewer on a saturday?", "No — "),
        ("evicore reviewers available monday to friday?", "Yes — "),
        ("evicore's oncologist reviewers are available monday thru friday, right?", "Correct — "),
    ],
)
def test_hours_asked_of_a_quoted_line_are_answered_from_it(engine: Engine, question: str, lead: str) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith(lead)
    assert "Monday – Friday" in answer.headline


@pytest.mark.parametrize(
    "question",
    [
        "which number should we call to get a pt transferred from the hospital to an infusion center?",
        "number for the nurse case managers that coordinate the move to home infusion for Entyvio?",
    ],
)
def test_a_number_asked_by_its_task_gives_that_team_first(engine: Engine, kb, question: str) -> None:
    answer = engine.ask(question)
    sco = kb.contacts("sco")[0].phone.value
    assert sco in answer.headline.split(".")[0] + answer.headline[:80]


def test_an_email_address_asked_of_the_cell_program_is_its_own(engine: Engine, kb) -> None:
    answer = engine.ask("car-t program email address?")
    assert kb.contacts("cellular_therapy")[0].email.value in answer.headline
    assert kb.contacts("gene_therapy")[0].email.value not in answer.headline
