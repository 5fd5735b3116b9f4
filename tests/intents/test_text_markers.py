"""Markdown bold is taken out of a line shown to a person, never a marker: 'marked ***: marker ***
(“Beginning **01/01/2018** …”)' once read as two bold spans and said 'marked *' — another marker, with
another meaning, than the row's."""

from __future__ import annotations

import pytest

from intents.text import clean_markup


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (
            "Keytruda’s row is not marked ***: marker *** (“Beginning **01/01/2018** these oncology drugs”)",
            "Keytruda’s row is not marked ***: marker *** (“Beginning 01/01/2018 these oncology drugs”)",
        ),
        ("rows marked ** and ***: FIRMAGON", "rows marked ** and ***: FIRMAGON"),
        ("marked ** (pharmacy benefit only) and ** again", "marked ** (pharmacy benefit only) and ** again"),
        ("***FUSILEV", "***FUSILEV"),
        ("*/***AZACITIDINE", "*/***AZACITIDINE"),
        ("call **855.678.0051** or fax **833.910.1625**", "call 855.678.0051 or fax 833.910.1625"),
    ],
)
def test_markers_survive_and_bold_goes(line: str, shown: str) -> None:
    assert clean_markup(line) == shown


@pytest.mark.parametrize("symbol", ["*", "**", "***"])
def test_every_marker_symbol_in_a_sentence_is_kept(symbol: str) -> None:
    line = f"X’s row is not marked {symbol}: marker {symbol} (“{symbol}Indicates …”); Y is marked {symbol}."
    assert clean_markup(line).count(symbol) == line.count(symbol)
