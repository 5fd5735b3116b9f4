"""answer.constructed / given_text make exactly what pydantic's model_construct / model_copy make."""

from __future__ import annotations

from intents.answer import Answer, constructed, given_text
from intents.engine import Engine


def test_a_constructed_answer_is_the_one_model_construct_makes(engine: Engine) -> None:
    for question in ("does Keytruda need precert?", "J9271", "who do I call for Zolgensma?", "hi", "flurbo"):
        answer = engine.ask(question)
        values = {name: getattr(answer, name) for name in Answer.model_fields}
        made, reference = constructed(Answer, values), Answer.model_construct(**values)
        assert list(made.__dict__.items()) == list(reference.__dict__.items())
        assert made.model_fields_set == reference.model_fields_set
        assert made.__pydantic_extra__ is None and made.__pydantic_private__ is None
        assert made == reference and made.contract() == reference.contract()


def test_given_text_is_model_copy_with_the_text(engine: Engine) -> None:
    answer = engine.ask("is home infusion allowed for Ocrevus?")
    values = {name: getattr(answer, name) for name in Answer.model_fields}
    finished = constructed(Answer, {**values, "text": ""})  # as Draft.finish makes it
    reference = finished.model_copy(update={"text": "rendered"})
    made = given_text(finished, "rendered")
    assert made is finished  # (in place: nothing held it)
    assert list(made.__dict__.items()) == list(reference.__dict__.items())
    assert made.model_fields_set == reference.model_fields_set
    assert made.text == "rendered" and made == reference


def test_a_model_is_never_constructed_without_all_its_fields() -> None:
    import pytest

    from intents.answer import Match

    with pytest.raises(ValueError, match="every field"):
        constructed(Match, {"method": "exact", "score": 100.0})


def test_the_contract_json_is_what_pydantic_writes(engine: Engine) -> None:
    # Asked twice: the second answer's shared parts (findings, contacts, cited lines, documents) are
    # written from the memo, and a part made for one answer (a name no document has) is not.
    questions = (
        "does Keytruda need precert?",
        "J9271",
        "who do I call for Zolgensma?",
        "hi",
        "flurbo and keytruda",
        "what does the SCO+ list cover?",
        'is "candidates": a drug, "examples": too?',
    )
    for question in (*questions, *questions):
        answer = engine.ask(question)
        assert answer.contract_json() == answer.model_dump_json()


def test_a_parts_key_written_inside_a_string_is_not_where_it_is_spliced() -> None:
    from intents.answer import answer_json

    tricky = ',"candidates":[],"examples":'
    answer = Answer(
        question=tricky, intent=tricky, status="help", headline=tricky, readings=[tricky], examples=[tricky]
    )
    assert answer_json(answer) == answer.model_dump_json()
