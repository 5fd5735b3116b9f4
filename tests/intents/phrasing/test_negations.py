"""Negated questions: 'is X not on…' is an assertion to check, never a bare yes; 'which drugs don't
need PA?' is answered by what the documents list, never by absence."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from tests.conftest import NEVER_SAY


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("is Opdivo not on the eviCore list?", "Not what the documents say"),
        ("does Entyvio not need precert?", "Not what the documents say"),
        ("Is Opdivo not on the home infusion list?", "Correct — "),
    ],
)
def test_a_negated_question_is_checked_not_answered_yes(engine: Engine, question: str, verdict: str) -> None:
    assert engine.ask(question).text.startswith(verdict)


@pytest.mark.parametrize(
    "question", ["which drugs don't need prior auth?", "what on the home infusion list doesn't need precert?"]
)
def test_asking_for_what_needs_no_authorization_never_gets_a_list_of_absences(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.intent == "rows_needing_none"
    assert "not a yes or a no" in answer.headline
    assert "8824462" in "".join(ch for ch in answer.headline if ch.isdigit())
    assert not any(phrase in answer.text.lower() for phrase in NEVER_SAY)


def test_rows_a_list_sends_elsewhere_are_named_and_cited(engine: Engine, kb) -> None:
    answer = engine.ask("what on the home infusion list doesn't need precert?")
    moved = [x for x in kb.listings if x.program == "home_infusion" and x.status_note]
    assert all(x.codes[0] in answer.headline for x in moved)
    assert {x.citation.line for x in moved} <= {c.line for c in answer.citations}


@pytest.mark.parametrize("question", ["when is evicore not needed for prolia", "why doesnt tysabri need evicore"])
def test_a_wh_question_with_a_negation_asserts_nothing(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.text.startswith(("Not what the documents say", "Correct", "The documents don't say that"))


def test_codes_not_precert_through_the_list_are_the_moved_rows_never_a_no_from_absence(engine: Engine) -> None:
    answer = engine.ask("which HI codes are not prior auth through cigna now?")
    assert answer.intent == "rows_needing_none"
    assert "B4105" in answer.headline and "S9364" in answer.headline
