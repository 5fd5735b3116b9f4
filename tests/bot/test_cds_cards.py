"""The CDS Hooks card renderer: one card per drug from its lead finding's status; none for a name the
documents don't have; a did-you-mean card for a look-alike."""

from __future__ import annotations

import pytest

from bot.cds_cards import SUMMARY_MAX, cards
from intents.engine import Engine


@pytest.mark.parametrize(
    ("question", "summary", "indicator", "pa_needed"),
    [
        ("Keytruda", "Keytruda: prior auth through eviCore — 1.866.668.9250", "warning", "auth-needed"),
        (
            "Rituxan",
            "Rituxan: prior auth through eviCore for oncology indications — 1.866.668.9250",
            "warning",
            "conditional",
        ),
        ("Zoladex", "Zoladex: authorization under the pharmacy benefit only", "info", None),
        (
            "Ocrevus",
            "Ocrevus: prior auth through Cigna (home infusion precert list) — 1.800.88Cigna (882.4462)",
            "warning",
            "auth-needed",
        ),
    ],
)
def test_a_card_reads_the_lead_findings_status(
    engine: Engine, question: str, summary: str, indicator: str, pa_needed: str | None
) -> None:
    (card,) = cards(engine.ask(question), engine.kb)
    assert card["summary"] == summary and len(card["summary"]) < SUMMARY_MAX
    assert card["indicator"] == indicator
    assert card["extension"]["davinci-crd.coverage-information"].get("pa-needed") == pa_needed
    assert card["source"]["label"].startswith("Cigna")  # Cigna's documents, never another payer's
    assert "> " in card["detail"]  # the cited lines, quoted


def test_two_drugs_two_cards_an_unknown_one_none(engine: Engine) -> None:
    assert [c["summary"].split(":")[0] for c in cards(engine.ask("Keytruda and Zolgensma"), engine.kb)] == [
        "Keytruda",
        "Zolgensma",
    ]
    assert cards(engine.ask("foobarzine"), engine.kb) == []
    assert cards(engine.ask(""), engine.kb) == []


def test_a_look_alike_gets_suggestions_not_a_verdict(engine: Engine) -> None:
    (card,) = cards(engine.ask("procardia"), engine.kb)
    assert card["summary"].startswith("Did you mean Procrit?")
    assert card["selectionBehavior"] == "at-most-one" and card["suggestions"][0]["label"] == "Procrit (J0885)"
