"""Kinds of prose question that missed in session 4 (#19), each in phrasings of our own: which drugs a
group of programs' lists name, asked in the words of what they require; a single case agreement asked
of a non-contracted provider; whether a care-management model changes the PA rule (never a 'Yes.'
lead); a year that dates the list asked about."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from tests.support.answers import cites_line, first_sentence


@pytest.mark.parametrize(
    "question",
    [
        "which meds need site-of-care review",
        "is there a list of the drugs requiring site of care review at prior authorization",
        "what drugs get site of care review",
    ],
)
def test_which_drugs_a_group_requires_names_each_list(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.intent == "program_overview" and a.status == "answered", (a.intent, a.text)
    lead = first_sentence(a.text)
    assert "SCO site-of-care list" in lead and "SCO+ site-of-care list" in lead, a.text
    assert "site-of-care coverage policy" in lead, a.text


@pytest.mark.parametrize(
    "question",
    [
        "can an out of network hospital use a single case agreement for a gene therapy",
        "we're not contracted for the gene therapy - is a single case agreement an option",
    ],
)
def test_a_single_case_agreement_question_leads_with_that_sentence(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.text)
    assert cites_line(a, "gene_cellular_2024", 66), a.text
    assert "single case agreement" in first_sentence(a.text), a.text


@pytest.mark.parametrize(
    "question",
    [
        "does being in health matters care management change whether a gene therapy needs PA",
        "does the PA requirement for car-t depend on the member's care management model",
    ],
)
def test_whether_a_model_changes_the_rule_is_the_faq_without_its_yes(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.text)
    assert cites_line(a, "gene_cellular_2024", 62), a.text
    assert not first_sentence(a.text).lower().startswith("yes"), a.text


def test_a_year_that_dates_the_list_is_the_list_s_date(engine: Engine) -> None:
    a = engine.ask("is the site of care list from 2022 still the current one")
    assert a.intent == "list_date", (a.intent, a.text)
    assert "May 2022" in first_sentence(a.text), a.text
    assert "Added in" not in a.text.split("\n")[0], a.text


@pytest.mark.parametrize(
    "question",
    ["is the home infusion list also for medicare advantage members", "home infusion precert for medicaid plans too?"],
)
def test_a_plan_type_against_a_list_is_the_line_of_business_its_rows_print(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.intent == "lines_of_business", (a.intent, a.text)
    assert "Commercial" in a.text.split("\n")[0], a.text


@pytest.mark.parametrize(
    "question",
    ["where would i find the site of care coverage policy", "where can we find cigna's site of care policy online"],
)
def test_where_a_document_is_found_is_the_sentence_saying_where(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.text)
    assert cites_line(a, "sco_2022", 17) and "CignaforHCP.com" in a.text.split("\n")[0], a.text


def test_a_question_about_one_program_is_not_answered_by_its_sibling_s_passage(engine: Engine) -> None:
    a = engine.ask("are providers told before the gene therapy list is changed")
    assert cites_line(a, "gene_cellular_2024", 13) and not cites_line(a, "gene_cellular_2024", 43), a.text
    assert "855.678.0051" in a.text, a.text


def test_the_continuation_of_current_patients_is_not_how_long_any_approval_lasts(engine: Engine) -> None:
    a = engine.ask("how long does an evicore authorization stay valid")
    assert a.status == "out_of_scope", (a.intent, a.text)
    assert "six months" not in a.text.split("\n")[0], a.text


@pytest.mark.parametrize("question", ["sco or sco+, what's the diff", "is IOMP evicore's program"])
def test_shorthand_is_never_a_drug_not_found(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status != "not_found" and "couldn't find" not in a.text, a.text


def test_the_coverage_policy_s_number_names_it(engine: Engine) -> None:
    a = engine.ask("what is policy 1605 about")
    assert "site-of-care coverage policy" in a.text.split("\n")[0], (a.intent, a.text)


def test_one_unprinted_word_matched_only_by_an_asked_question_is_no_answer(engine: Engine) -> None:
    a = engine.ask("any cap on the number of doses per authorization")
    assert a.status == "out_of_scope", (a.intent, a.text)


@pytest.mark.parametrize(
    "question",
    ["what's the double asterisk on the evicore list", "two asterisks next to a drug on the oncology list mean what"],
)
def test_a_marker_named_in_words_is_its_legend(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert cites_line(a, "evicore_oncology_2017", 65), a.text
    assert "Pharmacy benefit only" in a.text.split("\n")[0] or "pharmacy benefit only" in a.text.split("\n")[0], a.text


@pytest.mark.parametrize(
    "question",
    ["when the six month continuation is over what do we do", "existing chemo pts after 6 months - next steps?"],
)
def test_what_comes_after_a_period_is_the_sentence_that_says_after(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert cites_line(a, "evicore_oncology_2017", 19), a.text
    assert "After that time" in first_sentence(a.text) or "after that" in first_sentence(a.text), a.text


def test_a_list_s_lead_in_is_quoted_with_its_items(engine: Engine) -> None:
    a = engine.ask("which sites count as lower intensity ones")
    head = a.text.split("\n")[0].lower()
    assert "home" in head and "ambulatory infusion center" in head and "30" not in head, (a.intent, a.text)


@pytest.mark.parametrize("question", ["do you guys have a grace period", "any grace period on precert?"])
def test_a_grace_period_alone_gives_both_rules(engine: Engine, question: str) -> None:
    """'Grace period' is the 30-day transition and the six-month continuation alike: both are said."""
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.text)
    assert cites_line(a, "evicore_oncology_2017", 19), a.text
    assert cites_line(a, "sco_2022", 33) or cites_line(a, "site_of_care_policy", 30), a.text
