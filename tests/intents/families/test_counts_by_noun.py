"""A count asked by its noun ('number of …', 'count of …', '# of …', '… drugs count') is the rows asked —
of a route, or that moved — counted from the list's rows, never the whole list's total; 'per diem' picks
out the home infusion rows that print it."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


def _route_rows(kb: KnowledgeBase, program: str, routes: set[str]) -> int:
    return sum(1 for x in kb.listings if x.program == program and x.route in routes)


@pytest.mark.parametrize(
    ("question", "routes"),
    [
        ("number of oral onc meds evicore", {"ORAL"}),
        ("count of oral chemo drugs on the oncology list", {"ORAL"}),
        ("# of sub-q drugs needing evicore precert", {"SUB-Q", "SUBCUTANEOUS"}),
        ("evicore oral meds count?", {"ORAL"}),
    ],
)
def test_a_count_by_its_noun_counts_the_routes_rows(
    engine: Engine, kb: KnowledgeBase, question: str, routes: set[str]
) -> None:
    answer = engine.ask(question)
    n = _route_rows(kb, "evicore_oncology", routes)
    total = sum(1 for x in kb.listings if x.program == "evicore_oncology")
    assert answer.intent == "rows_by_route"
    assert answer.headline.startswith(f"{n} of the {total} rows")


def test_a_count_of_moved_codes_by_its_noun_counts_the_rows_that_moved_there(engine: Engine) -> None:
    answer = engine.ask("what's the number of HI codes that moved over to home health")
    assert answer.intent == "rows_moved"
    assert answer.headline.startswith("5 rows") and "B4105" not in answer.headline


@pytest.mark.parametrize("question", ["which per diem codes need precert?", "list the home infusion per diem codes"])
def test_per_diem_names_the_rows_that_print_it(engine: Engine, kb: KnowledgeBase, question: str) -> None:
    answer = engine.ask(question)
    diem = [x for x in kb.listings if x.program == "home_infusion" and "diem" in (x.description or "").lower()]
    assert answer.intent == "home_infusion_service"
    assert f"{len(diem)} rows" in answer.headline
    assert "S9359" in answer.text and "S9343" not in answer.headline  # 'HIT Enteral Bolus Nurs' is no per diem


@pytest.mark.parametrize(
    "question", ["po chemo via evicore - what's the phone?", "what number do we call for oral onc meds"]
)
def test_a_number_to_call_asked_beside_a_route_is_whom_to_call_not_the_rows(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.intent != "rows_by_route"
    assert "1.866.668.9250" in answer.text


def test_rows_asked_with_a_number_to_call_are_still_the_rows(engine: Engine) -> None:
    assert engine.ask("which oral onc drugs go to evicore, and what's their phone").intent == "rows_by_route"
