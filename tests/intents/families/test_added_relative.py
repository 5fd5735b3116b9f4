"""'Added before 2018', 'since 2022', 'not added in 2017': the rows whose date-added year passes the
relation asked, never the rows of the year itself."""

from __future__ import annotations

import re

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


def _years(kb: KnowledgeBase, programs: set[str]) -> dict[str, int]:
    return {
        x.names[0]: int(m[1])
        for x in kb.listings
        if x.program in programs and x.names and (m := re.search(r"(20\d\d)", x.date_added or ""))
    }


@pytest.mark.parametrize(
    ("question", "passes"),
    [
        ("which drugs were added to the SCO+ list before 2021", lambda y: y < 2021),
        ("what was added to SCO+ since 2022", lambda y: y >= 2022),
        ("which SCO+ drugs were not added in 2021", lambda y: y != 2021),
    ],
)
def test_the_rows_passing_the_relation_are_listed(engine: Engine, kb: KnowledgeBase, question: str, passes) -> None:
    years = _years(kb, {"sco_plus"})
    said = engine.ask(question).headline.split(":", 1)[1]
    wanted = [n for n, y in years.items() if passes(y)]
    unwanted = [n for n, y in years.items() if not passes(y) and n not in wanted]
    assert wanted and all(n in said for n in wanted)
    assert not any(f"{n} (" in said for n in unwanted)
