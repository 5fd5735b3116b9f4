"""Counts of a named list, rows that moved to another program, markers typed as their symbol, duration
questions that name a website, and contacts asked by a marker's or a mailbox's name."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


@pytest.mark.parametrize(
    ("question", "program"),
    [
        ("how many oncology drugs need precert through evicore", "evicore_oncology"),
        ("number of drugs on the SCO list?", "sco"),
        ("how many CAR-T products are there", "cellular_therapy"),
    ],
)
def test_a_count_is_computed_from_the_rows(engine: Engine, kb: KnowledgeBase, question: str, program: str) -> None:
    answer = engine.ask(question)
    rows = [x for x in kb.listings if x.program == program]
    short = kb.program(program).short
    assert answer.headline.startswith(f"The {short} (")
    assert f"prints {len(rows)} rows" in answer.headline
    assert answer.headline.count(" prints ") == 1  # the SCO list only, not SCO+ or the policy


def test_rows_that_moved_are_listed_with_what_they_say(engine: Engine, kb: KnowledgeBase) -> None:
    moved = [x for x in kb.listings if x.status_note and "moved" in x.status_note.lower()]
    answer = engine.ask("which home infusion codes got moved to other programs?")
    assert answer.headline.startswith(f"{len(moved)} rows of the lists say they moved")
    assert all(c in answer.headline for x in moved for c in x.codes)
    cited = {(c.file, c.line) for s in answer.statements for c in s.citations}
    assert {(x.citation.file, x.citation.line) for x in moved} <= cited


@pytest.mark.parametrize("symbol", ["*", "**", "***"])
def test_a_marker_typed_as_its_symbol_lists_its_rows(engine: Engine, kb: KnowledgeBase, symbol: str) -> None:
    rows = [x for x in kb.listings if x.program == "evicore_oncology" and any(n.symbol == symbol for n in x.notes)]
    answer = engine.ask(f"which drugs have {symbol} next to them on the evicore list?")
    assert answer.intent == "marked_rows"
    assert f"{len(rows)} rows of the eviCore oncology precert list are marked {symbol} " in answer.headline


def test_bold_markup_is_not_a_marker(engine: Engine) -> None:
    assert engine.ask("*Zolgensma* fax?").intent == "contacts"


def test_how_long_the_website_takes_is_a_duration_not_an_address(engine: Engine) -> None:
    answer = engine.ask("how fast does the eviCore portal give a decision?")
    assert answer.intent != "contacts"
    assert "two to five minutes" in answer.text


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        ("who do I email at LifeSOURCE?", "LifeSOURCECustomerService@Cigna.com"),
        ("contact for Embarc questions", "855.678.0051"),
    ],
)
def test_a_team_named_by_its_mailbox_or_marker_is_that_teams(engine: Engine, question: str, printed: str) -> None:
    answer = engine.ask(question)
    assert answer.intent == "contacts"
    assert printed in answer.headline
    assert "1.866.668.9250" not in answer.headline  # not every team's numbers


@pytest.mark.parametrize(
    ("message", "reply"),
    [
        ("bye!", "Bye — "),
        ("ok thats all, have a good one", "Bye — "),
        ("are you a bot?", "I'm precert-bot"),
        ("hey who is this", "I'm precert-bot"),
    ],
)
def test_farewells_and_questions_about_the_bot_are_small_talk(engine: Engine, message: str, reply: str) -> None:
    answer = engine.ask(message)
    assert answer.status == "help"
    assert answer.headline.startswith(reply)


def test_which_of_a_list_need_no_pa_is_answered_by_its_own_all_require_rule(engine: Engine, kb: KnowledgeBase) -> None:
    answer = engine.ask("are there any CAR-T drugs that don't need a prior auth?")
    assert answer.headline.startswith("None, says the Advanced Cellular Therapy Program: ")
    rule = next(r for r in kb.program("cellular_therapy").rules if "all_require_pa" in r.topics)
    cited = {(c.file, c.line) for s in answer.statements for c in s.citations}
    assert {(c.file, c.line) for c in rule.citations} <= cited


@pytest.mark.parametrize(("route", "printed"), [("oral", "ORAL"), ("subcutaneous", "SUBCUTANEOUS")])
def test_rows_by_route_are_counted_from_the_rows(engine: Engine, kb: KnowledgeBase, route: str, printed: str) -> None:
    rows = [x for x in kb.listings if x.program == "evicore_oncology"]
    picked = [x for x in rows if x.route and x.route.upper() in (printed, "SUB-Q" if printed == "SUBCUTANEOUS" else "")]
    answer = engine.ask(f"list the {route} drugs on the eviCore list")
    assert answer.intent == "rows_by_route"
    assert answer.headline.startswith(f"{len(picked)} of the {len(rows)} rows of the eviCore oncology precert list")


def test_a_list_without_routes_says_so(engine: Engine) -> None:
    assert "prints no route of administration" in engine.ask("which SCO+ drugs are given IV?").headline


@pytest.mark.parametrize(
    ("message", "field", "number"),
    [("whats the # for the SCO team", "phone", "877.865.6492"), ("gene therapy fax #?", "fax", "833.910.1625")],
)
def test_a_number_sign_asks_for_a_number(engine: Engine, message: str, field: str, number: str) -> None:
    answer = engine.ask(message)
    assert answer.intent == "contacts"
    assert f"{field} {number}" in answer.headline


def test_a_quoted_question_lends_its_lists_to_a_follow_up(engine: Engine) -> None:
    answer = engine.ask("> does Remicade go through SCO?\nhow about Avsola")
    assert answer.intent == "site_of_care"
    assert [d.name for d in answer.drugs] == ["Avsola"]


@pytest.mark.parametrize("question", ["per how many mg is J1459 billed?", "how many units is one J2350"])
def test_how_many_per_is_a_billing_unit_question(engine: Engine, question: str) -> None:
    assert engine.ask(question).intent == "billing_unit"


def test_a_q_code_is_a_product_specific_code(engine: Engine) -> None:
    assert engine.ask("which CAR-T drugs don't have a Q code?").intent == "rows_lacking"


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("who handles PA for car-t", "800.668.9682"),
        ("who reviews gene therapy requests", "855.678.0051"),
        ("where do i submit PA for opdivo", "1.866.668.9250"),
    ],
)
def test_who_handles_or_where_to_submit_asks_for_the_team(engine: Engine, question: str, number: str) -> None:
    answer = engine.ask(question)
    assert answer.intent == "contacts"
    assert number in answer.text.split("\n")[0]


def test_the_line_of_business_is_counted_from_the_rows(engine: Engine, kb: KnowledgeBase) -> None:
    rows = [x for x in kb.listings if x.program == "home_infusion"]
    lob = rows[0].line_of_business
    assert lob and all(x.line_of_business == lob for x in rows)
    answer = engine.ask("is the home infusion list for commercial only")
    assert answer.headline == f"All {len(rows)} rows of the home infusion precert list print line of business “{lob}”."
    assert answer.citations


def test_a_list_printing_no_line_of_business_says_so(engine: Engine) -> None:
    answer = engine.ask("is the gene therapy list commercial only?")
    assert answer.headline == "The Gene Therapy Program prints no line of business."
