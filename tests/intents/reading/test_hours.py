"""Yes or no to a question about days and times, from the hours the documents print."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.reading.hours import open_when, parse

PRINTED = "7:00 a.m. – 10:00 p.m. EST, Monday - Friday"


@pytest.mark.parametrize(
    "question, answer",
    [
        ("open on sunday?", False),
        ("open saturdays?", False),
        ("open on the weekend", False),
        ("open wednesday?", True),
        ("can I call at 9pm", True),
        ("can I call at 10:30 p.m. on friday", False),
        ("open at 6:30 am", False),
        ("what are the hours", None),
    ],
)
def test_days_and_times_against_the_printed_hours(question: str, answer: bool | None) -> None:
    hours = parse(PRINTED)
    assert hours is not None
    assert open_when(hours, question) is answer


def test_an_hours_yes_or_no_question_is_answered_yes_or_no_first(engine: Engine) -> None:
    a = engine.ask("is evicore open on sunday?")
    assert a.headline.startswith("No: eviCore healthcare precertification is open 7:00 a.m. – 10:00 p.m. EST")
    b = engine.ask("evicore open tuesday?")
    assert b.headline.startswith("Yes: ")
    assert not engine.ask("evicore hours?").headline.startswith(("Yes", "No"))
