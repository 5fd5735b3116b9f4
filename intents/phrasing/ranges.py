"""Code ranges ('J7193 through J7203', 'S9340–S9343'): every code the documents print in between, as if
each had been typed, so the answer is a row per printed code rather than the two end codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from intents.phrasing.words import phrasing_data
from intents.reading.entities import CodeMatch, Resolution
from knowledge.kb import KnowledgeBase


@dataclass(frozen=True)
class CodeRange:
    low: str
    high: str
    codes: tuple[str, ...]  # printed codes in the range, in order


def _data() -> dict:
    return phrasing_data()["ranges"]


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(_data()["pattern"])


def code_ranges(text: str, kb: KnowledgeBase) -> list[CodeRange]:
    """The ranges a lowercased question names, each with the codes the knowledge base prints in it."""
    out = []
    for m in _pattern().finditer(text):
        letter = m.group("letter")
        if m.group("letter2") not in (None, letter) or (m.group("joint") == "and") != bool(m.group("between")):
            continue
        low, high = int(m.group("low")), int(m.group("high"))
        if low > high and m.group("joint") in _data()["reversible"]:
            low, high = high, low  # 'J7203 to J7193': typed from the top; a dash between two codes is a pair
        if not 0 < high - low <= int(_data()["max_span"]):
            continue
        prefix = letter.upper()
        printed = (c for c in kb.codes if len(c) == 5 and c[0] == prefix and c[1:].isdigit())
        codes = tuple(sorted(c for c in printed if low <= int(c[1:]) <= high))
        if codes:
            out.append(CodeRange(f"{prefix}{low:04d}", f"{prefix}{high:04d}", codes))
    return out


def expand_ranges(found: Resolution, ranges: list[CodeRange]) -> None:
    """Put each range's printed codes among the question's codes, in the range's place and order."""
    for r in ranges:
        have = {c.code for c in found.codes}
        at = next((i for i, c in enumerate(found.codes) if c.code in (r.low, r.high)), len(found.codes))
        inside = [CodeMatch(code, code, True) for code in r.codes if code not in have]
        kept = [c for c in found.codes if c.code not in r.codes or c.code in (r.low, r.high)]
        ends = [c for c in kept if c.code in (r.low, r.high) and c.code in r.codes]
        others = [c for c in kept if c not in ends]
        merged = sorted([*ends, *inside], key=lambda c: c.code)
        at = min(at, len(others))
        found.codes[:] = [*others[:at], *merged, *others[at:]]
