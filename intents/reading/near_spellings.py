"""Names within a few keystrokes of a typed word, found without comparing the word with every name.

Cut a name into pieces: an edit (insert, delete, substitute) spoils at most one piece, so a word
within k edits of a name of P > k pieces still contains one of them intact, shifted by no more than
the insertions and deletions before it. The index maps (name length, piece number, piece) to names;
a look-up tries each piece at each possible shift for each length within k of the word's: a few
hundred dictionary look-ups, whether the knowledge base holds 600 names or 600,000 (the partition
filter of Pass-Join, Li et al., VLDB 2011).

A swap of two neighbouring letters spoils two pieces when it straddles a cut, so the word is also
looked up with each neighbouring pair swapped back, one edit closer. Together these find every name
within k Damerau-Levenshtein edits for k <= 2, and for k = 3 all but three swaps that each straddle
a cut. Candidates are only candidates: the caller scores them with the real distance.

Up to SCAN_MAX_NAMES names, a scan is cheaper than the index: rapidfuzz's bit-parallel Levenshtein over
every name (a swap counts two there, so within twice the budget), then the real Damerau-Levenshtein
distance of the few left. Either way only names within the budget come back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

MAX_REACH = 8  # no caller allows more edits than this
# Names up to which a look-up scans them all: measured on the 783 names of these documents, a scan takes
# about 0.06 ms a word and the index 0.2-1 ms (a long word tries every swap); the index wins past a few
# thousand names (bench: growth).
SCAN_MAX_NAMES = 4000


def cuts(length: int, pieces: int) -> list[tuple[int, int]]:
    """(start, size) of each piece of a name of `length` letters: even sizes, the longer ones last."""
    base, extra = divmod(length, pieces)
    out, start = [], 0
    for i in range(pieces):
        size = base + (1 if i >= pieces - extra else 0)
        out.append((start, size))
        start += size
    return out


class NearbyNames:
    """`within(word)`: the indexed names within `max_edits(len(word))` edits of `word`."""

    def __init__(self, names: Iterable[str], max_edits: Callable[[int], int], scan_max: int = SCAN_MAX_NAMES):
        self._max_edits = max_edits
        self._scan_max = scan_max
        # (name length, k) -> pieces, and one table per piece: a name is cut once for each k a
        # word that can reach its length asks for, so a look-up for k uses pieces as long as k allows.
        self._plans: dict[tuple[int, int], list[tuple[int, int]]] = {}
        tables: dict[tuple[int, int], list[defaultdict[str, list[str]]]] = {}
        self._short: dict[tuple[int, int], list[str]] = defaultdict(list)  # fewer letters than pieces
        budgets: dict[int, set[int]] = {}
        self._longest = 0
        self._names = tuple(dict.fromkeys(names))
        for name in self._names:
            length = len(name)
            self._longest = max(self._longest, length)
            if length not in budgets:
                budgets[length] = self._budgets(length)
            for k in budgets[length]:
                plan = self._plans.setdefault((length, k), cuts(length, k + 1))
                if length < len(plan):
                    self._short[length, k].append(name)
                    continue
                parts = tables.setdefault((length, k), [defaultdict(list) for _ in plan])
                for table, (start, size) in zip(parts, plan, strict=True):
                    table[name[start : start + size]].append(name)
        # (name length, k) -> (table, start, size) for each piece
        self._pieces: dict[tuple[int, int], list[tuple[dict[str, tuple[str, ...]], int, int]]] = {
            at: [
                ({p: tuple(v) for p, v in table.items()}, start, size)
                for table, (start, size) in zip(parts, self._plans[at], strict=True)
            ]
            for at, parts in tables.items()
        }

    def _budgets(self, length: int) -> set[int]:
        """The k of every word length that can reach a name of this length."""
        out = set()
        for n in range(max(1, length - MAX_REACH), length + MAX_REACH + 1):
            k = self._max_edits(n)
            if abs(n - length) <= k:
                out.add(k)
        return out

    def within(self, word: str) -> set[str]:
        if len(word) > self._longest + MAX_REACH:
            # Farther than any edit budget from every name; and the swap look-ups below cost the
            # word's length squared (a pasted 4,000-letter word: bench, worst-case input).
            return set()
        k = self._max_edits(len(word))
        if len(self._names) <= self._scan_max:
            return self._scan(word, k)
        found = self._lookup(word, k, k)
        if k >= 1:
            letters = list(word)
            for j in range(len(word) - 1):
                if letters[j] != letters[j + 1]:
                    letters[j], letters[j + 1] = letters[j + 1], letters[j]
                    found |= self._lookup("".join(letters), k - 1, k, swapped=j)
                    letters[j], letters[j + 1] = letters[j + 1], letters[j]
        return {name for name in found if DamerauLevenshtein.distance(word, name, score_cutoff=k) <= k}

    def _scan(self, word: str, k: int) -> set[str]:
        """Every name within k Damerau-Levenshtein edits, by a scan of them all."""
        near = process.extract(word, self._names, scorer=Levenshtein.distance, score_cutoff=2 * k, limit=None)
        return {name for name, _, _ in near if DamerauLevenshtein.distance(word, name, score_cutoff=k) <= k}

    def _lookup(self, word: str, edits: int, k: int, swapped: int | None = None) -> set[str]:
        """Names within `edits` Levenshtein edits, in the tables cut for k >= edits. With `swapped`
        (letters j and j+1 swapped back), only pieces that cover them: the others read the same as in
        the look-up with the full budget, which has found their names already."""
        found: set[str] = set()
        n = len(word)
        for length in range(max(1, n - edits), n + edits + 1):
            short = self._short.get((length, k))
            if short:
                found.update(short)
            pieces = self._pieces.get((length, k))
            if pieces is None:
                continue
            # A piece may sit d places off: the letters before it cost |d| insertions or deletions and
            # those after it |gap - d|, and together they can't exceed the budget.
            gap = n - length
            slack = (edits - abs(gap)) // 2
            low, high = min(0, gap) - slack, max(0, gap) + slack
            for table, start, size in pieces:
                first, last = max(0, start + low), min(n - size, start + high)
                if swapped is not None:  # windows [s, s + size) that hold letter j or j + 1
                    first, last = max(first, swapped - size + 1), min(last, swapped + 1)
                for s in range(first, last + 1):
                    hit = table.get(word[s : s + size])
                    if hit:
                        found.update(hit)
        return found
