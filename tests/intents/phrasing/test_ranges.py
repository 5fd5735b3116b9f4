"""Code ranges expand to the codes the documents print in between, counted, each row cited."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.phrasing.ranges import code_ranges


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
    assert code_ranges("j9271 to j1000", kb) == []  # backwards
