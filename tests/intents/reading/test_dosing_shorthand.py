"""Dosing and scheduling shorthand typed after a drug ('Prolia q6mo', 'Entyvio q8wks', 'x6mo', 'bid') is
the schedule, never a second word of the drug's name: the drug is answered, not asked back."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.reading.non_drug_words import is_shorthand


@pytest.mark.parametrize("word", ["q6mo", "q8wks", "q3w", "q12mo", "qmonthly", "x6mo", "bid", "prn", "6mo"])
def test_schedules_written_as_one_token_are_shorthand(word: str) -> None:
    assert is_shorthand(word)


@pytest.mark.parametrize("word", ["q5103", "q2041", "qlex", "quick", "xgeva", "bidding", "j9271"])
def test_codes_names_and_words_are_not_shorthand(word: str) -> None:
    assert not is_shorthand(word)


@pytest.mark.parametrize(
    ("question", "drug"),
    [
        ("Pt with osteoporosis getting Prolia q6mo in the office - precert?", "Prolia"),
        ("entyvio q8wks at home, need auth?", "Entyvio"),
        ("ocrevus x2 doses q6mos, PA?", "Ocrevus"),
    ],
)
def test_a_drug_with_its_schedule_is_answered(engine: Engine, question: str, drug: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "answered" and [d.name for d in answer.drugs] == [drug]
