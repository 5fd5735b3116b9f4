"""A drug asked about only as 'it', 'they', 'that one' with nothing before it to say which: asked back
(which drug or code?), never a passage, a list's overview or every team's number. In a conversation the
drug before is what it means."""

from __future__ import annotations

import pytest

from intents.context import MemoryContextStore
from intents.engine import Engine
from knowledge.kb import KnowledgeBase


@pytest.mark.parametrize(
    "question",
    [
        "what about it?",
        "and that one?",
        "same for that one?",
        "what about the other one?",
        "do they need PA?",
        "are they on the list?",
        "is it still on there?",
        "what's the code for it?",
        "who do i call for it?",
        "can we give it at home?",
    ],
)
def test_a_drug_named_by_nothing_is_asked_back(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "clarify" and answer.intent == "which_drug"


@pytest.mark.parametrize(
    "question",
    [
        "are all providers with access to a gene therapy contracted to give it",
        "if a code gets deleted can we still bill it?",
    ],
)
def test_a_pronoun_with_a_noun_before_it_is_not_asked_back(engine: Engine, question: str) -> None:
    assert engine.ask(question).intent != "which_drug"


@pytest.mark.parametrize(
    "question", ["what about it?", "what's the code for it?", "do they need PA?", "does it need precert?"]
)
def test_in_a_conversation_it_is_the_drug_before(kb: KnowledgeBase, question: str) -> None:
    engine = Engine(kb=kb, contexts=MemoryContextStore())
    engine.ask("does Keytruda need precert?", conversation_id="c")
    answer = engine.ask(question, conversation_id="c")
    assert answer.intent != "which_drug"
    assert [d.name for d in answer.drugs] == ["Keytruda"]
