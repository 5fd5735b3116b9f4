"""An assertion about a listed drug is confirmed only for what a list can bear out (that the drug is on
it, needs prior authorization, goes through a program): a claim that says more is never "Correct"."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    "question",
    [
        "zolgensma can be given by any hospital, correct?",
        "any REMS certified center can infuse carvykti, right?",
        "ocrevus is covered for all members right?",
        "tysabri needs a new auth every 6 months right?",
        "so keytruda is approved automatically through the evicore website?",
        "herceptin precert lasts a year, right?",
        "Opdivo isn't on the home infusion list so it can be given at home without review, right?",
    ],
)
def test_an_assertion_saying_more_than_a_listing_is_not_confirmed(engine: Engine, question: str) -> None:
    assert not engine.ask(question).text.startswith(("Correct", "Yes"))


@pytest.mark.parametrize(
    "question",
    [
        "keytruda needs eviCore precert, right?",
        "so kymriah gets PA through the cell therapy program, right?",
        "Zolgensma goes through the gene therapy team, not evicore, right?",
        "i was told Entyvio is on the SCO list",
        "Keytruda isn't on the home infusion list, correct?",
    ],
)
def test_a_listing_claim_the_lists_bear_out_is_still_confirmed(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Correct — ")
