"""Code ranges expand to the codes the documents print in between, counted, each row cited."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intents.engine import Engine
from intents.phrasing.ranges import code_ranges
from knowledge.kb import default_kb
from tests.conftest import NEVER_SAY


def printed_between(kb, low: str, high: str) -> list[str]:
    return sorted(c for c in kb.codes if c[0] == low[0] and c[1:].isdigit() and low <= c <= high)


@pytest.mark.parametrize("typed", ["J7195 thru J7201", "j7195-j7201", "J7195–J7201", "between J7195 and J7201"])
def test_a_range_is_every_printed_code_in_it(engine: Engine, kb, typed: str) -> None:
    answer = engine.ask(f"are {typed} on the home infusion list?")
    codes = printed_between(kb, "J7195", "J7201")
    assert answer.intent == "code_range"
    assert f"print {len(codes)} codes" in answer.headline
    assert all(code in answer.headline for code in codes)
    cited = {c.text.split("\t")[1] for c in answer.citations if c.file.endswith("home-infusion-precert-codes.txt")}
    assert set(codes) <= cited


def test_phone_numbers_and_two_codes_are_not_ranges(kb) -> None:
    assert code_ranges("call 1.800.882.4462", kb) == []
    assert code_ranges("j9271 and j9035", kb) == []
    assert [r.codes for r in code_ranges("j4000 to j4100", kb)] == [()]  # a range, though none is printed
    assert code_ranges("j9271 to j1000", kb) == []  # backwards


# Ranges as people type them: open ends, words, dashes, reversed, across lists, and none printed.

CODE = re.compile(r"\b[A-Z]\d{4}\b")
PRINTED = sorted(c for c in default_kb().codes if len(c) == 5 and c[0].isalpha() and c[1:].isdigit())
JOINTS = [" through ", " thru ", "-", "–", " to ", " - ", "..."]


def answered_codes(answer) -> set[str]:
    """Every code the answer's rows or headline name."""
    said = " ".join([answer.headline, *(s.summary for s in answer.statements)])
    return set(CODE.findall(said)) | {c for c in CODE.findall(" ".join(c.text for c in answer.citations))}


@pytest.mark.parametrize(
    ("typed", "low", "high"),
    [
        ("S93xx", "S9300", "S9399"),
        ("J92**", "J9200", "J9299"),
        ("the J7180s", "J7180", "J7189"),
        ("any of the J90 codes", "J9000", "J9099"),
        ("codes starting with Q20", "Q2000", "Q2099"),
        ("what Q51 codes are there", "Q5100", "Q5199"),
        ("list the S codes", "S0000", "S9999"),
    ],
)
def test_an_open_range_is_every_printed_code_that_begins_so(
    engine: Engine, kb, typed: str, low: str, high: str
) -> None:
    answer = engine.ask(typed)
    codes = printed_between(kb, low, high)
    assert answer.intent == "code_range" and answer.status == "answered", answer.text[:200]
    assert f"{low} through {high}" in answer.headline and f"the documents print {len(codes)} codes" in answer.headline
    assert set(codes) <= answered_codes(answer)


def test_a_letter_alone_is_no_range_beside_a_drug(engine: Engine) -> None:
    assert engine.ask("does Keytruda have a J code").intent != "code_range"


def test_an_open_range_asked_of_a_list_counts_the_codes_on_it(engine: Engine, kb) -> None:
    answer = engine.ask("how many J codes on the home infusion list")
    on = {c for x in kb.listings if x.program == "home_infusion" for c in x.codes if c.startswith("J")}
    assert f"{len(on)} of them on the home infusion precert list" in answer.headline


@pytest.mark.parametrize("typed", ["J5000-J5100", "J0100 to J0110", "B12xx", "codes between J4000 and J4100"])
def test_a_range_no_document_prints_a_code_of_is_not_found_never_a_no(engine: Engine, typed: str) -> None:
    answer = engine.ask(f"do {typed} need precert?")
    assert answer.status == "not_found" and answer.intent == "code_range"
    assert "print no code in that range" in answer.headline and "not a yes or a no" in answer.headline
    assert not any(p in answer.text.lower() for p in NEVER_SAY)


def test_a_range_typed_from_the_top_is_the_same_range(engine: Engine) -> None:
    up, down = engine.ask("J9000 to J9010"), engine.ask("J9010 to J9000")
    assert up.headline == down.headline


PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(st.sampled_from(PRINTED), st.integers(0, 40), st.integers(0, 300), st.sampled_from(JOINTS))
def test_every_printed_code_inside_an_asked_range_is_answered_and_none_outside(
    engine: Engine, near: str, below: int, above: int, joint: str
) -> None:
    letter, at = near[0], int(near[1:])
    low, high = max(at - below, 0), min(at + above, 9999)
    if high <= low:
        return
    ends = {f"{letter}{low:04d}", f"{letter}{high:04d}"}
    answer = engine.ask(f"which of {letter}{low:04d}{joint}{letter}{high:04d} need precert?")
    inside = set(printed_between(engine.kb, f"{letter}{low:04d}", f"{letter}{high:04d}"))
    assert inside <= answered_codes(answer)
    in_headline = set(CODE.findall(answer.headline)) - ends
    assert in_headline <= inside, in_headline - inside


@PROPERTY
@given(st.sampled_from(PRINTED), st.integers(1, 3), st.sampled_from(["x", "*"]))
def test_every_printed_code_under_a_wildcard_is_answered_and_none_outside(
    engine: Engine, near: str, open_digits: int, mark: str
) -> None:
    stem = near[: 5 - open_digits]
    answer = engine.ask(stem + mark * open_digits)
    inside = {c for c in engine.kb.codes if len(c) == 5 and c.startswith(stem) and c[1:].isdigit()}
    assert inside <= answered_codes(answer)
    low, high = stem + "0" * open_digits, stem + "9" * open_digits
    assert set(CODE.findall(answer.headline)) - {low, high} <= inside


def test_a_closed_range_is_the_one_asked_beside_its_kind(engine: Engine, kb) -> None:
    answer = engine.ask("which J codes between J9000 and J9100 are on the evicore list?")
    assert answer.headline.startswith("J9000 through J9100:")
    assert "J0000" not in answer.headline


def test_a_range_named_by_its_first_digits(engine: Engine, kb) -> None:
    answer = engine.ask("does anything in the J71 range need PA at home")
    assert answer.intent == "code_range" and "J7100 through J7199" in answer.headline


@pytest.mark.parametrize(
    ("typed", "low", "high"),
    [
        ("J9000-J9999 evicore how many", "J9000", "J9999"),  # round ends: a range, however wide
        ("any codes between C9000 and C9500", "C9000", "C9500"),  # said in words from the bottom
        ("whats in the j90s", "J9000", "J9099"),
    ],
)
def test_wide_ranges_said_as_ranges(engine: Engine, typed: str, low: str, high: str) -> None:
    answer = engine.ask(typed)
    assert answer.intent == "code_range" and f"{low} through {high}" in answer.headline


@pytest.mark.parametrize("typed", ["we switched from J9035 to J9271, need new auth?", "J9271-J9999 any precert?"])
def test_a_code_changed_for_another_or_two_far_codes_dashed_are_two_codes(engine: Engine, typed: str) -> None:
    assert engine.ask(typed).intent != "code_range"


def test_a_letter_all_open_is_its_codes_and_a_letter_no_document_prints_is_no_range(engine: Engine) -> None:
    assert "J0000 through J9999" in engine.ask("J****").headline
    assert engine.ask("xxxxx").intent != "code_range"


def test_codes_typed_beside_a_range_are_answered_too(engine: Engine) -> None:
    answer = engine.ask("pt getting factor - J7186, J7187, J7189 thru J7192 - all need precert for home?")
    assert "J7189 through J7192" in answer.headline and "Also J7186, J7187" in answer.headline


def test_a_cpt_code_left_open_is_its_printed_codes(engine: Engine, kb) -> None:
    answer = engine.ask("everything in the 90xxx range")
    printed = sorted(c for c in kb.codes if c.isdigit() and c.startswith("90"))
    assert answer.intent == "code_range" and all(c in answer.headline for c in printed)
    assert engine.ask("2x a week").intent != "code_range"
