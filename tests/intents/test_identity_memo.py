"""ByIdentity: what an object comes to, worked out once for that very object, never for an equal one."""

from __future__ import annotations

from intents.identity_memo import ByIdentity
from knowledge.models import Citation


def _counting() -> tuple[list[object], object]:
    made: list[object] = []

    def make(obj: object) -> str:
        made.append(obj)
        return f"value {len(made)}"

    return made, make


def test_the_same_object_is_worked_out_once_and_an_equal_one_apart() -> None:
    memo: ByIdentity[Citation, str] = ByIdentity(limit=8)
    made, make = _counting()
    one = Citation(source="a", file="a.txt", line=3, text="x")
    equal = Citation(source="a", file="a.txt", line=3, text="x")
    assert one == equal and one is not equal
    assert memo.get(one, make) == memo.get(one, make) == "value 1"
    assert memo.get(equal, make) == "value 2"
    assert made == [one, equal]
    assert memo.holds(one) and not memo.holds(Citation(source="a", file="a.txt", line=3, text="x"))


def test_past_its_limit_it_starts_over() -> None:
    memo: ByIdentity[object, str] = ByIdentity(limit=2)
    made, make = _counting()
    objects = [object(), object(), object()]
    for obj in objects:
        memo.get(obj, make)
    assert not memo.holds(objects[0]) and memo.holds(objects[2])
    memo.get(objects[0], make)
    assert len(made) == 4
