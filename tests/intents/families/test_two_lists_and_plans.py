"""Claims relating two lists say whose authorization each list is; two teams' numbers compared are
contacts, not lists; prior authorization asked 'regardless of plan type' of a list printing no line of
business is the documents' prose."""

from __future__ import annotations

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


def test_a_claim_about_whose_precert_a_list_is_says_each_lists_requirement(engine: Engine, kb: KnowledgeBase) -> None:
    answer = engine.ask("home infusion precert is through evicore for cigna, right?")
    assert answer.headline.startswith("Not what the documents say")
    assert kb.program("home_infusion").requirement in answer.headline


def test_two_teams_numbers_compared_are_their_contacts(engine: Engine) -> None:
    answer = engine.ask("the gene therapy fax is the same as the CAR-T fax right?")
    assert answer.intent == "contacts_compared" and answer.headline.startswith("No — ")
    faxes = {c.fax for c in answer.contacts if c.fax}
    assert len(faxes) == 2 and all(f in answer.headline for f in faxes)


def test_prior_auth_regardless_of_plan_type_is_not_a_line_of_business_count(engine: Engine) -> None:
    answer = engine.ask("do all CAR-T products need prior auth with Cigna regardless of plan type?")
    assert answer.intent != "lines_of_business"
    assert engine.ask("is the gene therapy list commercial only?").intent == "lines_of_business"


def test_two_lists_numbers_said_to_be_the_same_are_compared_as_printed(engine: Engine) -> None:
    answer = engine.ask("evicore and gene therapy have the same number?")
    assert answer.intent == "contacts_compared" and answer.headline.startswith("No — ")
    phones = {c.phone for c in answer.contacts if c.phone}
    assert all(p in answer.headline for p in phones) and len(phones) == 2
