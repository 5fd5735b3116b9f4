"""A marker named in words ('a single asterisk', 'double asterisk', 'footnote 4') picks out its rows, on the
lists named or every list printing it; two lists compared by 'both' are compared, not a marker's rows."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


@pytest.mark.parametrize(
    ("question", "symbol"),
    [
        ("which drugs on evicore are marked with a single asterisk", "*"),
        ("how many rows have a double asterisk", "**"),
        ("how many drugs have footnote 4", "4"),
        ("which gene therapies have footnote 2", "2"),
    ],
)
def test_a_marker_named_in_words_gives_its_rows(engine: Engine, kb: KnowledgeBase, question: str, symbol: str) -> None:
    answer = engine.ask(question)
    marked = [x for x in kb.listings if any(n.symbol == symbol for n in x.notes)]
    assert answer.intent == "marked_rows", (question, answer.intent)
    assert f"are marked {symbol} " in answer.headline
    cited = {(c.file, c.line) for c in answer.citations}
    assert {(x.citation.file, x.citation.line) for x in marked} & cited


def test_both_of_two_lists_is_their_overlap(engine: Engine) -> None:
    assert engine.ask("drugs on both sco and sco+").intent == "lists_overlap"


def test_pharmacy_benefit_only_asked_as_a_fragment_gives_the_rows(engine: Engine, kb: KnowledgeBase) -> None:
    answer = engine.ask("pharmacy-benefit-only drugs on evicore?")
    names = {x.names[0] for x in kb.listings if any(n.symbol == "**" for n in x.notes)}
    assert answer.intent == "marked_rows" and all(n in answer.headline for n in names)


def test_a_legend_date_cites_the_letter_line_that_says_it(engine: Engine) -> None:
    answer = engine.ask("how many codes did evicore add in 2018")
    assert any("January 1, 2018" in c.text for c in answer.citations)


def test_what_follows_an_addition_is_the_rule_not_the_marked_rows(engine: Engine) -> None:
    answer = engine.ask("what happens to patients already on a chemo drug when it gets added to the evicore list?")
    assert answer.intent != "marked_rows" and "six months" in answer.text
