"""The CDS Hooks card renderer: one card per drug the order singles out, from the finding the CLI leads
with (its number the CLI's first number); a look-alike or a class name asks, with suggestions that
change the order; a name the documents don't have, or an order nothing could be read from, says so."""

from __future__ import annotations

import pytest

from bot.ehr.cds_cards import SUMMARY_MAX, order_cards
from bot.ehr.cds_orders import Order
from intents.engine import Engine
from intents.text import call_first


def order(words: str, codes: tuple[str, ...] = (), brands: tuple[str, ...] = ()) -> Order:
    resource = {"resourceType": "MedicationRequest", "id": "o1", "medicationCodeableConcept": {"text": words}}
    return Order("MedicationRequest/o1", resource, codes, brands, words, True)


def cards_for(engine: Engine, o: Order) -> list[dict]:
    return order_cards(engine.kb, engine.ask(o.question), o)


@pytest.mark.parametrize(
    ("words", "summary", "indicator"),
    [
        ("Keytruda", "Keytruda: prior auth through eviCore — 1.866.668.9250", "warning"),
        ("Rituxan", "Rituxan: prior auth through eviCore for oncology indications — 1.866.668.9250", "warning"),
        ("Zoladex", "Zoladex: authorization under the pharmacy benefit only — 1.866.668.9250", "info"),
        (
            "Ocrevus",
            "Ocrevus: site-of-care review at prior auth (Cigna) (SCO site-of-care list) — 877.865.6492",
            "info",
        ),
    ],
)
def test_a_card_reads_the_finding_the_cli_leads_with(engine: Engine, words: str, summary: str, indicator: str) -> None:
    (card,) = cards_for(engine, order(words))
    assert card["summary"] == summary and len(card["summary"]) < SUMMARY_MAX
    assert card["indicator"] == indicator
    first = call_first(engine.ask(words))
    assert first is None or first.phone is None or card["summary"].endswith(first.phone)
    assert card["source"]["label"].startswith("Cigna")  # Cigna's documents, never another payer's
    assert "> " in card["detail"]  # the cited lines, quoted
    assert card["extension"] == {"davinci-crd.associated-resource": [{"reference": "MedicationRequest/o1"}]}
    assert "davinci-crd.coverage-information" not in str(card)  # coverage information is never a card


def test_only_the_drug_ordered_gets_a_card(engine: Engine) -> None:
    remicade = order("infliximab 100 MG Injection [Remicade]", ("J1745",), ("Remicade",))
    assert [c["summary"].split(":")[0] for c in cards_for(engine, remicade)] == ["Remicade"]
    by_brand = order("infliximab 100 MG Injection [Remicade]", (), ("Remicade",))
    assert [c["summary"].split(":")[0] for c in cards_for(engine, by_brand)] == ["Remicade"]


def test_a_class_name_asks_which_product(engine: Engine) -> None:
    (card,) = cards_for(engine, order("infliximab"))
    assert [s["label"] for s in card["suggestions"]][:1] == ["Remicade (J1745)"]
    action = card["suggestions"][0]["actions"][0]
    assert action["resource"]["medicationCodeableConcept"]["text"] == "Remicade"


def test_a_name_the_documents_dont_have_is_said_never_passed_over(engine: Engine) -> None:
    (card,) = cards_for(engine, order("foobarzine"))
    assert "Not a yes or a no" in card["summary"] and card["indicator"] == "info"
    (card,) = order_cards(engine.kb, engine.ask(""), order(""))
    assert "no drug name or code could be read" in card["summary"] and card["indicator"] == "warning"


def test_a_look_alike_gets_suggestions_not_a_verdict(engine: Engine) -> None:
    (card,) = cards_for(engine, order("procardia"))
    assert card["summary"].startswith("Did you mean Procrit?")
    assert card["selectionBehavior"] == "at-most-one" and card["suggestions"][0]["label"] == "Procrit (J0885)"
    assert card["suggestions"][0]["actions"][0]["type"] == "update"
