"""A negation picks out the rows without a marker only when it negates the marker: the marker's own
wording ('… if site-of-care management is not feasible') asks for the rows it marks."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


def _rows(kb: KnowledgeBase, program: str, symbol: str, marked: bool) -> set[str]:
    rows = [x for x in kb.listings if x.program == program]
    return {x.names[0] for x in rows if any(n.symbol == symbol for n in x.notes) == marked}


@pytest.mark.parametrize(
    "question",
    [
        "which gene therapies does embarc not apply to",
        "which gene therapies is embarc not printed for?",
        "list the gene therapies embarc doesn't apply to",
    ],
)
def test_a_marker_negated_lists_the_rows_without_it(engine: Engine, kb: KnowledgeBase, question: str) -> None:
    answer = engine.ask(question)
    without, marked = _rows(kb, "gene_therapy", "2", False), _rows(kb, "gene_therapy", "2", True)
    assert without and all(name in answer.headline for name in without)
    assert not any(name in answer.headline for name in marked)


@pytest.mark.parametrize(
    "question",
    [
        "which sco+ drugs need a specialty pharmacy if site of care isn't feasible",
        "what SCO+ drugs have to be bought from a specialty pharmacy when site of care management is not feasible?",
    ],
)
def test_the_markers_own_negation_asks_for_the_rows_it_marks(engine: Engine, kb: KnowledgeBase, question: str) -> None:
    answer = engine.ask(question)
    marked, without = _rows(kb, "sco_plus", "4", True), _rows(kb, "sco_plus", "4", False)
    assert marked and all(name in answer.headline for name in marked)
    assert not any(name in answer.headline for name in without)


@pytest.mark.parametrize(
    "question",
    [
        "which SCO+ drugs must come from a specialty pharmacy if we can't do site of care",
        "list sco+ meds that need specialty pharmacy procurement when a lower site of care isn't an option",
        "what sco+ drugs go through a specialty pharmacy unless site of care is not doable",
    ],
)
def test_a_negation_inside_the_askers_own_condition_still_asks_for_the_marked_rows(
    engine: Engine, kb: KnowledgeBase, question: str
) -> None:
    answer = engine.ask(question)
    marked, without = _rows(kb, "sco_plus", "4", True), _rows(kb, "sco_plus", "4", False)
    assert marked and all(name in answer.headline for name in marked)
    assert not any(name in answer.headline for name in without)


def test_a_drug_not_yet_given_a_code_is_the_letters_bullet_not_the_rows_lacking_one(engine: Engine) -> None:
    answer = engine.ask("new chemo drug with no code yet, billed with a miscellaneous code - does that go to evicore?")
    assert answer.intent != "rows_lacking"
    assert any(c.line == 26 and "evicore" in c.file for c in answer.citations)
