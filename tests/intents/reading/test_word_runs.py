"""A word pattern's runs read without the pattern are exactly what the pattern finds, for every text."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intents.phrasing import shape, words
from intents.reading import normalize, payers, search
from intents.reading.word_runs import WordRuns

READERS = {
    "search words": search._WORDS,
    "normalized tokens": normalize._TOKENS,
    "payer tokens": payers._TOKENS,
    "shape words": shape._WORDS,
    "word characters": words._WORD_RUNS,
}
# Questions as typed: ASCII letters, digits, punctuation and spaces, now and then a curly quote or an
# accented letter (those texts are read by the pattern).
TEXT = st.text(alphabet=st.sampled_from([*string.printable, "’", "é", "ü", "\u00a0"]), max_size=80)


@pytest.mark.parametrize("name", sorted(READERS))
@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_the_runs_are_what_the_pattern_finds(name: str, text: str) -> None:
    runs: WordRuns = READERS[name]
    assert runs.findall(text) == runs.pattern.findall(text)
    lowered = text.lower()
    assert runs.findall(lowered) == runs.pattern.findall(lowered)


def test_a_plain_question_is_cut_by_the_translation() -> None:
    text = "does keytruda need evicore precert for j9271? (2018)"
    assert search._WORDS.findall(text) == ["does", "keytruda", "need", "evicore", "precert", "for", "j9271", "2018"]
    assert normalize._TOKENS.findall("sco+ drugs") == ["sco+", "drugs"]  # the plus: read by the pattern
    assert shape._WORDS.findall("i'm on j-code 9271") == ["i'm", "on", "j-code"]
