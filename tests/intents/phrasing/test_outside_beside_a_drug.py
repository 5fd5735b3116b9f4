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
