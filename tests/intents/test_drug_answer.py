"""Every code beside a drug name is read: whose code it is, and the drug it belongs to is answered too."""

from __future__ import annotations

import pytest

from intents.engine import Engine


def _lead(text: str) -> str:
    return text.split(". ")[0]


@pytest.mark.parametrize(
    "question, named, owner, owner_code, named_code",
    [
        ("Perjeta J9355", "Perjeta", "Herceptin", "J9355", "J9306"),
        ("Remicade Q5103 home infusion precert", "Remicade", "Inflectra", "Q5103", "J1745"),
        ("Benlysta - we bill J0129, does it need precert?", "Benlysta", "Orencia", "J0129", "J0490"),
        ("J2182 for Cinqair, site of care?", "Cinqair", "Nucala", "J2182", "J2786"),
    ],
)
def test_a_code_of_another_drug_is_said_right_after_the_verdict_and_answered(
    engine: Engine, question: str, named: str, owner: str, owner_code: str, named_code: str
) -> None:
    a = engine.ask(question)
    assert a.status == "answered"
    # The point first: the named drug's verdict; then whose the code is, never dropped.
    assert _lead(a.headline).removeprefix("Yes — ").startswith(f"{named}: ")
    said = f"{owner_code} is {owner}’s code in these documents; {named}’s is {named_code}."
    assert said in a.headline and a.headline.index(said) < a.headline.index(f"{owner}: ")
    assert [d.name for d in a.drugs] == [named, owner]
    assert {f.drug for f in a.findings} == {named, owner}


def test_a_list_of_codes_and_names_answers_every_one(engine: Engine) -> None:
    a = engine.ask("J9271 and Ocrevus and j2505 — PA?")
    assert {d.name for d in a.drugs} == {"Keytruda", "Ocrevus", "Neulasta"}
    assert "J9271 is Keytruda’s code in these documents." in a.headline
    assert "Ocrevus’s is" not in a.headline  # a list, not a pair: no 'instead of' sentence
    assert any(f.drug == "Neulasta" and f.program == "evicore_oncology" and f.listed for f in a.findings)


def test_a_drugs_own_code_adds_nothing_but_a_disagreement(engine: Engine) -> None:
    assert engine.ask("Keytruda J9271").headline.startswith("Keytruda: yes")
    a = engine.ask("Avastin J9305")
    assert a.headline.startswith("The documents disagree on Avastin's code: J9305")
    assert [d.name for d in a.drugs] == ["Avastin"]


def test_codes_beside_names_that_no_document_prints_or_that_name_no_drug(engine: Engine) -> None:
    a = engine.ask("Keytruda J9999 and S9500")
    assert "S9500 does not appear in the loaded documents." in a.headline
    assert "J9999 names no specific drug in these documents" in a.headline
    assert [d.name for d in a.drugs] == ["Keytruda"]


def test_a_row_found_by_its_description_leads_and_says_it_has_no_code(engine: Engine) -> None:
    a = engine.ask("HIT alpha-1 proteinase per diem - what code do we bill?")
    assert a.headline.startswith("The home infusion precert list prints “HIT Alpha-1-Proteinas Diem” with no code")
    assert any(c.source == "home_infusion" and c.line == 124 for c in a.citations)


def test_the_drugs_own_program_leads_when_only_the_hospital_names_another(engine: Engine) -> None:
    a = engine.ask("the kid is inpatient at our hospital, who do we call to get Zolgensma approved?")
    assert a.headline.startswith("Gene Therapy Program team: phone 855.678.0051")
    assert "877.865.6492" not in a.text  # the SCO team's number is for SCO drugs
    first = next(f for f in a.findings if f.drug == "Zolgensma")
    assert first.program == "gene_therapy" and first.listed


def test_a_program_asked_by_name_is_still_answered_first(engine: Engine) -> None:
    a = engine.ask("is zolgensma on the SCO list?")
    assert a.headline.startswith("Zolgensma: not on the SCO site-of-care list")


def test_who_may_give_a_gene_therapy_is_quoted_beside_its_listing(engine: Engine) -> None:
    a = engine.ask("can we just give Luxturna ourselves if we buy it from the manufacturer?")
    assert any(c.source == "gene_cellular_2024" and c.line == 66 for c in a.citations)
    assert "contracted" in a.text


def test_a_long_message_is_read_for_the_sentence_that_asks(engine: Engine) -> None:
    a = engine.ask(
        "Morning! We have a 4 yo with SMA and the family is nervous. They live 2 hours from our hospital "
        "and the neuro team wants Zolgensma soon. Who do we call for the auth, and what's the fax?"
    )
    assert a.headline.startswith("Gene Therapy Program team: phone 855.678.0051, fax 833.910.1625.")
    assert "hours" not in a.headline  # '2 hours from our hospital' is the story, not the question
    assert [c.label for c in a.contacts] == ["Gene Therapy Program team"]


def test_a_hopd_asking_how_long_it_has_gets_the_drugs_site_of_care_listing_and_the_transition(
    engine: Engine,
) -> None:
    a = engine.ask("we're an HOPD - do we have to move our Tysabri pt, and how long do we have?")
    assert a.headline.startswith("Tysabri")
    assert "30-day" in a.headline
    assert any(f.program == "sco" and f.listed for f in a.findings)
    assert any(c.source == "sco_2022" and c.line == 33 for c in a.citations)
