"""The pieces of the gates' strings a text holds, as one number: each gate string is read as its pieces
(its runs of letters and digits, and its signs), and a text holds a string only if each of its letter
runs is inside one of the text's words and each of its signs is in the text. So a gate asks one bit test
of the text's number, not a scan of the text for each of its strings (a question meets ~70 gates, ~45 of
them on its own text). The test is a sieve only, as the gate is: a string's spaces are not asked, and
a piece in a word is not the string in the text, so a pattern it lets through still checks its strings.

A word's pieces are read once per word and kept (a server meets the same words again and again); a
text's number is kept until the questions are forgotten (`forget_texts`), never longer."""

from __future__ import annotations

import string

_ALNUM = string.ascii_letters + string.digits
# A text's words: its runs of letters and digits (every other byte made a space, then split).
_WORDS_OF = bytes(c if chr(c) in _ALNUM else ord(" ") for c in range(256))
# Deleted from a text to leave its signs: letters, digits and what str.split() parts tokens at.
_NOT_SIGNS = (_ALNUM + "".join(c for c in map(chr, range(128)) if c.isspace())).encode("ascii")
MAX_WORDS_KEPT = 50_000  # words whose pieces are kept; past it they start over
MAX_TEXTS_KEPT = 512  # texts whose numbers are kept between two forget_texts

# A piece's bit, by where the string puts it in a word: inside one ('precer' of 'precert'), at its start
# (' being': a word begins 'being'), at its end ('does n': a word ends 'does'), or the whole word ('am i c').
_INSIDE, _START, _END, _WHOLE = range(4)
_bits: tuple[dict[str, int], ...] = ({}, {}, {}, {})
_signs: dict[int, int] = {}  # a sign (its byte) -> its bit
_count = 0  # bits given
_longest = 0  # the longest piece: a word's pieces are read up to this length
_words: dict[str, int] = {}  # a token -> its bits
HELD: dict[str, int] = {}  # a text -> its bits (literal_gate reads it inline: a look-up, no call)


def forget_texts() -> None:
    """Forget the texts' bits (the words' stay: they are no question's)."""
    HELD.clear()


def string_bit(s: str) -> int:
    """The bit of the piece of `s` a text is least likely to hold (the longest; a whole word before one
    at a word's start or end, before one inside a word), given when new; 0 when `s` isn't ASCII or has
    no piece (a gate of such a string checks its strings itself)."""
    if not s.isascii():
        return 0
    b = s.encode("ascii")
    runs = b.translate(_WORDS_OF).decode("ascii")
    words = runs.split()
    pieces: list[tuple[int, dict, str | int]] = [(2, _signs, sign) for sign in b.translate(None, _NOT_SIGNS)]
    for i, word in enumerate(words):
        opens = i > 0 or runs[0] == " "  # a sign before it: it begins a word of the text
        closes = i < len(words) - 1 or runs[-1] == " "  # a sign after it: it ends one
        where = (_WHOLE if closes else _START) if opens else (_END if closes else _INSIDE)
        pieces.append((len(word) + (where + 1) // 2, _bits[where], word))
    if not pieces:
        return 0
    _, bits, piece = max(pieces, key=lambda p: p[0])
    return _bit(bits, piece)


def _bit(bits: dict, piece: str | int) -> int:
    global _count, _longest
    bit = bits.get(piece)
    if bit is None:
        bit = bits[piece] = 1 << _count
        _count += 1
        if isinstance(piece, str):
            _longest = max(_longest, len(piece))
        _start_over()
    return bit


def _start_over() -> None:
    """New, empty stores of the words' and texts' bits (they lack a new piece's): replaced, not cleared,
    so a reading begun before, on another thread, keeps its bits in the store it began with."""
    global _words, HELD
    _words, HELD = {}, {}


def text_mask(text: str) -> int:
    """The bits of the pieces the text holds."""
    held, words = HELD, _words  # (the stores as they are now: see _start_over)
    mask = held.get(text)
    if mask is not None:
        return mask
    mask = 0
    for token in text.split():  # (spaces are no piece: a token's pieces are all of it the text holds)
        found = words.get(token)
        mask |= found if found is not None else _token_mask(token, words)
    if len(held) >= MAX_TEXTS_KEPT:
        held.clear()
    held[text] = mask
    return mask


def _token_mask(token: str, words: dict[str, int]) -> int:
    """The pieces a token (a text's run without spaces) holds: its signs, and each stretch of each of its
    words up to the longest piece, looked up as what it is (inside, at the start, at the end, the whole
    word). A letter no piece has (not ASCII) is read as a sign: what it parts, no string joins."""
    b = token.encode("ascii", "replace")
    mask = 0
    for sign in b.translate(None, _NOT_SIGNS):
        mask |= _signs.get(sign, 0)
    inside, start, end, whole = _bits
    for word in b.translate(_WORDS_OF).decode("ascii").split():
        n = len(word)
        mask |= whole.get(word, 0)
        for i in range(n):
            for j in range(i + 1, min(n, i + _longest) + 1):
                piece = word[i:j]
                mask |= inside.get(piece, 0)
                if i == 0:
                    mask |= start.get(piece, 0)
                if j == n:
                    mask |= end.get(piece, 0)
    if len(words) >= MAX_WORDS_KEPT:
        words.clear()
    words[token] = mask
    return mask
