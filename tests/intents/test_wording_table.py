"""intents/wording.toml and intents/reading/topics.toml against the manifest (what `kb check` says), and
the guard that keeps wording out of the Python."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from intents.reading.question import topic_problems
from intents.registry import intent_words_problems, registry
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


def test_every_intent_is_worded_in_the_table_and_every_entry_words_one() -> None:
    assert intent_words_problems() == []
    assert all(rule.summary and rule.words for rule in registry())
    table = wording_table()
    table["intents"]["no_such_intent"] = {"summary": "Nothing"}
    try:
        assert intent_words_problems() == ["intents/wording.toml: [intents.no_such_intent] words no intent"]
    finally:
        del table["intents"]["no_such_intent"]


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


ROOT = Path(__file__).resolve().parents[2]
# Where the words people read are put together: every module of these folders and files. The rest of
# bot/ speaks to operators and developers (log lines, `--help`, metrics, HTTP and SQL), not to someone
# asking about a drug.
WORDED = (
    "intents",
    "render",
    "schedule_check",
    "bot/slack/listeners",
    "bot/slack/replies.py",
    "bot/slack/notices.py",
    "bot/ehr/cds_cards.py",
    "bot/ehr/cds_coverage.py",
    "bot/runtime/privacy.py",
    "bot/runtime/ratelimit/base.py",
)
# Words a module may hold, each for a reason: none of them reaches a reader.
ALLOWED = {
    ("intents/reading/search.py", "sco plus"): "how the search spells 'sco+' before splitting words; never shown",
    ("bot/slack/listeners/files.py", "Bearer "): "the HTTP Authorization scheme of a file download",
}
_WORD = re.compile(r"[A-Za-z]{2,}")
# What a regular expression spells with letters that are not words: \b, (?P<name>, [a-z], {0,3}.
_REGEX_SYNTAX = re.compile(r"\\[A-Za-z]|\(\?P?<?[=!]?\w*>?|\[[^\]]*\]|\{\d*,?\d*\}")


def _reads_as_words(text: str, in_f_string: bool) -> bool:
    """Words a reader would read: a phrase (words and a space: an f-string's piece counts its edges) or a
    label ('Examples:', 'Yes.'). An identifier ('auth-needed', 'phone', 'Coverage') is a key, not words."""
    if not _WORD.search(_REGEX_SYNTAX.sub(" ", text)):
        return False
    return bool(re.search(r"\s", text if in_f_string else text.strip())) or bool(
        re.fullmatch(r"[A-Z][a-z]+[.:?!]", text)
    )


def _not_for_readers(tree: ast.AST) -> set[int]:
    """Literals that are not an answer's words: docstrings, type names, `__all__`, what a `raise` or a
    log line says, and what `kb check` says (a function named *_problems) — all for developers."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node) is not None:
            skipped.add(id(node.body[0].value))  # type: ignore[attr-defined]
        developer_text = isinstance(node, ast.Raise) or (
            isinstance(node, ast.FunctionDef) and node.name.endswith("_problems")
        )
        developer_text |= isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        )
        developer_text |= (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in ("log", "logger", "logging")
        )
        if developer_text:
            skipped |= {id(n) for n in ast.walk(node)}
        annotation = getattr(node, "annotation", None) or getattr(node, "returns", None)
        if isinstance(annotation, ast.AST):
            skipped |= {id(n) for n in ast.walk(annotation)}
    return skipped


def worded_literals(path: Path) -> Iterator[tuple[int, str]]:
    """The string literals of a module that read as words (line, text)."""
    tree = ast.parse(path.read_text("utf-8"))
    skipped = _not_for_readers(tree)
    pieces = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    for node in ast.walk(tree):
        worded = isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped
        if worded and _reads_as_words(node.value, id(node) in pieces):
            yield node.lineno, node.value


def test_no_sentence_or_question_word_is_written_in_the_python_that_words_an_answer() -> None:
    """What an answer says, and the words that tell what a question asks, are data (intents/wording.toml,
    intents/reading/question_words.toml, …): a literal that reads as words in these modules fails here.
    Put it in a table (`sentence(key, **fields)`, `phrase(…)`, `joined(…)`) or, if no reader ever sees
    it, in ALLOWED with the reason."""
    paths = [p for place in WORDED for p in ([ROOT / place] if place.endswith(".py") else (ROOT / place).rglob("*.py"))]
    assert len(paths) > 80
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text[:70]!r}"
        for path in sorted(paths)
        for line, text in worded_literals(path)
        if (str(path.relative_to(ROOT)), text) not in ALLOWED
    ]
    assert not found, "\n".join(found)


def test_the_guard_finds_a_sentence_a_glue_phrase_and_a_question_word(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        '"""A docstring is not an answer."""\n'
        "import re\n"
        'HEADLINE = "I could not find that."\n'
        'def f(x):\n    return f"{x} and the {x}"\n'
        'ASKS = re.compile(r"\\bwho do i call\\b")\n'
        'KEYS = ("auth-needed", "phone", r"\\b[a-z]\\d{4}")\n'
        'def check_problems():\n    return ["intents/x.toml: no such key"]\n'
        'LABEL = "Yes."\n'
        'KIND = "Coverage"\n'
    )
    assert sorted(line for line, _ in worded_literals(module)) == [3, 5, 6, 10]
