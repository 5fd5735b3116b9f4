"""A pattern's literal gate: the few strings one of which every match of a regular expression contains,
read from the pattern itself, checked with `in` before the pattern runs. Python's `re` tries a union of
alternatives that each open with a word boundary or a look-behind at every position of the text
(the contact fields' union: ~9 us on a question); a question holding none of the strings cannot match,
and `in` says so in a fraction of that. Nothing is guessed: a pattern whose strings can't be read (a
case-insensitive one, one that can match without any literal) runs as it is."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator
from functools import reduce
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from intents.reading import text_atoms
from intents.reading.text_atoms import string_bit, text_mask

MAX_EXACT = 64  # strings a piece of a pattern may spell exactly before it counts as open-ended
MAX_GATE = 128  # strings a gate may need: past MAX_LOOPED they are one search, and past this the gate is no sieve
GATE_CHARS = 6  # a needed string is checked by its first characters (what it holds, they hold)
MAX_LOOPED = 8  # needed strings checked one by one with `in`; more are found by one search of them all

_Items = list[tuple[Any, Any]]


def _spelled(items: _Items) -> set[str] | None:
    """Every string this sequence of the parsed pattern matches, when they are few; else None."""
    out = {""}
    for op, av in items:
        piece = _spelled_item(op, av)
        if piece is None:
            return None
        out = {a + b for a in out for b in piece}
        if len(out) > MAX_EXACT:
            return None
    return out


def _spelled_item(op: Any, av: Any) -> set[str] | None:
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.AT:  # an anchor or a word boundary matches no characters
        return {""}
    if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _spelled(av[3].data)
    if op is sre.BRANCH:
        out = _each_branch(_spelled, av[1])
        return out if out is not None and len(out) <= MAX_EXACT else None
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[1] <= 1:  # optional, or once
        spelled = _spelled(av[2].data)
        if spelled is None:
            return None
        return spelled | {""} if av[0] == 0 else spelled
    return None


def _each_branch(read: Any, branches: Any) -> set[str] | None:
    """The union of what `read` finds in every branch of an alternation; None when one branch has none."""
    out: set[str] = set()
    for branch in branches:
        found = read(branch.data)
        if found is None:
            return None
        out |= found
    return out


def _shortest(strings: set[str] | None) -> tuple[int, int]:
    return (min(map(len, strings)), -len(strings)) if strings else (0, 0)


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    return a if _shortest(a) >= _shortest(b) else b


def _needed(items: _Items) -> set[str] | None:
    """Strings one of which every match of this sequence contains, the most telling found; None when
    none is known. Neighbouring pieces spelled exactly are joined ('my ' of '(?:my|our) ')."""
    return reduce(_better, _pieces_needed(items), None)


def _pieces_needed(items: _Items) -> Iterator[set[str] | None]:
    """In order, each run of exactly spelled pieces (joined) and what each other item needs (None: not
    known): every match of the sequence contains one string of each. _needed keeps the most telling,
    _sets_needed every one."""
    run = {""}
    for op, av in items:
        spelled = _spelled_item(op, av)
        joined = {a + b for a in run for b in spelled} if spelled is not None else None
        if joined is not None and len(joined) <= MAX_EXACT:
            run = joined
            continue
        yield run
        run = spelled if spelled is not None else {""}
        if spelled is None:
            yield _needed_item(op, av)
    yield run


def _needed_item(op: Any, av: Any) -> set[str] | None:
    if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _needed(av[3].data)
    if op is sre.BRANCH:
        return _each_branch(_needed, av[1])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:  # at least once
        return _needed(av[2].data)
    return None


def needed_strings(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of the pattern contains (each cut to GATE_CHARS, none holding
    another: a string's first characters, or a shorter string inside it, are there when it is)."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    if (pattern.flags | parsed.state.flags) & re.IGNORECASE:
        return None
    if _anchored(pattern, parsed):
        return None  # tried at the start only: it fails as fast as a check would
    needed = _needed(parsed.data)
    return _cut(needed) if needed else None


_Together = tuple[tuple[tuple[str, ...], ...], ...]  # any branch of: every set of: any string of


def needed_together(pattern: re.Pattern[str]) -> _Together | None:
    """For each alternative of the pattern's top level, the sets of strings it needs all of (one string of
    each set): '\\b(?:need|go)\\b[^?]*\\?+\\s*$' needs 'need' or 'go', and '?' too. None when no alternative
    needs more than one set (the needed strings say as much) or one needs none (the text is no sieve)."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    if (pattern.flags | parsed.state.flags) & re.IGNORECASE or _anchored(pattern, parsed):
        return None
    together = []
    for branch in _alternatives(list(parsed.data)):
        sets = _sets_needed(branch)
        if not sets:
            return None
        together.append(tuple(sorted(sets, key=len)))  # the fewest strings first: the cheapest to check
    return tuple(together) if any(len(sets) > 1 for sets in together) else None


def _alternatives(items: _Items) -> list[_Items]:
    """The pattern's top-level alternatives, each whole: re's parser moves what they all begin with out
    of them ('\\bmy pt|\\bstatus' is '\\b' then 'my pt|status'), which is put back."""
    *prefix, (op, av) = items or [(None, None)]
    if op is not sre.BRANCH or any(p not in (sre.AT, sre.LITERAL) for p, _ in prefix):
        return [items]
    return [[*prefix, *branch] for branch in av[1]]


def _sets_needed(items: _Items) -> list[tuple[str, ...]]:
    """Every set of strings one of which each match of the sequence contains, each cut as the gate's are."""
    return [_cut(found) for found in _pieces_needed(items) if found and _shortest(found)[0] and not _any_letter(found)]


def _any_letter(strings: set[str]) -> bool:
    """A set of single letters or digits ('h' of 'home|hi …', which re reads apart): nearly every text
    has one, so checking it costs more than it spares (a sign, '?', is a sieve)."""
    return all(len(s) == 1 and (s.isalnum() or s.isspace()) for s in strings)


def _cut(needed: set[str]) -> tuple[str, ...]:
    """Each string cut to GATE_CHARS, none holding another (a string's first characters, or a shorter
    string inside it, are there when it is)."""
    kept: list[str] = []
    for s in sorted({s[:GATE_CHARS] for s in needed}, key=lambda s: (len(s), s)):
        if not any(k in s for k in kept):
            kept.append(s)
    return tuple(kept)


def _holds(together: _Together, text: str) -> bool:
    """Some branch has a string of each of its sets in the text."""
    for sets in together:
        for strings in sets:
            for s in strings:
                if s in text:
                    break
            else:
                break  # a set none of whose strings is here: this branch can't match
        else:
            return True
    return False


def _anchored(pattern: re.Pattern[str], parsed: Any) -> bool:
    """Every match starts at the text's start ('^' without MULTILINE)."""
    multiline = (pattern.flags | parsed.state.flags) & re.MULTILINE
    return not multiline and bool(parsed.data) and parsed.data[0] == (sre.AT, sre.AT_BEGINNING)


def starts_anchored(pattern: re.Pattern[str]) -> bool:
    return _anchored(pattern, sre_parse.parse(pattern.pattern, pattern.flags))


def _trie(strings: tuple[str, ...]) -> str:
    """A pattern that finds any of the strings: their trie, so the text is read once, not once a string."""
    root: dict = {}
    for s in strings:
        node = root
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = {}

    def spelled(node: dict) -> str:
        if "" in node:
            return ""  # a string ends here: found, whatever follows
        alternatives = [re.escape(ch) + spelled(below) for ch, below in sorted(node.items())]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return spelled(root)


class GatedPattern:
    """A compiled pattern that first checks its needed strings: no match is possible without one, so
    without any each method answers what the pattern would (no match), and with one the pattern runs.
    The strings are read at the pattern's second search, not its first: reading them (sre_parse) costs
    more than the one search they would spare, so a one-shot `ask`, which searches with most patterns
    once, runs them as they are (~17 ms of its start), and a server reads them while it warms."""

    __slots__ = (
        "__weakref__",
        "_anchored",
        "_any",
        "_limit",
        "_mask",
        "_needed",
        "_seen",
        "_together",
        "compiled",
        "flags",
        "pattern",
    )

    def __init__(self, compiled: re.Pattern[str], limit: int = MAX_GATE):
        self.compiled, self._needed, self._anchored, self._limit = compiled, None, None, limit
        self._any: re.Pattern[str] | None = None  # the needed strings as one pattern, when they are many
        # What each alternative needs together, checked when a needed string is found: 'need … ?' needs
        # the '?' too, and most questions with 'need' are then turned away without the search.
        self._together: _Together | None = None
        # A piece of each needed string, as bits (text_atoms): a text holding none of them holds none of
        # the strings. None when some string has no piece (a space, a non-ASCII letter).
        self._mask: int | None = None
        self.pattern, self.flags = compiled.pattern, compiled.flags
        # Searched once already: the next search reads the gate. A pattern made after a server warmed
        # (read_gates) reads its gate at its first search, as a server would have it.
        self._seen = _warmed
        _MADE.add(self)

    @property
    def needed(self) -> tuple[str, ...]:
        """The strings checked; () when the pattern runs ungated (its strings unknown or too many)."""
        if self._needed is None:
            needed = needed_strings(self.compiled)
            needed = needed if needed is not None and len(needed) <= self._limit else ()
            # Many strings are looked for by one search of them all (a trie: one pass over the text).
            self._any = re.compile(_trie(needed)) if len(needed) > MAX_LOOPED else None
            self._together = needed_together(self.compiled) if needed else None
            self._mask = _piece_mask(needed)
            self._needed = needed
        return self._needed

    def _sieved(self, text: str) -> bool:
        """The text holds no piece of the needed strings (text_atoms): no match is possible."""
        mask = self._mask
        if mask is None:
            return False
        held = text_atoms.HELD.get(text)
        if held is None:
            held = text_mask(text)
        return not held & mask

    def _has_needed(self, text: str, needed: tuple[str, ...]) -> bool:
        if self._sieved(text):
            return False
        found = self._any
        if found is not None:
            return found.search(text) is not None
        for s in needed:  # noqa: SIM110 - a loop, not any(): a generator costs more than most checks
            if s in text:
                return True
        return False

    def _gate(self) -> tuple[str, ...]:
        """The strings to check at this search: none at the pattern's first (it runs as it is)."""
        if not self._seen:
            self._seen = True
            return ()
        return self.needed

    def _may_match(self, text: str) -> bool:
        needed = self._needed if self._needed is not None else self._gate()
        if not needed:
            return True
        together = self._together
        return self._has_needed(text, needed) and (together is None or _holds(together, text))

    def search(self, text: str, *span: int) -> re.Match[str] | None:
        # _may_match's loop, inlined: a question runs ~45 gated searches, most of them turned away here.
        needed = self._needed if self._needed is not None else self._gate()
        if needed:
            mask = self._mask
            if mask is not None:  # _sieved, inlined
                held = text_atoms.HELD.get(text)
                if held is None:
                    held = text_mask(text)
                if not held & mask:
                    return None
            if self._any is not None:
                if self._any.search(text) is None:
                    return None
            else:
                for s in needed:
                    if s in text:
                        break
                else:
                    return None
            if self._together is not None and not _holds(self._together, text):
                return None
        return self.compiled.search(text, *span)

    def match(self, text: str, *span: int) -> re.Match[str] | None:
        return self.compiled.match(text, *span)  # tried at one position only: no gate needed

    def fullmatch(self, text: str, *span: int) -> re.Match[str] | None:
        return self.compiled.fullmatch(text, *span)

    def finditer(self, text: str, *span: int) -> Iterator[re.Match[str]]:
        if not self._may_match(text):
            return iter(())
        if self._anchored is None:
            if self._needed is None:  # its first search: not parsed yet, run as it is
                return self.compiled.finditer(text, *span)
            self._anchored = starts_anchored(self.compiled)
        if self._anchored and not span:
            # Its one possible match is at the start: re's iterator would try every position (~4x a match).
            found = self.compiled.match(text)
            return iter(() if found is None else (found,))
        return self.compiled.finditer(text, *span)

    def findall(self, text: str, *span: int) -> list[Any]:
        return self.compiled.findall(text, *span) if self._may_match(text) else []

    def split(self, text: str, maxsplit: int = 0) -> list[Any]:
        return self.compiled.split(text, maxsplit) if self._may_match(text) else [text]

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        return self.compiled.sub(repl, text, count) if self._may_match(text) else text


def _piece_mask(needed: tuple[str, ...]) -> int | None:
    """A bit of each needed string (text_atoms.string_bit): a text without any of them holds none of
    the strings. None when some string has none."""
    mask = 0
    for s in needed:
        bit = string_bit(s)
        if not bit:
            return None
        mask |= bit
    return mask or None


_MADE: weakref.WeakSet[GatedPattern] = weakref.WeakSet()  # every gated pattern alive, for read_gates
_warmed = False  # read_gates has run: this process is a server's


def read_gates() -> None:
    """Read the gate (and whether it is anchored) of every gated pattern made so far: a server calls this
    while it warms, so no asker's search is the one that parses a pattern; one made later reads its own
    at its first search."""
    global _warmed
    _warmed = True
    for pattern in list(_MADE):
        pattern.needed  # noqa: B018 - read now, kept on the pattern
        if pattern._anchored is None:
            pattern._anchored = starts_anchored(pattern.compiled)


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def joint(patterns: Iterable[str]) -> re.Pattern[str]:
    """Patterns as one alternation behind its gate, for the gate only (may_match): one check that none of
    them can match a question, instead of one per pattern (their named groups unnamed: a name is once).
    Patterns that can't be one (a back-reference by name) are one that lets every text through."""
    try:
        return gated(re.compile("|".join(f"(?:{_NAMED_GROUP.sub('(?:', p)})" for p in patterns)))
    except re.error:
        return gated(re.compile(""))


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False when the pattern's gate says it cannot match the text (True for an ungated pattern): a union's
    gate turns most questions away, and for the rest its alternatives' own gated searches cost less than
    the union's search, which tries every alternative at every position (~80 us on a long message). Its
    needed strings only: what each alternative needs together is checked by their own gates."""
    if not isinstance(pattern, GatedPattern):
        return True
    needed = pattern._needed if pattern._needed is not None else pattern._gate()
    return not needed or pattern._has_needed(text, needed)


def gated(pattern: re.Pattern[str], limit: int = MAX_GATE) -> re.Pattern[str]:
    """The pattern behind its literal gate (a re.Pattern's search, match, fullmatch, finditer, findall,
    split and sub). `limit`: the most strings checked (a union of many patterns may afford more)."""
    return GatedPattern(pattern, limit)  # type: ignore[return-value]
