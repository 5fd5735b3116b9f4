"""A passage that names two programs (the gene therapy document's FAQ names gene and advanced cellular
therapies) gives the number of the program the question asks about, not the document's first team."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


def _phones(kb: KnowledgeBase, program: str) -> set[str]:
    return {c.phone.value for c in kb.contacts(program) if c.phone}


@pytest.mark.parametrize(
    ("question", "program", "other"),
    [
        ("Is prior authorization required for CAR-T with Cigna?", "cellular_therapy", "gene_therapy"),
        ("do cell therapies need PA for PHS members", "cellular_therapy", "gene_therapy"),
        ("is PA required for all gene therapies", "gene_therapy", "cellular_therapy"),
    ],
)
def test_the_team_is_the_one_the_question_names(
    engine: Engine, kb: KnowledgeBase, question: str, program: str, other: str
) -> None:
    answer = engine.ask(question)
    first = answer.text.split("\n")[1] if "\n" in answer.text else answer.text
    assert any(p in first for p in _phones(kb, program))
    assert not any(p in first for p in _phones(kb, other))


@pytest.mark.parametrize(
    ("question", "program"),
    [
        ("what's the number for cigna customer service for providers", None),
        ("what number do providers call for car-t", "cellular_therapy"),
    ],
)
def test_who_asks_is_not_a_topic_of_a_contact_question(
    engine: Engine, kb: KnowledgeBase, question: str, program
) -> None:
    answer = engine.ask(question)
    pool = kb.contacts(program) if program else kb.general_contacts
    assert answer.intent == "contacts" and answer.text.startswith(pool[0].label)
