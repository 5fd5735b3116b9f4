"""Questions read once: the same text asked again (a Slack button re-asking the question it answered,
'Show sources', 'Show all'; the common questions every coordinator asks) is read from what the first
asking understood, not normalized, matched and read again.

What is kept is the question as understood before any conversation fills it in (a follow-up's
context is per conversation, and is added to a copy): the normalized text, the drugs and codes found,
what it asks, its phrasing, and the readings to show. Each asking gets its own copy, so nothing an
answer does to its question reaches the next one. One store per edition (intents/engine.py keeps it
beside the matcher it was read with)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from intents.reading.normalize import Normalized
from intents.reading.question import Question

MAX_UNDERSTOOD = 2048  # questions kept; the oldest goes first

T = TypeVar("T")


def fresh(value: T) -> T:
    """A copy whose lists, sets, dicts and non-frozen dataclasses are its own (their items are shared:
    matches, patterns and shapes are immutable). Copied field by field, not through __init__: a
    question is copied at every asking."""
    copier = _COPIERS.get(type(value), _first_seen)
    return value if copier is None else copier(value)


def _fresh_list(items: list) -> list:
    if not items:
        return []
    copier = _COPIERS.get(type(items[0]), _first_seen)
    return items.copy() if copier is None else [fresh(v) for v in items]


def _fresh_dict(items: dict) -> dict:
    return {k: fresh(v) for k, v in items.items()}


def _fresh_record(value: object) -> object:
    copied = object.__new__(type(value))
    fields = vars(value).copy()
    for k, v in fields.items():
        if type(v) is list:  # most fields: _fresh_list's work without its call
            if not v:
                fields[k] = []
            elif _COPIERS.get(type(v[0]), _first_seen) is None:
                fields[k] = v.copy()
            else:
                fields[k] = [fresh(item) for item in v]
            continue
        copier = _COPIERS.get(type(v), _first_seen)
        if copier is not None:
            fields[k] = copier(v)
    copied.__dict__.update(fields)
    return copied


def _first_seen(value: Any) -> Any:
    """A type's first value: how its values are copied is read once, then looked up (a dict, not a cached
    function: a question's ~30 fields each look it up at every asking)."""
    kind = type(value)
    _COPIERS[kind] = _copier(kind)
    return fresh(value)


def _copier(kind: type) -> Callable[[Any], Any] | None:
    """How a value of this type is copied; None for one that is shared (immutable)."""
    if kind is list:
        return _fresh_list
    if kind is dict:
        return _fresh_dict
    if kind is set:
        return set.copy
    return _fresh_record if _mutable_record(kind) else None


_COPIERS: dict[type, Callable[[Any], Any] | None] = {}


def _mutable_record(kind: type) -> bool:
    """A dataclass that isn't frozen (and keeps its fields in __dict__, as ours do)."""
    params = getattr(kind, "__dataclass_params__", None)
    return params is not None and not params.frozen and "__slots__" not in vars(kind)


class Understood:
    """question text -> (its normalized form, the question as read, the readings to show)."""

    def __init__(self, limit: int = MAX_UNDERSTOOD):
        self._limit = limit
        self._kept: dict[str, tuple[Normalized, Question, list[str]]] = {}
        self._lock = threading.Lock()  # answers run on a thread pool

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, text: str) -> tuple[Normalized, Question, list[str]] | None:
        kept = self._kept.get(text)
        if kept is None:
            return None
        norm, q, readings = kept
        return norm, fresh(q), list(readings)

    def put(self, text: str, norm: Normalized, q: Question, readings: list[str]) -> None:
        with self._lock:
            while len(self._kept) >= self._limit:
                self._kept.pop(next(iter(self._kept)))
            self._kept[text] = (norm, fresh(q), list(readings))
