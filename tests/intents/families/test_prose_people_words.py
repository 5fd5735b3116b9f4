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
        ("is the cigna reference guide behind a login", "gene_cellular_2024", 74, "log in"),
        ("do we have to log in to see the reimbursement restriction list", "gene_cellular_2024", 39, "log in"),
        ("is evicore's approach in line with nccn", "evicore_oncology_2017", 15, "National Comprehensive"),
        (
            "can you combine the iv chemo and the oral chemo into one evicore auth",
            "evicore_oncology_2017",
            15,
            "single",
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


@pytest.mark.parametrize(
    "question",
    [
        "herceptin and perjeta for one patient - one request or separate ones?",
        "can I put Keytruda and Alimta on one request",
    ],
)
def test_several_oncology_drugs_on_one_request_is_the_letters_single_request(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered", a.text[:300]
    assert cites_line(a, "evicore_oncology_2017", 15), a.text[:400]
    assert "single request" in a.text, a.text[:400]


def test_reviewers_around_asks_their_hours_line(engine: Engine) -> None:
    a = engine.ask("when are evicore oncologist reviewers around")
    assert cites_line(a, "evicore_oncology_2017", 40), a.text[:300]
    assert "7:00 a.m." in first_sentence(a.text)


def test_a_separate_pa_is_the_faqs_special_process(engine: Engine) -> None:
    a = engine.ask("is there a separate pa for sco+ meds")
    assert cites_line(a, "sco_2022", 31), a.text[:300]
    assert first_sentence(a.text).startswith("No"), a.text[:300]


def test_a_chemo_without_a_code_is_the_letters_bullet_not_the_rows_lacking_one(engine: Engine) -> None:
    a = engine.ask("can a brand-new chemo with no code go to evicore")
    assert a.intent != "rows_lacking", a.text[:300]
    assert cites_line(a, "evicore_oncology_2017", 26), a.text[:300]


def test_the_policy_having_a_number_is_its_1605_not_a_phone(engine: Engine) -> None:
    a = engine.ask("the site of care policy has a number, right? what is it")
    assert a.intent != "contacts", a.text[:300]
    assert "1605" in a.text


def test_a_time_frame_the_rules_dont_print_is_said_so_first(engine: Engine) -> None:
    a = engine.ask("how many business days does the sco redirect take")
    assert first_sentence(a.text).startswith("The documents print no time frame"), a.text[:300]


@pytest.mark.parametrize(
    "question",
    [
        "our infusion center got REMS certified for a car-t, does that mean we're contracted with cigna for it?",
        "we have access to a gene therapy through the manufacturer - does that make us contracted with cigna?",
    ],
)
def test_whether_one_thing_makes_another_gets_the_faqs_no(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert first_sentence(a.text).startswith("No"), a.text[:300]


def test_a_time_asked_as_the_end_of_the_hours_is_held_by_the_closing_time(engine: Engine) -> None:
    until = engine.ask("are evicore's oncologist reviewers available till 10 pm?")
    assert first_sentence(until.text).startswith("Yes"), until.text[:300]
    later = engine.ask("are evicore's oncologist reviewers available till 11 pm?")
    assert first_sentence(later.text).startswith("No"), later.text[:300]


def test_a_login_asked_leads_with_the_sentence_that_says_it(engine: Engine) -> None:
    a = engine.ask("do I have to sign in to read the cigna reference guide")
    assert "log in" in first_sentence(a.text), a.text[:300]


def test_drugs_for_a_program_are_not_what_drugs_treat(engine: Engine) -> None:
    a = engine.ask("what counts as an unlisted chemo drug for evicore")
    assert a.intent != "rows_treating", a.text[:300]
    assert cites_line(a, "evicore_oncology_2017", 26), a.text[:300]


def test_finishing_the_regimen_is_the_continuation_sentence(engine: Engine) -> None:
    a = engine.ask("pt was already on the med when evicore added it, can she finish her current regimen first")
    assert cites_line(a, "evicore_oncology_2017", 19), a.text[:300]
    assert "regime is complete" in first_sentence(a.text), a.text[:300]


def test_buying_the_drug_is_a_specialty_pharmacy_line(engine: Engine) -> None:
    a = engine.ask("could the hospital buy the drug or does it come from a specialty pharmacy under sco")
    assert any(cites_line(a, "sco_2022", n) for n in (15, 263, 265)), a.text[:300]
    assert "specialty pharmacy" in a.text


def test_a_list_open_to_the_public_is_not_opening_hours(engine: Engine) -> None:
    a = engine.ask("is the specialty injectables reimbursement restriction list open to the public")
    assert a.intent not in ("contacts", "rows_by_route"), a.text[:300]
    assert cites_line(a, "gene_cellular_2024", 39), a.text[:300]


def test_when_the_continued_coverage_runs_out_is_the_after_that_time_sentence(engine: Engine) -> None:
    a = engine.ask("our pt's continuation runs out next month - then what for the evicore drug")
    assert cites_line(a, "evicore_oncology_2017", 19), a.text[:300]
    assert "new precertification request" in first_sentence(a.text), a.text[:300]
