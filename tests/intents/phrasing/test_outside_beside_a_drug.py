"""What a question asks beside a drug's listing that no document holds (an age limit, self-administering)
is said first: the listing's 'yes' would read as the answer to it."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    "question",
    [
        "is there an age limit for zolgensma",
        "whats the max age for luxturna",
        "can the patient self-administer xolair at home",
        "can pts self inject prolia?",
    ],
)
def test_what_no_document_holds_leads_not_a_yes(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith("The documents don't hold ")
    assert "yes" not in answer.text.split("\n")[0].lower().split(" — ")[0]


@pytest.mark.parametrize(
    "question", ["contracted rate for Ocrevus?", "how much does cigna pay for Entyvio", "Tysabri rate per mg"]
)
def test_a_rate_or_what_cigna_pays_is_said_not_held_before_the_drugs_answer(engine: Engine, question: str) -> None:
    lead = engine.ask(question).headline.split(" — ")[0]
    assert lead.startswith("The documents don't hold") and ("rates" in lead or "prices" in lead)


def test_a_rate_asked_alone_is_said_not_held(engine: Engine) -> None:
    answer = engine.ask("enteral per diem rate?")
    assert answer.headline.startswith("The documents don't hold reimbursement rates or fee schedules")
