"""'Number' asks for a phone only when it is no other kind of number: 'the policy number' is the coverage
policy's, not a team's line."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    "question", ["what's the policy number for the site of care coverage policy", "site of care policy number?"]
)
def test_a_policy_number_is_not_a_phone_number(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.intent != "contacts"


def test_a_teams_number_still_is(engine: Engine) -> None:
    assert engine.ask("whats the number for the sco team").intent == "contacts"
