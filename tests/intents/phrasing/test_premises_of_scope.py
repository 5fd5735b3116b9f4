"""Premises about a class of products, a rule's scope, and a code typed beside a drug that is another
drug's: the documents' verdict on the assertion first, counted or read from the rows and rules."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


@pytest.mark.parametrize(
    "question",
    [
        "home infusion precert only applies to IVIG, right?",
        "so the home infusion list is just immune globulins?",
        "home infusion PA is only for ivig correct",
    ],
)
def test_a_list_said_to_hold_one_class_is_counted_against_its_rows(
    engine: Engine, kb: KnowledgeBase, question: str
) -> None:
    answer = engine.ask(question)
    rows = [x for x in kb.listings if x.program == "home_infusion"]
    assert answer.text.startswith("Not what the documents say — the home infusion precert list prints")
    assert f"prints {len(rows)} rows" in answer.headline
    others = [x for x in rows if "immune globulin" not in (x.description or "").lower()]
    cited = {(c.file, c.line) for c in answer.citations}
    assert (others[0].citation.file, others[0].citation.line) in cited  # an example outside the class, cited


@pytest.mark.parametrize(
    "question",
    [
        "the 30-day transition is only for home infusion?",
        "the 30 day approval applies to all drugs on the home infusion list right",
    ],
)
def test_a_rule_said_to_belong_to_a_list_that_does_not_print_it_is_corrected(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith("Not what the documents say — the SCO site-of-care list")
    assert "not the home infusion precert list" in answer.headline
    assert any("30-day approval" in c.text for c in answer.citations)
    assert "877.865.6492" in answer.text  # the team of the lists that print it


def test_a_rule_only_the_named_lists_print_is_confirmed_as_far_as_they_go(engine: Engine) -> None:
    answer = engine.ask("30 day approval to transition is only for SCO drugs correct")
    assert answer.text.startswith("Correct as far as these documents go")
    assert not engine.ask("the 30-day transition is only for home infusion?").text.startswith("Correct")


@pytest.mark.parametrize(
    ("question", "code", "owner"),
    [
        ("Keytruda J9299 needs evicore right", "J9299", "Opdivo"),
        ("so ocrevus J2323 needs home infusion precert, right?", "J2323", "Tysabri"),
    ],
)
def test_a_code_that_is_another_drugs_is_said_before_any_verdict(
    engine: Engine, question: str, code: str, owner: str
) -> None:
    answer = engine.ask(question)
    first = answer.text.split(" — ")[0].split(". ")[0]
    assert f"{code} is {owner}’s code, not" in first
    assert not answer.text.startswith(("Correct", "Yes"))


def test_asked_not_asserted_the_verdict_leads_and_the_code_follows(engine: Engine) -> None:
    answer = engine.ask("does keytruda J9299 need evicore")
    assert answer.text.startswith("Yes — Keytruda: ")
    assert "J9299 is Opdivo’s code in these documents; Keytruda’s is J9271." in answer.headline


def test_a_code_that_is_the_drugs_own_is_no_objection(engine: Engine) -> None:
    assert engine.ask("confirming Zolgensma J3399 is gene therapy program").text.startswith("Correct — ")


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("the six month continuity thing only applies to eviCore drugs right", "Correct as far as these documents go"),
    ],
)
def test_a_rules_scope_is_checked_when_a_passage_answers_it(engine: Engine, question: str, lead: str) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith(lead)
    assert any("six months" in c.text for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("Kymriah doesn't go thru eviCore does it", "Correct — Kymriah: not on the eviCore"),
        ("keytruda needs PA doesnt it", "Correct — Keytruda"),
        ("pls confirm elevidys needs PA through the gene therapy program", "Correct — Elevidys"),
    ],
)
def test_a_tag_question_or_a_request_to_confirm_is_an_assertion(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


@pytest.mark.parametrize("question", ["what list is it", "which program does it"])
def test_a_wh_question_ending_in_does_it_is_no_assertion(engine: Engine, question: str) -> None:
    assert not engine.ask(question).text.startswith(("Correct", "Not what"))


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("luxturna and zolgensma are both embarc right", "Correct — Luxturna and Zolgensma: marked footnote 2"),
        ("adstiladrin has embarc correct", "Not what the documents say — footnote 2"),
        ("keytruda is marked dual indication, correct?", "Not what the documents say — marker *"),
    ],
)
def test_drugs_asserted_to_carry_a_marker_are_checked_against_their_rows(
    engine: Engine, question: str, lead: str
) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith(lead)


def test_a_statement_ending_yes_with_a_question_mark_is_an_assertion(engine: Engine) -> None:
    assert engine.ask("ocrevus precert thru evicore yes?").text.startswith("Not what the documents say")
