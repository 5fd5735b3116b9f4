"""A team's own hours asked of the contact intent: around the clock and days are answered yes or no from
the printed hours; 'when does … close' asks the closing time; an opening time ends its own sentence."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from tests.support.answers import first_sentence


@pytest.mark.parametrize(
    "question",
    ["can we reach evicore 24/7?", "is the eviCore phone line staffed around the clock", "evicore open 24 hours?"],
)
def test_around_the_clock_is_no_for_hours_printed_for_weekdays_only(engine: Engine, question: str) -> None:
    lead = first_sentence(engine.ask(question).text)
    assert lead.startswith("No")
    assert "Monday - Friday" in engine.ask(question).text


@pytest.mark.parametrize(
    "question", ["when does the evicore line close?", "when do evicore's phones shut off", "when is evicore closing"]
)
def test_when_a_team_closes_is_its_closing_time(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.intent == "contacts"
    assert "closes at 10:00 p.m." in first_sentence(answer.text)


def test_an_opening_time_ending_in_a_m_has_one_full_stop(engine: Engine) -> None:
    text = engine.ask("what time does the eviCore line open in the morning").text
    assert "opens at 7:00 a.m. " in text and "a.m.." not in text
