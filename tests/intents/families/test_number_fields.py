"""A number the documents print, asked as another field ('is <eviCore's phone> the fax for eviCore?'): it is
not — the answer says what it is, never a 'Yes' to the field asked."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("is 1-866-668-9250 the fax for evicore?", "No — "),
        ("is 833.910.1625 the gene therapy phone?", "No — "),
        ("is 833.910.1625 the gene therapy fax?", "Yes — "),
    ],
)
def test_a_number_asked_as_a_field_is_checked_against_the_field_printed(
    engine: Engine, question: str, lead: str
) -> None:
    assert engine.ask(question).text.startswith(lead)


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("the fax for Zolgensma is 877.598.2484 right?", "Not what the documents say — "),  # the cellular team's
        ("Keytruda precert fax is 1-866-668-9250 right?", "Not what the documents say — "),  # eviCore's phone
        ("Zolgensma goes through eviCore at 855.678.0051, right?", "Not what the documents say — "),
        ("Zolgensma PA goes to fax 833.910.1625, correct?", "Correct — "),
    ],
)
def test_a_number_asserted_of_a_drug_is_checked_for_team_field_and_list(
    engine: Engine, question: str, lead: str
) -> None:
    assert engine.ask(question).text.startswith(lead)
