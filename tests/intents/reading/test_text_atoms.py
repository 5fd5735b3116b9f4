"""A text's bits (text_atoms) never lack the bit of a string the text holds: a gate may let through a
text that holds none of its strings, never turn away one that holds one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from intents.reading import text_atoms
from intents.reading.text_atoms import forget_texts, string_bit, text_mask

# Letters, digits, signs, spaces of every kind str.split() parts at, and letters that aren't ASCII.
_CHARS = st.sampled_from([*"abcdeisnoprtAB019", *" \t\n\x1c", *"?,.'-/+#&*", "é", "ü", "\u00a0", "\u2014"])


@settings(max_examples=400, deadline=None)
@given(
    before=st.text(_CHARS, max_size=12),
    string=st.text(_CHARS, min_size=1, max_size=6),
    after=st.text(_CHARS, max_size=12),
)
def test_a_text_holding_a_string_holds_its_bit(before: str, string: str, after: str) -> None:
    bit = string_bit(string)
    forget_texts()
    assert not bit or text_mask(before + string + after) & bit, (before, string, after)


def test_a_piece_is_read_where_the_string_puts_it() -> None:
    # 'is ' ends a word, ' being' begins one, ' on ' is one whole, 'precer' is anywhere in one.
    cases = {
        "is ": ("this list is long", "a list item"),
        " being": ("well-being rules", "wellbeing rules"),
        " on ": ("is it on sco", "is it only sco"),
        "precer": ("does it need a preprecert", "does it need a pa"),
        "?": ("is it listed?", "is it listed"),
    }
    for string, (holds, lacks) in cases.items():
        bit = string_bit(string)
        forget_texts()
        assert text_mask(holds) & bit, (string, holds)
        assert not text_mask(lacks) & bit, (string, lacks)


def test_a_string_without_a_piece_has_no_bit() -> None:
    # Spaces only, or a letter no text is read for: such a gate checks its own strings.
    assert string_bit("  ") == 0
    assert string_bit("") == 0
    assert string_bit("café") == 0


def test_forgetting_the_texts_keeps_the_words_and_a_new_piece_starts_both_over() -> None:
    text = "does kadcyla need a precert through evicore"
    text_mask(text)
    words = text_atoms._words
    assert text in text_atoms.HELD
    forget_texts()
    assert text not in text_atoms.HELD and text_atoms._words is words and "kadcyla" in words
    string_bit("zqxjkw")  # a piece no gate had
    assert text_atoms._words is not words and not text_atoms._words and not text_atoms.HELD
    assert text_mask("a zqxjkwq") & string_bit("zqxjkw")
