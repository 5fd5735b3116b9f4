"""Prose questions of #19 (session 7), in phrasings of our own: a number, date or time asked of a rule
leads with the printed sentence holding it (not the rule's plain summary); an FAQ's own 'Yes.' or 'No.'
leads a rule's answer to a yes/no question asking what the FAQ asks ('No.' only asked of all); a month's
year is never a code's digits; words cut short ('mgmt') and superscripts seen as 'the little 2' are read
as what they are; a passage of the named list that refers to another program is still the list's."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.reading.normalize import normalize
from tests.support.answers import cites_line, first_sentence

E = "evicore_oncology_2017"


@pytest.mark.parametrize(
    ("question", "source", "line", "printed"),
    [
        # A duration asked of the rule on how to request: the portal's sentence, not 'preferably online'.
        ("roughly how many mins is an evicore web determination", E, 33, "two to five minutes"),
        (
            "evicore portal - how quick do you get the coverage decision",
            "evicore_oncology_2017",
            33,
            "two to five minutes",
        ),
        # A date asked of the 2018 additions, however the start is said.
        ("what date did the 53 new oncology codes kick in", E, 17, "January 1, 2018"),
        (
            "which day did evicore start requiring precert for the added chemo codes",
            "evicore_oncology_2017",
            17,
            "January 1, 2018",
        ),
        ("the added onc codes went into effect on what date", E, 17, "January 1, 2018"),
    ],
)
def test_the_number_asked_of_a_rule_leads(engine: Engine, question: str, source: str, line: int, printed: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (question, a.text[:300])
    assert cites_line(a, source, line), (question, a.text[:300])
    assert printed.lower() in first_sentence(a.text).lower(), (question, first_sentence(a.text))


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("is prior auth needed for all advanced cellular therapies even under health matters", "Yes"),
        ("does every gene therapy require PA under personal health solutions", "Yes"),
        ("r all gene therapy centers contracted with cigna", "No"),
        ("are all rems certified car-t sites part of the cellular therapy program", "No"),
    ],
)
def test_an_faq_verdict_leads_the_rule_asked(engine: Engine, question: str, verdict: str) -> None:
    lead = first_sentence(engine.ask(question).text)
    assert lead.startswith(f"{verdict} —"), (question, lead)


@pytest.mark.parametrize(
    "question",
    [
        # The FAQ's 'No.' denies 'all providers'; a question asking no 'all' is never answered 'No'.
        "does the gene therapy provider need to be contracted",
        "do we have to be contracted to give a gene therapy",
        # Asked as what, not yes or no.
        "which care management models need PA for gene therapy",
    ],
)
def test_an_faq_no_never_leads_what_it_does_not_deny(engine: Engine, question: str) -> None:
    lead = first_sentence(engine.ask(question).text)
    assert not lead.startswith("No"), (question, lead)


def test_a_month_and_year_is_a_date_even_beside_codes() -> None:
    assert normalize("how many codes did the nov 2017 letter add").digits == ()
    assert normalize("codes added in January 2018").digits == ()
    assert normalize("code 2017?").digits == ("2017",)  # a year-like code asked as a code


def test_the_letters_count_is_not_a_code_named_by_its_month(engine: Engine) -> None:
    a = engine.ask("how many codes did the nov 2017 evicore letter add")
    assert not any(d.name == "Teniposide" for d in a.drugs), a.text[:300]
    assert "53" in first_sentence(a.text), a.text[:300]


@pytest.mark.parametrize(
    ("question", "source", "line"),
    [
        # 'mgmt' is management (the gene FAQ's medical management models), never a home infusion row.
        ("does car-t need PA under phs plus care mgmt", "gene_cellular_2024", 62),
        # A superscript as people see it, beside a word of the list's own name.
        ("whats the tiny 2 after some gene therapy names", "gene_cellular_2024", 33),
        ("the little 3 by some drug names on the sco list - meaning?", "sco_2022", 264),
        # A footnote of the list named that sends oncology requests to eviCore: still the list's.
        ("sco list onc drugs - who do we send the PA request to", "sco_2022", 253),
    ],
)
def test_shorthand_and_superscripts_reach_their_passage(engine: Engine, question: str, source: str, line: int) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (question, a.text[:300])
    assert cites_line(a, source, line), (question, a.text[:300])
    assert "HIT Pain Mgmt" not in a.text, a.text[:300]


def test_automatic_is_answered_by_what_may_be(engine: Engine) -> None:
    a = engine.ask("does the hospital outpatient 30-day approval happen automatically")
    assert a.status == "answered", a.text[:300]
    assert "may be subject to" in a.text, a.text[:300]
    assert not first_sentence(a.text).startswith("Yes"), a.text[:300]


@pytest.mark.parametrize(
    ("question", "source", "line", "phrase"),
    [
        # What something is taken to be: the sentence saying what it is expected to have.
        ("in the site of care policy what's considered hospital outpatient", "site_of_care_policy", 51, "expected to"),
        # Who sets up care at the new site: the nurse case managers who facilitate and coordinate it.
        ("when a pt gets redirected home who sets up the infusion nurse", "sco_2022", 43, "nurse case managers"),
    ],
)
def test_definitions_and_arrangements_lead(engine: Engine, question: str, source: str, line: int, phrase: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (question, a.text[:300])
    assert cites_line(a, source, line), (question, a.text[:300])
    assert phrase in first_sentence(a.text), (question, first_sentence(a.text))


@pytest.mark.parametrize(
    ("question", "source", "line"),
    [
        # Ordinary words of where and when ('posted somewhere', 'anytime') never sink the passage.
        ("is the gene therapy reimbursement restriction guideline posted anywhere", "gene_cellular_2024", 39),
        ("could cigna change the car-t list at any time", "gene_cellular_2024", 43),
    ],
)
def test_where_and_when_words_never_sink_the_passage(engine: Engine, question: str, source: str, line: int) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (question, a.text[:300])
    assert cites_line(a, source, line), (question, a.text[:300])


@pytest.mark.parametrize(
    "question",
    [
        "is site of care review legit for kids",
        "do we send clinicals upfront to evicore",
        "drug backordered at the specialty pharmacy - what now",
        "telehealth visit - does sco apply",
        "p2p with an evicore reviewer, how do we set one up",
    ],
)
def test_office_words_are_never_a_drug_not_found(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status != "not_found", (question, a.text[:300])
    assert "couldn't find" not in a.text, (question, a.text[:300])


@pytest.mark.parametrize(
    ("question", "source", "line"),
    [
        # A where-question asks where a list is, never its rows by route ('injectables').
        ("where is the specialty injectables reimbursement restriction list kept", "gene_cellular_2024", 39),
        # A list's lead-in and its item are one answer, not two candidates.
        ("does cigna count home infusion as a less intensive site", "site_of_care_policy", 35),
        # 'let' asks nothing: the plan may compare the cost of settings.
        ("does the policy let cigna compare the cost of settings", "site_of_care_policy", 20),
        # What billers call the administration's charges.
        ("are admin fees for a gene therapy infusion covered", "gene_cellular_2024", 9),
        # Whether Cigna uses eviCore: the letter's program administered by eviCore.
        ("does cigna use evicore for chemo precert", "evicore_oncology_2017", 15),
    ],
)
def test_more_prose_kinds_reach_their_line(engine: Engine, question: str, source: str, line: int) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (question, a.text[:300])
    assert a.intent != "rows_by_route", (question, a.text[:300])
    assert cites_line(a, source, line), (question, a.text[:300])


@pytest.mark.parametrize(
    ("question", "source", "line"),
    [
        # 'become' asks nothing: the date the additions became effective.
        ("the 53 added chemo codes became effective on what date", "evicore_oncology_2017", 17),
        # A different PA process, with the process's own name in between.
        ("do sco drugs have a different pa process", "sco_2022", 31),
    ],
)
def test_verbs_and_phrases_around_the_asked(engine: Engine, question: str, source: str, line: int) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (question, a.text[:300])
    assert cites_line(a, source, line), (question, a.text[:300])


def test_the_year_the_additions_began_is_the_rules_not_the_lists_date(engine: Engine) -> None:
    a = engine.ask("which year did the added 53 evicore codes begin needing precert")
    assert a.intent != "list_date", a.text[:300]
    assert "2018" in first_sentence(a.text), a.text[:300]
