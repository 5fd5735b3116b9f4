"""Permission asked ('is that ok with Cigna?') is never a bare yes; a drug or code typed with a list and a
question mark ('J9310 evicore?', 'ocrevus sco?') is a yes/no question."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    "question",
    [
        "our pt gets entyvio at home, is that ok with cigna",
        "is it ok to infuse Ocrevus at home",
        "are we allowed to do remicade home infusion",
        "can keytruda be given at the hospital outpatient",
        "is it fine to give zolgensma at any hospital",
    ],
)
def test_permission_is_answered_with_the_authorization_it_needs(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith("Not without prior authorization — ")
    assert ": yes" not in answer.headline


def test_permission_for_a_name_no_document_has_is_no_yes_and_no_no(engine: Engine) -> None:
    answer = engine.ask("is it ok to give skyrizi at home")
    assert not answer.text.startswith(("Not without", "Yes", "No"))


@pytest.mark.parametrize(
    "question", ["J9310 evicore?", "Is Darzalex Faspro on SCO+?", "ocrevus sco?", "is Herceptin on sco+"]
)
def test_a_drug_or_code_typed_with_a_list_leads_with_the_yes(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Yes — ")


def test_a_drug_not_on_the_list_typed_is_no_yes(engine: Engine) -> None:
    answer = engine.ask("zolgensma evicore?")
    assert not answer.text.startswith("Yes")
    assert "not on the eviCore oncology precert list" in answer.headline


def test_alright_is_an_english_word_not_a_drug(engine: Engine) -> None:
    answer = engine.ask("is it alright to give Remicade at home")
    assert answer.text.startswith("Not without prior authorization — Remicade")
