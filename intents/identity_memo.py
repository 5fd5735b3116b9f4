"""Values worked out once per object and found again by that very object: an edition's findings, contacts,
statements and word tables are shared by every answer naming them, so what they come to (their JSON, their
reference, their compiled patterns) is kept with them. Frozen pydantic models hash by value, which costs
more than the work saved, so the key is the object's id, checked with `is`; each entry holds its object, so
an id is never reused for another while its entry stands. Past `limit` entries the memo starts over (far
more than an edition holds: a reload's new objects simply fill it again)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

# For a table kept per edition (one entry each): more than the editions a process holds at once, the one
# answering and the one a reload builds.
MAX_EDITION_TABLES = 8

K = TypeVar("K")
V = TypeVar("V")


class ByIdentity(Generic[K, V]):
    __slots__ = ("_items", "_limit")

    def __init__(self, limit: int) -> None:
        self._items: dict[int, tuple[K, V]] = {}
        self._limit = limit

    def get(self, obj: K, make: Callable[[K], V]) -> V:
        """`make(obj)`, once for this very object."""
        known = self._items.get(id(obj))
        if known is not None and known[0] is obj:
            return known[1]
        if len(self._items) >= self._limit:
            self._items.clear()
        value = make(obj)
        self._items[id(obj)] = (obj, value)
        return value

    def holds(self, obj: K) -> bool:
        known = self._items.get(id(obj))
        return known is not None and known[0] is obj
