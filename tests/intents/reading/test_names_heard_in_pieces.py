"""A name said aloud and typed as heard, in pieces ('zol jensma', 'op deevo', 'rem a kade', 'yes carta',
'her cept in'), is read as the name its letters spell or sound like — and the answer says so (rule 3) —
or asked back; a name no document has stays not found, never a drug it isn't."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    ("question", "drug"),
    [
        ("zol jensma fax", "Zolgensma"),
        ("op deevo precert", "Opdivo"),
        ("rem a kade site of care", "Remicade"),
        ("yes carta phone", "Yescarta"),
        ("her cept in evicore", "Herceptin"),
    ],
)
def test_a_name_in_pieces_is_read_and_said_so(engine: Engine, question: str, drug: str) -> None:
    answer = engine.ask(question)
    assert [d.name for d in answer.drugs] == [drug]
    assert any(drug in r and "I read" in r for r in answer.readings)


def test_pieces_only_near_a_name_are_asked_back(engine: Engine) -> None:
    answer = engine.ask("car vick tee auth")
    assert answer.status == "clarify" and [c.name for c in answer.candidates] == ["Carvykti"]


@pytest.mark.parametrize(
    "question",
    ["is the pt on humira", "does xeljanz need PA", "kim rya PA", "the pt is on rinvoq now, auth?"],
)
def test_a_name_no_document_has_stays_unknown(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.drugs and answer.status in ("not_found", "out_of_scope", "clarify")
