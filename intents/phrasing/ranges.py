"""Code ranges ('J7193 through J7203', 'S9340–S9343'): every code the documents print in between, as if
each had been typed, so the answer is a row per printed code rather than the two end codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from intents.phrasing.words import phrasing_data
from intents.reading.entities import CodeMatch, Resolution
from knowledge.kb import KnowledgeBase

_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class CodeRange:
    low: str
    high: str
    codes: tuple[str, ...]  # printed codes in the range, in order
    said: str = ""  # a code typed with its end left open, as the answer names it ('S93xx', 'J90 codes')
    typed: str = ""  # ...and as typed ('s93xx'): a range, not a name no document prints


def _data() -> dict:
    return phrasing_data()["ranges"]


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(_data()["pattern"])


def _widest(low: int, high: int, worded: bool, *, ascending: bool) -> int:
    """How wide a range may be: any width said in words from the bottom ('J9000 through J9999', 'between
    C9000 and C9500') or between round ends ('J9000-J9099'); a narrow one otherwise (two codes listed)."""
    rounded = low % 100 == 0 and high % 100 == 99
    return 9999 if (worded and ascending) or rounded else int(_data()["max_span"])


def code_ranges(text: str, kb: KnowledgeBase) -> list[CodeRange]:
    """The ranges a lowercased question names, each with the codes the knowledge base prints in it."""
    out = []
    for m in _pattern().finditer(text):
        letter = m.group("letter")
        if m.group("letter2") not in (None, letter) or (m.group("joint") == "and") != bool(m.group("between")):
            continue
        if re.search(_data()["changed_before"], text[: m.start()]):
            continue
        typed = m.group("high")
        low, high = int(m.group("low")), int(m.group("low")[: 4 - len(typed)] + typed)
        worded = m.group("joint") in _data()["reversible"]
        if low > high and worded:
            low, high = high, low  # 'J7203 to J7193': typed from the top; a dash between two codes is a pair
        if not 0 < high - low <= _widest(low, high, worded, ascending=int(m.group("low")) < high):
            continue
        prefix = letter.upper()
        printed = (c for c in kb.codes if len(c) == 5 and c[0] == prefix and c[1:].isdigit())
        codes = tuple(sorted(c for c in printed if low <= int(c[1:]) <= high))
        # A range no document prints a code of is still a range: said as not found, never two codes.
        out.append(CodeRange(f"{prefix}{low:04d}", f"{prefix}{high:04d}", codes))
    return out


def _open() -> dict:
    return phrasing_data()["open_ranges"]


@cache
def _open_patterns() -> tuple[re.Pattern[str], re.Pattern[str], tuple[re.Pattern[str], ...], re.Pattern[str]]:
    data = _open()
    return (
        re.compile(data["wildcard"]),
        re.compile(data["decade"]),
        tuple(re.compile(w) for w in data["words"]),
        re.compile(data["letter"]),
    )


def open_ranges(text: str, raw: str, kb: KnowledgeBase, *, names_drugs: bool) -> list[CodeRange]:
    """Codes typed with their end left open ('S93xx', 'J92**', 'the J7180s', 'any of the J90 codes',
    'codes starting with Q20', 'the S codes'), each with every code the knowledge base prints that
    begins so. `raw` is the message as typed (its stars), `text` the question read."""
    digits, plural, starred = _DIGIT.search(raw) is not None, "codes" in text, "*" in raw
    if not (digits or plural or starred):  # most questions: every open range has a digit, a star or 'codes'
        return []
    wildcard, decade, words, letter = _open_patterns()
    # (stem, as the answer names it, as typed)
    lowered = raw.lower() if digits or starred else ""
    stems = [(m["stem"], m["stem"].upper() + m["open"], m.group(0)) for m in wildcard.finditer(lowered)]
    stems += [(_decade_stem(m["stem"]), m["stem"].upper() + "s", m.group(0)) for m in decade.finditer(text)]
    found = [m for pattern in words for m in pattern.finditer(text)]
    if plural and not names_drugs:
        found += list(letter.finditer(text))
    stems += [(m["stem"], _open()["said"].format(stem=m["stem"].upper()), m.group(0)) for m in found]
    digits_of_code = int(_open()["digits"])
    out: dict[str, CodeRange] = {}
    letters = {c[0] for c in kb.codes} if stems else set()
    for stem, said, typed in stems:
        # a CPT code is five digits ('90xxx'): its whole stem is digits, no letter before them
        prefix, fixed = ("", stem) if stem[0].isdigit() else (stem[0].upper(), stem[1:])
        width = digits_of_code - (0 if prefix else -1)
        if len(fixed) >= width or prefix + fixed in out or (prefix or fixed[0]) not in letters:
            continue  # ('xxxxx' is no X code: no document prints a code of that letter)
        low, high = fixed.ljust(width, "0"), fixed.ljust(width, "9")
        codes = tuple(sorted(c for c in kb.codes if len(c) == len(prefix) + width and c.startswith(prefix + fixed)))
        out[prefix + fixed] = CodeRange(prefix + low, prefix + high, codes, said, typed)
    return list(out.values())


def _decade_stem(typed: str) -> str:
    """'j7180' (of 'the J7180s') is J718x; 'j90' (of 'the J90s') is J90xx: four digits lose their trailing
    zeros, fewer are the stem as typed."""
    if len(typed) < 1 + int(_open()["digits"]):
        return typed
    return typed.rstrip("0") if len(typed.rstrip("0")) > 1 else typed[:2]


def forget_typed(found: Resolution, ranges: list[CodeRange]) -> None:
    """An open code as typed ('s93xx', 'j7180s') is a range, not a name no document prints."""
    typed = {r.typed for r in ranges if r.typed}
    kept = [(w, sp) for w, sp in zip(found.unknown, found.unknown_spans, strict=True) if w not in typed]
    found.unknown[:], found.unknown_spans[:] = [w for w, _ in kept], [sp for _, sp in kept]


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


def read_ranges(text: str, raw: str, kb: KnowledgeBase, found: Resolution) -> list[CodeRange]:
    """The ranges a question names ('J7193 through J7203', 'S93xx'), their printed codes put among the
    question's codes; `raw` is the message as typed."""
    closed = code_ranges(text, kb) if found.codes else []  # a closed range names at least its first code
    # ('which J codes between J9000 and J9100': the closed range is the one asked, 'J codes' its kind.)
    opened = [
        r
        for r in open_ranges(text, raw, kb, names_drugs=bool(found.drugs))
        if not any(r.low <= c.low and c.high <= r.high for c in closed)
    ]
    ranges = closed + opened
    if ranges:
        expand_ranges(found, ranges)
        forget_typed(found, ranges)
    return ranges
