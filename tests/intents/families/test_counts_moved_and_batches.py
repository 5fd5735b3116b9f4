"""Counts in a biller's words (phrasings of our own): a list's rows that moved to another program said in
its count, rows with no precert requirement, a batch the letter counts asked with a wrong year, and a
year after a preposition of time read as a year, not a code's digits."""

from __future__ import annotations

import pytest

from intents.draft import listing_status
from intents.engine import Engine
from intents.reading.normalize import normalize
from knowledge.kb import KnowledgeBase


def test_a_count_of_a_list_with_moved_rows_says_how_many_moved(engine: Engine, kb: KnowledgeBase) -> None:
    rows = [x for x in kb.listings if x.program == "home_infusion"]
    moved = [x for x in rows if listing_status(kb, x) == "moved"]
    rest = [x for x in rows if x not in moved]
    codes = {c for x in rest for c in x.codes}
    answer = engine.ask("how many codes does the home infusion list have that need precert")
    assert answer.intent == "row_count"
    assert f"{len(moved)} of those rows say they moved" in answer.headline
    assert f"the other {len(rest)} rows ({len(codes)} codes)" in answer.headline
    assert all(c in answer.headline for x in moved for c in x.codes)


def test_rows_with_no_precert_requirement_are_the_moved_ones(engine: Engine) -> None:
    answer = engine.ask("home infusion codes with no PA requirement listed?")
    assert answer.intent == "rows_needing_none"
    assert "B4105" in answer.headline and "S9367" in answer.headline


@pytest.mark.parametrize("year", ["2017", "2020"])
def test_a_batch_the_letter_counts_is_answered_whatever_year_is_said(engine: Engine, year: str) -> None:
    answer = engine.ask(f"didn't the 53 onc codes get added in {year}?")
    assert answer.intent == "rows_added_in"
    assert "53 rows of the eviCore oncology precert list" in answer.headline
    assert f"Added in {year}" not in answer.text


@pytest.mark.parametrize(
    ("question", "digits"),
    [
        ("were those codes added in 2017", ()),
        ("codes on the sco list since 2019?", ()),
        ("hcpcs 9271 - added in 2021?", ("9271",)),
        ("is code 2017 on evicore", ("2017",)),
    ],
)
def test_a_year_after_a_preposition_of_time_is_no_codes_digits(question: str, digits: tuple[str, ...]) -> None:
    assert normalize(question).digits == digits
