"""The cues' hand-made patterns (intents/phrasing/decide.py) find what their plain forms find."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from intents.phrasing import decide


@given(st.text(alphabet="or ebcé_-'.?1", max_size=24))
def test_or_as_a_word_is_found_where_the_plain_pattern_finds_it(text: str) -> None:
    plain = re.search(r"\bor\b", text)
    found = decide._OR.search(text)
    assert (found and found.span()) == (plain and plain.span())


def test_or_inside_a_word_is_no_or() -> None:
    assert decide._OR.search("does evicore or cigna") is not None
    assert decide._OR.search("evicore for orencia") is None
