"""The typo index must find every name the matcher could read a typo as, and only those: checked against
a brute-force Damerau-Levenshtein scan for any names and any typing slips (hypothesis), both ways a
look-up is made (a scan of every name, and the index a large knowledge base uses)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

from intents.reading.entities import typo_limit
from intents.reading.near_spellings import NearbyNames, cuts

BOTH_WAYS = {"scan": {}, "index": {"scan_max": 0}}  # the documents' few hundred names are scanned

LETTERS = "abcdefghiklmnoprstuvxyz"
names = st.text(alphabet=LETTERS, min_size=3, max_size=18)


@st.composite
def slips(draw: st.DrawFn, word: str, count: int) -> str:
    """`word` with `count` random insertions, deletions, substitutions and neighbour swaps."""
    letters = list(word)
    for _ in range(count):
        at = draw(st.integers(0, max(0, len(letters) - 1)))
        kind = draw(st.sampled_from(["insert", "delete", "substitute", "swap"]))
        if kind == "insert":
            letters.insert(at, draw(st.sampled_from(LETTERS)))
        elif kind == "delete" and len(letters) > 1:
            del letters[at]
        elif kind == "substitute" and letters:
            letters[at] = draw(st.sampled_from(LETTERS))
        elif kind == "swap" and at + 1 < len(letters):
            letters[at], letters[at + 1] = letters[at + 1], letters[at]
    return "".join(letters)


def test_cuts_cover_the_name_in_even_pieces_longer_ones_last() -> None:
    assert cuts(8, 3) == [(0, 2), (2, 3), (5, 3)]
    assert cuts(9, 3) == [(0, 3), (3, 3), (6, 3)]
    assert cuts(3, 4) == [(0, 0), (0, 1), (1, 1), (2, 1)]


@settings(max_examples=300, deadline=None)
@given(st.data(), st.lists(names, min_size=1, max_size=30))
def test_every_name_within_the_typo_limit_is_found(data: st.DataObject, known: list[str]) -> None:
    typed = data.draw(slips(data.draw(st.sampled_from(known)), data.draw(st.integers(0, 3))))
    if len(typed) < 3:
        return
    limit = typo_limit(typed)
    expected = {name for name in known if DamerauLevenshtein.distance(typed, name) <= limit}
    assert NearbyNames(known, typo_limit).within(typed) == expected
    found = NearbyNames(known, typo_limit, scan_max=0).within(typed)
    assert found <= expected
    # Three swaps that each straddle a cut are the index's one blind spot (documented in
    # intents/reading/near_spellings.py): whatever it misses is more than the limit away counting a swap
    # as two edits.
    assert all(Levenshtein.distance(typed, name) > limit for name in expected - found), (typed, expected - found)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.lists(names, min_size=1, max_size=30))
def test_two_slips_are_always_found(data: st.DataObject, known: list[str]) -> None:
    target = data.draw(st.sampled_from(known))
    typed = data.draw(slips(target, 2))
    if len(typed) < 3 or DamerauLevenshtein.distance(typed, target) > typo_limit(typed):
        return
    for way in BOTH_WAYS.values():
        assert target in NearbyNames(known, typo_limit, **way).within(typed)


def test_a_swap_across_a_cut_plus_another_slip_is_found() -> None:
    # 'keytruda' is cut ke|ytr|uda: 'kyet...' spoils the first two pieces, 'o' for 'a' the third.
    for way in BOTH_WAYS.values():
        assert "keytruda" in NearbyNames(["keytruda", "kadcyla"], typo_limit, **way).within("kyetrudo")


def test_only_nearby_names_come_back() -> None:
    rng = random.Random(7)
    known = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(5, 12))) for _ in range(500)]
    for way in BOTH_WAYS.values():
        index = NearbyNames(known, typo_limit, **way)
        found = index.within(known[0][::-1])
        assert len(found) < len(known) // 10
        assert index.within("ab") <= {n for n in known if len(n) <= 4}
        limit = typo_limit(known[3])
        assert index.within(known[3]) == {n for n in known if DamerauLevenshtein.distance(known[3], n) <= limit}
