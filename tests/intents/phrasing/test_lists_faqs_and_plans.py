"""Session 4 kinds, in phrasings of our own: a list named among its group ('Stelara on SCO+?'), an FAQ's
own Yes/No answering an assertion, a program's coverage rule, a row's line of business or payer, a
list denied beside its sibling, a marker that only 'may' apply, and questions read as yes/no after
context ('… SCO review?', 'x 400 units, need eviCore?', 'so …, does it need precert?')."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from tests.support.answers import cites_line, first_sentence


@pytest.mark.parametrize("question", ["is Stelara on SCO plus?", "entyvio sco+?", "does ocrevus need sco+ review"])
def test_a_list_named_among_its_group_leads_when_the_drug_is_on_a_sibling(engine: Engine, question: str) -> None:
    text = engine.ask(question).text
    assert text.startswith("Not on the SCO+ site-of-care list — ")
    assert "on the SCO site-of-care list" in first_sentence(text) or "SCO site-of-care list" in text


@pytest.mark.parametrize("question", ["kadcyla sco+?", "is Herceptin on the sco plus list"])
def test_a_drug_on_the_list_named_is_still_yes(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Yes — ")


@pytest.mark.parametrize(
    "question",
    [
        "every REMS-certified clinic can give carvykti to cigna patients, right?",
        "any provider who can get hemgenix is contracted with cigna to give it, correct?",
        "there's a different PA process for site of care drugs, correct?",
    ],
)
def test_an_assertion_an_faq_answers_no_to_leads_with_no(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("No — ")


@pytest.mark.parametrize(
    "question",
    [
        "a REMS certified center still has to be contracted to give abecma, right?",
        "not all gene therapies need prior authorization, right?",
        "even if they aren't contracted any REMS center can give kymriah, right?",
    ],
)
def test_an_faq_no_is_not_read_over_another_assertion(engine: Engine, question: str) -> None:
    text = engine.ask(question).text
    assert not text.startswith(("No — ", "Correct — "))


def test_coverage_said_as_certain_is_corrected_by_the_programs_rule(engine: Engine) -> None:
    a = engine.ask("gene therapy is always covered once the PA goes through, correct?")
    assert a.text.startswith("Not what the documents say — ")
    assert "benefit plan" in first_sentence(a.text)
    assert cites_line(a, "gene_cellular_2024", 9)


def test_a_coverage_question_about_a_program_says_prior_authorization_first(engine: Engine) -> None:
    text = engine.ask("are car-t therapies covered?").text
    assert text.startswith("Prior authorization is what these documents decide")


@pytest.mark.parametrize(
    "question",
    [
        "which eviCore drugs aren't just for oncology?",
        "eviCore drugs that are not oncology-only",
        "evicore meds with non-cancer uses",
    ],
)
def test_not_only_oncology_is_the_dual_indication_marker(engine: Engine, question: str) -> None:
    text = engine.ask(question).text
    assert "marked * (dual indication" in first_sentence(text)


@pytest.mark.parametrize(
    "question", ["who should I phone about Luxturna?", "whom do I contact for a Herceptin precert"]
)
def test_a_contact_question_has_no_yes(engine: Engine, question: str) -> None:
    assert "yes —" not in engine.ask(question).text.lower()


def test_a_row_naming_the_payer_asked_is_quoted(engine: Engine) -> None:
    text = engine.ask("is J0717 ok to bill for medicare patients").text
    assert "names Medicare" in text and "direct supervision of a physician" in text


def test_a_list_asked_of_a_plan_type_says_its_line_of_business(engine: Engine) -> None:
    assert "“Commercial”" in engine.ask("does the home infusion list cover medicaid patients").text


def test_another_insurer_gets_no_line_of_business(engine: Engine) -> None:
    assert "line of business" not in engine.ask("does Benlysta need PA with Aetna?").text


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("Truxima is only on SCO+, not SCO, right?", "Not what the documents say — "),
        ("Kadcyla is only on SCO+, not SCO, right?", "Correct — "),
        ("Herceptin goes through eviCore, not SCO, right?", "Not what the documents say — "),
    ],
)
def test_a_list_denied_beside_its_sibling(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


def test_a_marker_that_may_apply_is_not_confirmed_as_certain(engine: Engine) -> None:
    assert engine.ask("Zolgensma always gets Embarc, correct?").text.startswith("Not what the documents say — ")


@pytest.mark.parametrize(
    "question",
    [
        "i believe opdivo currently needs evicore precert, true?",
        "so my pt has a referral for Ocrevus, does it need precert?",
        "billing 400 units of J9299, is evicore needed?",
        "vedolizumab site of care review?",
        "Krystexxa at our HOPD. SCO review?",
        "precert req'd for Kadcyla?",
        "Krystexxa in the hospital, site of care review or no?",
    ],
)
def test_read_as_a_yes_no_question_after_context(engine: Engine, question: str) -> None:
    text = engine.ask(question).text
    assert text.startswith(("Yes — ", "Correct — ")), text[:120]
