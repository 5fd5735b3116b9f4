"""answer_json puts an answer's JSON together from its fields: it must write, byte for byte, what pydantic's
model_dump_json writes, whatever the strings hold and whichever parts are the edition's own."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import to_json

from intents.answer import Answer, Candidate, Statement, _string, answer_json, constructed
from intents.engine import Engine
from knowledge.models import Citation

# Text JSON can carry (no lone surrogate: Engine.converse reads one as U+FFFD), control characters, quotes
# and backslashes among it.
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@given(_TEXT)
def test_a_string_is_escaped_as_pydantic_escapes_it(text: str) -> None:
    assert _string(text) == to_json(text).decode()


@given(_TEXT, st.lists(_TEXT, max_size=3), st.lists(_TEXT, max_size=3))
def test_an_answer_of_any_strings_is_written_as_pydantic_writes_it(
    text: str, notes: list[str], said: list[str]
) -> None:
    citation = Citation(source="s", file="f.txt", line=3, text=text)
    answer = Answer(
        question=text,
        intent="prior_auth",
        status="clarify",
        candidates=[Candidate(name=text, hcpcs=["J9271"], score=88.5)],
        text=f"{text}\n  • {text}",
        headline=text,
        readings=notes,
        statements=[Statement(summary=s, citations=[citation]) for s in said],
        notes=notes,
        citations=[citation],
        examples=said,
    )
    assert answer_json(answer) == answer.model_dump_json()


def test_the_edition_s_answers_are_written_as_pydantic_writes_them(engine: Engine) -> None:
    # Asked twice: the second time every shared part's JSON is the one kept. A question that quotes a passage
    # (a statement of its own beside the edition's), one that asks to clarify, one with a typed quote.
    questions = (
        "does Kadcyla need to go through eviCore?",
        "is there a transition period when a patient moves from the hospital?",
        "keytrud",
        'is "Opdivo" on the \\ eviCore list?\t',
        "what does SCO+ mean",
    )
    for question in (*questions, *questions):
        answer = engine.ask(question)
        assert answer_json(answer) == answer.model_dump_json()
        rebuilt = constructed(Answer, dict(answer.__dict__))  # (the same parts, another answer)
        assert answer_json(rebuilt) == answer.model_dump_json()
