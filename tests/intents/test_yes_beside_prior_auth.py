"""A drug's verdict says 'yes — precert…' to a look-up ('Keytruda?'); to a question asking something else
of the drug ('is Opdivo safe in pregnancy?', 'can a nurse practitioner order Zolgensma?') that 'yes' would
read as the answer to what was asked, so the verdict is said without it."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    "question",
    ["is opdivo safe in pregnancy", "can a nurse practitioner order zolgensma", "can keytruda be given in the office"],
)
def test_no_yes_to_another_question(engine: Engine, question: str) -> None:
    first = engine.ask(question).text.split("\n")[0].lower()
    assert "yes" not in first


@pytest.mark.parametrize("question", ["keytruda", "keytruda?", "zolgensma prior auth", "what about opdivo"])
def test_a_look_up_keeps_its_yes(engine: Engine, question: str) -> None:
    assert "yes" in engine.ask(question).text.split("\n")[0].lower()
