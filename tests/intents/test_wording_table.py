"""intents/wording.toml and intents/reading/topics.toml against the manifest (what `kb check` says)."""

from __future__ import annotations

from intents.reading.question import topic_problems
from intents.registry import registry
from intents.wording_table import program_intent_problems, program_intents, wording_table
from knowledge.kb import KnowledgeBase


def test_every_program_of_the_manifest_has_one_intent(kb: KnowledgeBase) -> None:
    assert program_intent_problems(kb.program_ids) == []
    names = {rule.name for rule in registry()}
    assert {spec["name"] for spec in program_intents()} <= names  # generated, and registered


def test_a_program_left_out_or_unknown_is_a_problem(kb: KnowledgeBase) -> None:
    table = dict(wording_table())
    table["program_intent"] = [*table["program_intent"][1:], {"name": "x", "programs": ["no_such_program"]}]
    problems = program_intent_problems(kb.program_ids, table)
    assert any(kb.program_ids[0] in p and "0 program intents" in p for p in problems), problems
    assert any("no_such_program" in p for p in problems), problems


def test_every_topic_a_rule_names_is_one_a_question_can_have(kb: KnowledgeBase) -> None:
    assert topic_problems({topic for rule in kb.rules() for topic in rule.topics}) == []
    (problem,) = topic_problems({"transition", "no_such_topic"})
    assert "no_such_topic" in problem
