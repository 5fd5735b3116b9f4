"""A name right after 'not' beside another drug ('Darzalex (IV, not faspro)') says which product is not
meant: it is not answered as asked."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    ("question", "asked", "denied"),
    [
        ("we have a pt starting Darzalex (IV, not faspro) - does it need evicore?", "Darzalex", "Darzalex Faspro"),
        ("Keytruda, not Opdivo - evicore?", "Keytruda", "Opdivo"),
    ],
)
def test_a_name_denied_beside_another_is_not_asked(engine: Engine, question: str, asked: str, denied: str) -> None:
    names = [d.name for d in engine.ask(question).drugs]
    assert asked in names and denied not in names


def test_a_lone_name_after_not_is_still_the_question(engine: Engine) -> None:
    assert [d.name for d in engine.ask("is Opdivo not on the eviCore list?").drugs] == ["Opdivo"]
