"""Payers and plan types other than Cigna's, named in a question (data: intents/reading/payers.toml)."""

from __future__ import annotations

import re
import string
from functools import cache

from intents.reading.word_runs import WordRuns
from knowledge.data_files import package_toml

_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOKENS = WordRuns(_TOKEN, string.ascii_lowercase + string.digits, "-")


@cache
def _payers() -> tuple[dict[tuple[str, ...], int], list[str], int, frozenset[str]]:
    """Each payer word's tokens -> the payer's place, the names, the longest word in tokens, and the
    tokens a payer word begins with (matched token by token: compiling a pattern per payer cost more
    start-up than it saves)."""
    data = package_toml("intents.reading", "payers.toml")
    words: dict[tuple[str, ...], int] = {}
    for k, p in enumerate(data["payer"]):
        for w in p["words"]:
            words.setdefault(tuple(_TOKEN.findall(w)), k)
    firsts = frozenset(w[0] for w in words)
    return words, [p["name"] for p in data["payer"]], max(len(w) for w in words), firsts


@cache
def payer_words() -> frozenset[str]:
    """Every word of a payer's names: never an unknown drug ('aetna', 'uhc')."""
    data = package_toml("intents.reading", "payers.toml")
    return frozenset(t for p in data["payer"] for w in p["words"] for t in _TOKEN.findall(w))


def other_payers(text: str) -> list[str]:
    """The payers a (lowercased) question names, in the table's order."""
    words, names, longest, firsts = _payers()
    tokens = _TOKENS.findall(text)
    if firsts.isdisjoint(tokens):  # most questions: no word begins a payer's name (one check, not a loop)
        return []
    found: set[int] = set()
    for i in range(len(tokens)):
        if tokens[i] not in firsts:  # most words begin no payer's name
            continue
        for n in range(1, min(longest, len(tokens) - i) + 1):
            k = words.get(tuple(tokens[i : i + n]))
            if k is not None:
                found.add(k)
    return [names[k] for k in sorted(found)]
