"""Yes or no first, and only where a document says so: never a no from absence; coverage is not
prior authorization."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intents.engine import Engine
from knowledge.kb import default_kb
from tests.conftest import NEVER_SAY
from tests.support.answers import first_sentence

ENGINE = Engine(kb=default_kb())
NAMES = sorted({d.name for d in ENGINE.kb.drugs.values()})


@pytest.mark.parametrize(
    ("question", "digits"),
    [
        ("do I need precert for Entyvio?", "8778656492"),
        ("Is Opdivo on the eviCore list?", "8666689250"),
        ("does Kymriah require prior auth?", "8006689682"),
        ("do we need PA to infuse Soliris at home", "8824462"),
    ],
)
def test_a_yes_no_question_gets_yes_first_with_the_number(engine: Engine, question: str, digits: str) -> None:
    answer = engine.ask(question)
    lead = first_sentence(answer.text)
    assert lead.startswith("Yes — ")
    assert digits in re.sub(r"\D", "", lead)
    assert ": yes" not in lead  # said once, first


def test_absence_from_the_list_asked_is_neither_yes_nor_no(engine: Engine) -> None:
    answer = engine.ask("is Entyvio on the eviCore list?")
    assert not answer.text.startswith(("Yes", "No"))
    assert "not on the eviCore" in first_sentence(answer.text)


def test_a_name_no_document_has_is_not_a_yes_or_a_no(engine: Engine) -> None:
    answer = engine.ask("does Skyrizi need precert?")
    assert answer.status == "not_found"
    assert "not a yes or a no" in answer.text and not answer.text.startswith(("Yes", "No"))


def test_a_coverage_question_says_what_the_documents_decide(engine: Engine) -> None:
    answer = engine.ask("would Cigna pay for Luxturna for my patient?")
    lead = first_sentence(answer.text)
    assert "prior authorization" in lead.lower() and "covers" in lead and "not in them" in lead
    assert "yes" not in lead.lower()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.from_regex(r"\A[bcdfgkmnprstvz][aeiou][bcdfgkmnprstvz]{2}[aeiou][bcdfgkmnprstvz][aeiou]\Z"),
    st.sampled_from(
        [
            "does {} need PA?",
            "{} doesn't need precert, right?",
            "so no prior auth for {}, correct?",
            "{} isn't on any list so we're fine without auth?",
            "will Cigna cover {}?",
        ]
    ),
)
def test_no_made_up_name_is_ever_a_no_or_a_yes(name: str, template: str) -> None:
    answer = ENGINE.ask(template.format(name))
    if answer.drugs:  # the made-up word happened to read as a listed drug
        return
    text = answer.text.lower()
    assert not re.match(r"(?:Yes|Correct)\b|No\b(?! line)", answer.text)  # 'No line … answers that' is no 'no'
    assert not any(phrase in text for phrase in NEVER_SAY)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(NAMES), st.sampled_from(["{} doesn't need PA, right?", "no precert for {}, correct?"]))
def test_a_no_pa_assertion_is_never_confirmed(name: str, template: str) -> None:
    answer = ENGINE.ask(template.format(name))
    assert not answer.text.startswith(("Correct", "Yes"))
    assert not any(phrase in answer.text.lower() for phrase in NEVER_SAY)


@pytest.mark.parametrize(
    "question",
    ["does Prolia need eviCore auth for osteoporosis?", "Prolia for osteoporosis doesn't need evicore, right?"],
)
def test_a_use_another_team_authorizes_is_never_led_by_yes_or_a_verdict(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith("Prolia: for the use asked about, Cigna, not eviCore")


@pytest.mark.parametrize("question", ["Kadcyla requires PA?", "Entyvio needs precert? yes or no"])
def test_a_question_said_as_a_statement_is_answered_yes_first(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Yes — ")
