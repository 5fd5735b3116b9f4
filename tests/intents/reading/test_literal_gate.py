"""A literal gate never turns away text its pattern matches: every method of a gated pattern answers as
the pattern does, for the project's own patterns over the documents' lines and generated text."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intents.reading import literal_gate
from intents.reading.literal_gate import (
    GatedPattern,
    gated,
    joint,
    may_match,
    needed_strings,
    needed_together,
    read_gates,
)
from intents.reading.question import CONTACT_FIELDS

ROOT = Path(__file__).resolve().parents[3]


def _strings(table: object) -> list[str]:
    if isinstance(table, str):
        return [table]
    if isinstance(table, dict):
        return [s for v in table.values() for s in _strings(v)]
    if isinstance(table, list):
        return [s for v in table for s in _strings(v)]
    return []


@cache
def data_patterns() -> tuple[re.Pattern[str], ...]:
    """Every string of the intents' data files that compiles and contains a pattern's syntax."""
    out = []
    for path in sorted((ROOT / "intents").rglob("*.toml")):
        for text in _strings(tomllib.loads(path.read_text(encoding="utf-8"))):
            if not any(c in text for c in "\\(|[?*+"):
                continue
            try:
                out.append(re.compile(text))
            except re.error:
                continue
    return tuple(out)


@cache
def texts() -> tuple[str, ...]:
    lines = [
        line.lower()
        for path in sorted((ROOT / "knowledge" / "sources").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    wording = tomllib.loads((ROOT / "intents" / "wording.toml").read_text(encoding="utf-8"))
    return (*lines, *(s.lower() for s in _strings(wording)))


def _same(pattern: re.Pattern[str], text: str) -> None:
    gate = GatedPattern(pattern)
    gate.needed  # noqa: B018 - the gate read now: every method below runs behind it
    found, gated_found = pattern.search(text), gate.search(text)
    assert (found and found.span()) == (gated_found and gated_found.span()), (pattern.pattern, text)
    assert gate.findall(text) == pattern.findall(text)
    assert [m.span() for m in gate.finditer(text)] == [m.span() for m in pattern.finditer(text)]
    assert gate.sub("#", text) == pattern.sub("#", text)
    assert gate.split(text) == pattern.split(text)


def test_most_data_patterns_have_a_gate() -> None:
    patterns = data_patterns()
    assert len(patterns) > 50
    assert sum(bool(GatedPattern(p).needed) for p in patterns) > len(patterns) // 2


def test_a_gate_answers_as_its_pattern_on_the_documents_and_the_wording() -> None:
    matched = 0
    for pattern in data_patterns():
        gate = GatedPattern(pattern)
        if not gate.needed:
            continue
        for text in texts():
            if pattern.search(text):
                matched += 1
                _same(pattern, text)
    assert matched > 1000  # the check saw matches, not only misses


GATED = [p for p in data_patterns() if GatedPattern(p).needed]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(pattern=st.sampled_from(GATED), data=st.data())
def test_a_gate_answers_as_its_pattern_on_generated_matches(pattern: re.Pattern[str], data: st.DataObject) -> None:
    try:
        text = data.draw(st.from_regex(pattern, fullmatch=False).filter(lambda t: len(t) < 300))
    except Exception:  # a construct hypothesis can't generate from (a look-behind)
        pytest.skip("pattern outside hypothesis's regex support")
    _same(pattern, text)


@pytest.mark.parametrize(
    ("pattern", "needed"),
    [
        (r"\b(?:my|our) patient\b", ("my pat", "our pa")),
        (r"\bfax\w*", ("fax",)),
        (r"(?<!per )\b(?:dose|doses)\b", ("dose",)),
        (r"\bauth(?:orization)? number\b", ("auth n", "author")),
        (r"x+y?", ("x",)),
    ],
)
def test_the_strings_a_pattern_needs(pattern: str, needed: tuple[str, ...]) -> None:
    assert needed_strings(re.compile(pattern)) == needed


@pytest.mark.parametrize(
    ("pattern", "together"),
    [
        # A word asked about with a question mark at the end: 'need' alone never matches.
        (r"\b(?:need|go)\b[^?]*\?+\s*$", ((("?",), ("go", "need")),)),
        # Each alternative needs its own: the status words beside 'my patient', or a reference number.
        (
            r"\bmy (?:patient|pt)\b[^.?]{0,80}?\b(?:approved|denied)\b|\breference number\b",
            ((("my pt", "my pat"), ("approv", "denied")), (("refere",),)),
        ),
        # One set each (what needed_strings says already), or an alternative needing none: no conjunction.
        (r"\bfax\w*|\bphone\b", None),
        (r"\bfax\b.*\?|\w+", None),
        # A set of single letters is no sieve ('h' of '\bhome\b|\bhi list\b', which re reads apart).
        (r"\bhome\b|\bhi list\b", None),
    ],
)
def test_the_strings_each_alternative_needs_together(pattern: str, together: object) -> None:
    assert needed_together(re.compile(pattern)) == together


@pytest.mark.parametrize(
    "text",
    ["do we need a pa for tysabri", "does tysabri need a pa?", "go on? need", "my pt got denied. need it?", ""],
)
def test_a_conjunction_turns_away_what_lacks_one_of_its_sets_and_keeps_what_matches(text: str) -> None:
    pattern = re.compile(r"\b(?:need|go)\b[^?]*\?+\s*$|\bmy pt\b[^.?]{0,80}?\bdenied\b")
    _same(pattern, text)
    gate = GatedPattern(pattern)
    gate.needed  # noqa: B018 - the gate read now
    assert gate._may_match(text) == (("?" in text and ("need" in text or "go" in text)) or "denied" in text)


@pytest.mark.parametrize("span", [(0,), (12,), (-3,), (40,), (0, 10), (5, -1), (12, 28), (3, 200)])
def test_a_search_from_a_position_finds_what_the_pattern_finds(span: tuple[int, ...]) -> None:
    # The gate reads the whole text: a match from any position (a negative one is the start) holds its strings.
    text = "is keytruda on evicore, right?"
    for pattern in (r"(?:,|\s)\s*(?:right|correct)\s*[?.!]*\s*$", r"\bevicore\b", r"\bkeytruda\b"):
        gate = GatedPattern(re.compile(pattern))
        gate.needed  # noqa: B018 - the gate read now
        found = re.compile(pattern).search(text, *span)
        assert (found and found.span()) == ((m := gate.search(text, *span)) and m.span()), (pattern, span)


@pytest.mark.parametrize("pattern", [r"(?i)\bfax\b", r"\w+", r"^(?:hi|hello)\b", r"[a-z]{3}", r"(?:fax)?"])
def test_a_pattern_without_needed_strings_runs_ungated(pattern: str) -> None:
    assert not gated(re.compile(pattern)).needed  # type: ignore[attr-defined]
    _same(re.compile(pattern), "hi hello FAX fax")


def test_the_contact_fields_are_gated_and_still_found() -> None:
    assert all(isinstance(p, GatedPattern) and p.needed for p in CONTACT_FIELDS.values())
    assert CONTACT_FIELDS["fax"].search("what is the evicore fax number") is not None
    assert CONTACT_FIELDS["phone"].search("who do i call for zolgensma") is not None
    assert CONTACT_FIELDS["phone"].search("the policy number for keytruda") is None


@pytest.mark.parametrize(
    "pattern",
    [
        r"^(?:hi|hello)[,!]?\s+(?P<w>[a-z]+)",
        r"^\w*",
        r"(?m)^(?:hi|hello)\b",
        r"^(?:a|)",
        r"(?:^|, )(?P<w>[a-z]+) here\b",
    ],
)
@pytest.mark.parametrize("text", ["hi sarah, is keytruda on it", "hello\nhi team", "", "x, bob here", "a"])
def test_a_pattern_anchored_at_the_start_finds_what_its_iterator_would(pattern: str, text: str) -> None:
    # finditer of a '^' pattern (not MULTILINE) is its match at the start: found without trying each position.
    _same(re.compile(pattern), text)


def test_a_pattern_searched_once_is_never_parsed_and_its_second_search_reads_the_gate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A one-shot `ask` searches with most patterns once: parsing each for its gate would cost its start
    # more than the gates save it.
    monkeypatch.setattr(literal_gate, "_warmed", False)  # a process no server warmed
    gate = GatedPattern(re.compile(r"\bfax\w*"))
    assert [m.span() for m in gate.finditer("the fax")] == [(4, 7)]
    assert gate._needed is None  # type: ignore[attr-defined]
    assert gate.search("no number here") is None
    assert gate._needed == ("fax",)  # type: ignore[attr-defined]
    assert gate.search("what is the fax") is not None


def test_a_warmed_server_has_every_gate_read_and_a_later_pattern_reads_its_own_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(literal_gate, "_warmed", False)
    made = GatedPattern(re.compile(r"^(?:hi|hello)\b|\bfax\w*"))
    read_gates()
    assert made._needed is not None and made._anchored is not None  # type: ignore[attr-defined]
    later = GatedPattern(re.compile(r"\bphone\b"))
    assert later.search("no number here") is None
    assert later._needed == ("phone",)  # type: ignore[attr-defined]


def test_a_joint_gate_lets_through_every_text_one_of_its_patterns_matches() -> None:
    # One check for a group of patterns (the people's names, the contact fields, the abbreviations): it may
    # let through a text none matches, never turn away one that any matches. Their named groups are unnamed.
    people = tomllib.loads((ROOT / "intents" / "reading" / "non_drug_words.toml").read_text(encoding="utf-8"))
    patterns = [re.compile(p) for p in people["people"]["patterns"]]
    gate = joint(p.pattern for p in patterns)
    assert gate.needed  # type: ignore[attr-defined]
    asked = ["hi, maria here from the infusion center", "dr. okafor wants to know", "my name is li", "thx, jo"]
    for text in (*texts(), *asked):
        if any(p.search(text) for p in patterns):
            assert may_match(gate, text), text
    assert not may_match(gate, "does keytruda need precert")


def test_patterns_that_cannot_be_joined_let_every_text_through() -> None:
    gate = joint([r"\b(?P<w>[a-z]+) (?P=w)\b", r"\bfax\b"])
    assert may_match(gate, "the the fax") and may_match(gate, "no words repeated")
