"""Words of a question that are not drug names though neither the dictionary nor the documents have
them: people's and places' names by where they stand ('Dr. Patel', 'Sarah here', 'office in Tampa'),
dosing shorthand ('q6mo', 'bid'), the clinic's words ('myeloma', 'her2', 'copay'), and dictionary words
with a prefix or another spelling of an ending ('postmenopausal', 'denied').
The patterns and affixes are data: intents/reading/non_drug_words.toml."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from intents.reading.literal_gate import gated, joint, may_match
from knowledge.data_files import package_toml

WORD_MEMO = 8192  # words whose reading is kept


@cache
def _data() -> dict:
    return package_toml("intents.reading", "non_drug_words.toml")


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    # Behind their literal gates ('here', 'said', 'according'): most questions have none of the words.
    return tuple(gated(re.compile(p)) for p in _data()["people"]["patterns"])


@cache
def _any_person() -> re.Pattern[str]:
    """Most questions hold none of the ~40 strings the patterns need: one check says so, not ten."""
    return joint(_data()["people"]["patterns"])


def names_of_people_and_places(text: str) -> frozenset[str]:
    """The words of a lowercased question that name who is asking or where they are."""
    if not may_match(_any_person(), text):
        return frozenset()
    return frozenset(m.group("w") for p in _patterns() for m in p.finditer(text))


@cache
def _shorthand() -> re.Pattern[str]:
    return re.compile(_data()["shorthand"]["pattern"])


@lru_cache(maxsize=WORD_MEMO)
def is_shorthand(word: str) -> bool:
    """'q6mo', 'q8wks', 'bid', 'x6mo': a schedule written as one token, not a name (kept per word: the
    pattern's alternatives are tried at every word of every question)."""
    return _shorthand().match(word) is not None


@cache
def clinic_words() -> frozenset[str]:
    """The clinic's and billing office's words the dictionary lacks ('myeloma', 'her2', 'copay')."""
    return frozenset(_data()["clinic"]["words"])


@cache
def prefixes() -> tuple[str, ...]:
    return tuple(_data()["affixes"]["prefixes"])


@cache
def endings() -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a, b in _data()["affixes"]["endings"])
