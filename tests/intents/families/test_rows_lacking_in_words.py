"""Rows lacking a code or a marker, asked in a biller's words: the list named exactly ('the SCO list' is not
SCO+), '#N/A' for the code, and 'don't need a specialty pharmacy' (the rows without footnote 4: the marker's
own negation is only 'not feasible')."""

from __future__ import annotations

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


def test_the_list_named_exactly_is_the_only_one_counted(engine: Engine) -> None:
    answer = engine.ask("which drugs on the sco list don't have a code")
    assert "of the SCO site-of-care list" in answer.headline and "SCO+" not in answer.headline


def test_na_for_the_code_is_no_code(engine: Engine) -> None:
    assert engine.ask("how many evicore drugs show #N/A for the code").intent == "rows_lacking"


def test_not_needing_what_a_marker_requires_is_the_rows_without_it(engine: Engine, kb: KnowledgeBase) -> None:
    rows = [x for x in kb.listings if x.program == "sco_plus"]
    unmarked = [x for x in rows if not any(n.symbol == "4" for n in x.notes)]
    answer = engine.ask("which sco+ drugs don't need specialty pharmacy")
    assert answer.headline.startswith(
        f"{len(unmarked)} of the {len(rows)} rows of the SCO+ site-of-care list are not marked 4"
    )


def test_drugs_not_requiring_precert_are_never_listed_as_such(engine: Engine) -> None:
    answer = engine.ask("drugs not requiring precert")
    assert answer.intent == "rows_needing_none" and "none of them lists drugs that need none" in answer.headline
