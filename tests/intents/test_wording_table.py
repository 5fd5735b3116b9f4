"""intents/wording.toml and intents/reading/topics.toml against the manifest (what `kb check` says)."""

from __future__ import annotations

from intents.reading.question import topic_problems
from intents.registry import registry
from intents.wording_table import program_intent_problems, program_intents, sentence_problems, wording_table
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


def test_every_shared_sentence_is_in_the_table_with_the_placeholders_it_is_given() -> None:
    assert sentence_problems() == []


def test_a_sentence_missing_or_asking_for_a_field_it_is_not_given_is_a_problem() -> None:
    table = {section: dict(value) if isinstance(value, dict) else value for section, value in wording_table().items()}
    del table["verdict"]["moved"]
    table["call"]["listed"] = " — call {team}, {phone}"  # the code gives {label}
    caveat = table["sentences"]["absence_caveat"]
    table["sentences"]["not_found_headline"] = f"I couldn't find that. {caveat}."  # drops the words asked about
    table["sentences"]["not_listed_finding"] = "Not on the {list} ({date})."  # absence said as if it were a no
    problems = sentence_problems(table)
    assert any("no [verdict] moved" in p for p in problems), problems
    assert any("[call] listed uses ['phone', 'team']" in p for p in problems), problems
    assert any("[sentences] not_found_headline uses []" in p for p in problems), problems
    assert any("not_listed_finding says something is absent without" in p for p in problems), problems
    assert len(problems) == 4, problems


def test_no_party_is_named_in_the_python_that_words_an_answer() -> None:
    """Who is named how (eviCore, Cigna, Embarc, LifeSOURCE) is data: the Python that words an answer,
    renders it or serves it names none (the intent families' example questions aside)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    files = [
        *(root / "intents").glob("*.py"),
        *(root / "intents" / "reading").glob("*.py"),
        *(root / "render").glob("*.py"),
        *(root / "bot").rglob("*.py"),
    ]
    named = []
    for path in files:
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node) is not None
        }
        named += [
            f"{path.relative_to(root)}:{node.lineno}: {node.value[:60]!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and any(party in node.value for party in ("eviCore", "Cigna", "Embarc", "LifeSOURCE"))
        ]
    assert len(files) > 60 and not named, named
