"""A count asked by its noun with a route ('number of …', 'count of …', '# of …', '… drugs count') is the
rows of that route, counted from the list's rows, never the whole list's total."""

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
