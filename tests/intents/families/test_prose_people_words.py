"""Prose asked in people's words that the documents say in theirs (#19 kinds 1-3, session 8), each in
phrasings of our own: signing in is the documents' 'log in', 'in line with' their 'aligns with', buying
a drug their 'procurement', 'hospital based' their hospital outpatient setting, a bad reaction their
adverse event, catching a patient their 'identified', kicking off a request their 'initiate'; a route
offered as a choice ('- evicore or cigna?') is not the program asked about; treating a member is not
'which drugs treat X'; a time frame the documents don't print is said so first."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from tests.support.answers import cites_line, first_sentence


@pytest.mark.parametrize(
    ("question", "source", "line", "phrase"),
    [
        ("is the cigna reference guide behind a login", "gene_cellular_2024", 74, "Reference Guide"),
        ("do we have to log in to see the reimbursement restriction list", "gene_cellular_2024", 39, "Reimbursement"),
        ("is evicore's approach in line with nccn", "evicore_oncology_2017", 15, "National Comprehensive"),
        (
            "can you combine the iv chemo and the oral chemo into one evicore auth",
            "evicore_oncology_2017",
            15,
            "single",
        ),
        (
            "could the hospital buy the drug or does it come from a specialty pharmacy under sco",
            "sco_2022",
            265,
            "specialty pharmacy",
        ),
        (
            "pt had a bad reaction at her last infusion - can she keep going hospital based",
            "site_of_care_policy",
            43,
            "adverse event",
        ),
        (
            "when does cigna catch that a member is infusing in the hospital outpatient dept",
            "sco_2022",
            13,
            "identified",
        ),
        ("how do we kick off a CAR-T prior auth", "gene_cellular_2024", 56, "initiate"),
        (
            "does the evicore portal software let me answer clinical questions online",
            "evicore_oncology_2017",
            33,
            "clinical questions",
        ),
    ],
)
def test_the_documents_words_for_the_askers(engine: Engine, question: str, source: str, line: int, phrase: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (question, a.text[:300])
    assert cites_line(a, source, line), (question, a.text[:300])
    assert phrase.lower() in first_sentence(a.text).lower(), (question, first_sentence(a.text))


def test_a_route_offered_as_a_choice_is_not_the_program_asked_about(engine: Engine) -> None:
    a = engine.ask("home infusion auths: thru evicore or cigna?")
    assert a.status == "answered", a.text[:300]
    assert first_sentence(a.text).lower().startswith("home infusion"), a.text[:300]
    assert not any(c.program == "evicore_oncology" for c in a.contacts), a.text[:300]


def test_treating_a_member_is_not_asking_what_drugs_treat(engine: Engine) -> None:
    a = engine.ask("we aren't contracted for that gene therapy - any way we can still treat the member?")
    assert a.intent != "rows_treating", a.text[:300]
    assert cites_line(a, "gene_cellular_2024", 66), a.text[:300]


def test_grandfathered_asks_the_continuity_rule_not_the_marked_rows(engine: Engine) -> None:
    a = engine.ask("our pt has been on a drug that got added, grandfathered or not")
    assert a.intent != "marked_rows", a.text[:300]
    assert cites_line(a, "evicore_oncology_2017", 19), a.text[:300]


def test_reachable_asks_the_hours(engine: Engine) -> None:
    a = engine.ask("is evicore reachable 24/7")
    assert first_sentence(a.text).lower().startswith("no"), a.text[:300]
    assert "10:00 p.m." in a.text
