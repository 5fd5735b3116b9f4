"""Generic names written short, as clinicians do ('pembro', 'atezo', 'axi-cel', 'tisa-cel'): read as the
one generic the word begins and said so, asked back when it begins the generic of several products, and
never read as a drug none of whose generics it begins (rule 3)."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.reading.entities import MIN_SHORTHAND
from knowledge.kb import default_kb

ENGINE = Engine(kb=default_kb())


@pytest.mark.parametrize(
    ("question", "drug"),
    [
        ("pembro + chemo, need evicore?", "Keytruda"),
        ("atezo evicore?", "Tecentriq"),
        ("axi-cel auth who do i call", "Yescarta"),
        ("tisa-cel PA?", "Kymriah"),
        ("cilta-cel precert", "Carvykti"),
        ("does ide-cel need prior auth", "Abecma"),
    ],
)
def test_a_generic_written_short_is_read_and_said(question: str, drug: str) -> None:
    answer = ENGINE.ask(question)
    assert answer.status == "answered"
    assert [d.name for d in answer.drugs] == [drug]
    typed = next(
        w for w in question.split() if w.lower().startswith(("pembro", "atezo", "axi", "tisa", "cilta", "ide-"))
    )
    assert any(f"“{typed.lower()}”" in r and drug in r for r in answer.readings)


@pytest.mark.parametrize("question", ["trastu evicore?", "bevaci precert?", "inflix at home?"])
def test_a_generic_of_several_products_written_short_is_asked_back(question: str) -> None:
    answer = ENGINE.ask(question)
    assert answer.status == "clarify"
    assert len(answer.candidates) > 1


def _generics() -> list[tuple[str, frozenset[str]]]:
    """Each printed generic name's one-word beginnings, and the drugs whose generics begin with them."""
    kb = ENGINE.kb
    squashed = {d.id: [g.lower().replace(" ", "").replace("-", "") for g in d.generics] for d in kb.drugs.values()}
    words = sorted({g.split()[0].lower() for d in kb.drugs.values() for g in d.generics if g.split()[0].isalpha()})
    out = []
    for word in words:
        for size in range(MIN_SHORTHAND, len(word)):
            prefix = word[:size]
            owners = frozenset(i for i, gs in squashed.items() if any(g.startswith(prefix) for g in gs))
            out.append((prefix, owners))
    return out


@pytest.mark.parametrize(("prefix", "owners"), _generics()[::7])
def test_a_shorthand_is_never_read_as_a_drug_it_does_not_begin(prefix: str, owners: frozenset[str]) -> None:
    ids = {d.name: d.id for d in ENGINE.kb.drugs.values()}
    answer = ENGINE.ask(f"{prefix} precert?")
    read = {ids[d.name] for d in answer.drugs if d.match.method == "shorthand"}
    assert read <= owners
    if len(owners) > 1:  # several products begin with it: never one of them taken without asking
        assert not read
