"""An email the documents give only 'for questions' is not a way to send a prior authorization request:
asked as one, that is said first, with the phone and fax the same program prints for requests."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from tests.support.answers import first_sentence


@pytest.mark.parametrize(
    ("question", "numbers"),
    [
        ("can we email the luxturna PA request?", ("855.678.0051", "833.910.1625")),
        ("cell therapy PA by email?", ("800.668.9682", "877.598.2484")),
        ("gene therapy PA - email ok?", ("855.678.0051", "833.910.1625")),
    ],
)
def test_an_email_for_questions_is_not_offered_for_requests(engine: Engine, question: str, numbers: tuple) -> None:
    lead = first_sentence(engine.ask(question).text)
    assert "for questions, not for sending requests" in lead
    assert all(n in lead for n in numbers)


def test_an_email_asked_for_a_question_is_just_given(engine: Engine) -> None:
    answer = engine.ask("which email do I use for a question about the gene therapy program?")
    assert "GeneTherapyProgram@CignaHealthcare.com" in first_sentence(answer.text)
    assert "not for sending requests" not in answer.text
