"""Is a word ordinary English? Decides whether an unmatched word could be a drug name we don't know
('Humira', 'Otezla') or just part of the sentence ('moving', 'weather')."""

from __future__ import annotations

from functools import cache

from english_words import get_english_words_set

_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers")


@cache
def _words() -> frozenset[str]:
    return frozenset(get_english_words_set(["gcide"], lower=True, alpha=True))


def preload() -> None:
    _words()


def is_english(word: str) -> bool:
    words = _words()
    if word in words:
        return True
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if stem in words or stem + "e" in words or (len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in words):
                return True
    return False
