"""One number to call first, whichever channel answers: for every drug in the documents, `precert-bot ask`,
the Slack message, a `check` row and a CDS card name the same first number — Answer.first_call's
(intents/answer.py)."""

from __future__ import annotations

import pytest

from bot.ehr.cds_cards import order_cards
from bot.ehr.cds_orders import Order
from intents.engine import Engine
from intents.text import render_text
from knowledge.kb import KnowledgeBase
from render.slack_blocks import answer_message
from schedule_check.checker import Checker


def _order(name: str) -> Order:
    """A MedicationRequest naming the drug, as an EHR sends it."""
    resource = {"resourceType": "MedicationRequest", "id": "o1", "medicationCodeableConcept": {"text": name}}
    return Order("MedicationRequest/o1", resource, (), (), name, True)


def _phones(kb: KnowledgeBase) -> set[str]:
    contacts = [*kb.general_contacts, *(c for p in kb.programs.values() for c in p.contacts)]
    return {c.phone.value for c in contacts if c.phone}


def _first_number(text: str, phones: set[str]) -> str | None:
    """The phone number printed first in a text (None: none)."""
    found = [(text.find(phone), phone) for phone in phones if phone in text]
    return min(found)[1] if found else None


@pytest.fixture(scope="module")
def every_drug(engine: Engine) -> list[str]:
    return sorted(drug.name for drug in engine.kb.drugs.values())


def test_every_drug_has_one_first_number_everywhere(engine: Engine, every_drug: list[str]) -> None:
    phones, checker, differ = _phones(engine.kb), Checker(engine), []
    for name in every_drug:
        answer = engine.ask(name)
        first = answer.first_call(answer.drugs[0].name) if answer.drugs else None
        expected = first.phone if first else None
        cli = _first_number(render_text(answer), phones)
        slack = _first_number(answer_message(answer).blocks[0]["text"]["text"], phones)
        row = checker.check_text(name)
        checked = row.contact.phone if row.contact else None
        cards = order_cards(engine.kb, answer, _order(name))
        carded = _first_number(cards[0]["summary"], phones) if cards else None  # no card: a difference too
        # A card is about the drug ordered, when the name reads as several ('Leuprolide Acetate' is
        # Lupron Depot's generic too): its number is that drug's first call.
        carded_drug = cards[0]["summary"].split(":")[0] if cards else None
        card_first = answer.first_call(carded_drug) if carded_drug in {d.name for d in answer.drugs} else first
        if len({expected, cli, slack, checked}) > 1 or carded != (card_first.phone if card_first else None):
            differ.append(f"{name}: first_call {expected}, ask {cli}, slack {slack}, check {checked}, card {carded}")
    assert not differ, "\n".join(differ[:10])
    assert len(every_drug) > 300  # every drug in the documents, not a sample
