"""A negation right before a route or a class of products asks for the other rows: 'which eviCore drugs
are not oral?' is never answered with the oral ones, nor 'which SCO drugs aren't immune globulins?' with
the immune globulins."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


@pytest.mark.parametrize(
    "question", ["which evicore drugs are not oral", "list the non-oral drugs on the eviCore list"]
)
def test_a_negated_route_lists_the_other_routes(engine: Engine, kb: KnowledgeBase, question: str) -> None:
    rows = [x for x in kb.listings if x.program == "evicore_oncology" and x.route]
    oral = [x for x in rows if x.route.upper() == "ORAL"]
    answer = engine.ask(question)
    assert answer.headline.startswith(f"{len(rows) - len(oral)} of the ")
    assert oral[0].names[0] not in answer.headline.split(":")[1]


def test_the_route_asked_plainly_still_lists_it(engine: Engine, kb: KnowledgeBase) -> None:
    oral = [x for x in kb.listings if x.program == "evicore_oncology" and (x.route or "").upper() == "ORAL"]
    assert engine.ask("which evicore drugs are oral").headline.startswith(f"{len(oral)} of the ")


def test_a_negated_class_lists_the_rows_outside_it(engine: Engine, kb: KnowledgeBase) -> None:
    answer = engine.ask("which sco drugs aren't immune globulins?")
    assert answer.intent == "rows_outside_family"
    said = answer.headline.split(":", 1)[1]
    assert "Privigen" not in said and "Hizentra" not in said and "Actemra" in said
