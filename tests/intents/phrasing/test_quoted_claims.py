"""A quoted message under nothing but a request to check it (#19 kind 8 with kind 5, phrasing-q session 8):
the quote is the assertion, and the answer's first word is the documents' verdict on it."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.phrasing.slack_text import read_message


@pytest.mark.parametrize(
    ("message", "verdict"),
    [
        ("> Yervoy goes through evicore\nis this right?", "Correct — "),
        ("> Abecma is a gene therapy\ncan someone confirm?", "Not what the documents say"),
        ("> Xtandi needs evicore precert is that correct?", "Correct — "),
        ("&gt; Tysabri is on SCO+\ntrue?", "Not what the documents say"),
    ],
)
def test_a_quote_asked_to_be_checked_is_the_assertion(engine: Engine, message: str, verdict: str) -> None:
    assert engine.ask(message).text.startswith(verdict)


def test_a_quote_under_a_question_of_its_own_stays_context() -> None:
    message = read_message("> does Yervoy need evicore?\nwhat about Opdivo?")
    assert message.quoted and "Opdivo" in message.question


def test_the_quote_read_as_an_assertion_keeps_its_words() -> None:
    message = read_message("> Yervoy goes through evicore.\nis that true?")
    assert message.question == "Yervoy goes through evicore, right?"
    assert not message.quoted
