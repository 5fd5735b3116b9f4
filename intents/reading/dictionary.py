"""Is a word ordinary English? Decides whether an unmatched word could be a drug name we don't know
('Humira', 'Otezla') or just part of the sentence ('moving', 'weather')."""

from __future__ import annotations

from functools import cache

from intents.reading.non_drug_words import clinic_words, endings, prefixes

_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers")


@cache
def _words() -> frozenset[str]:
    # Imported here: most questions name only printed words and never open the word list (~25 ms).
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["gcide"], lower=True, alpha=True))


def preload() -> None:
    """Load the word list now: a server calls this before it takes questions."""
    _words()


def in_dictionary(word: str) -> bool:
    """The word as the dictionary prints it (no ending taken off: 'grandfatherd' is not one)."""
    return word in _words()


MIN_PREFIXED_REST = 5  # 'post' + 'menopausal': what is left is a word of its own, not a drug's tail


def is_english(word: str) -> bool:
    if word in clinic_words():  # the asker's trade words: 'myeloma', 'her2', 'copay'
        return True
    if _inflected(word):
        return True
    # 'postmenopausal', 'nononcology': a prefix on a dictionary word.
    return any(
        word.startswith(p) and len(word) - len(p) >= MIN_PREFIXED_REST and _inflected(word[len(p) :].lstrip("-"))
        for p in prefixes()
    )


def _inflected(word: str) -> bool:
    words = _words()
    if word in words:
        return True
    for ending, base in endings():  # 'denied' -> 'deny'
        if word.endswith(ending) and word[: -len(ending)] + base in words:
            return True
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if stem in words or stem + "e" in words or (len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in words):
                return True
    return False
