"""'What happens when it gets added' asks what follows a change, not its date; 'would Cigna reimburse'
asks coverage, which these documents don't decide."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    "question",
    [
        "what happens to my patient on Ocrevus when it gets added to the sco list",
        "if Opdivo was just added do I need a new precert for pts already getting it",
        "what happens when keytruda got added to evicore for pts already on it",
    ],
)
def test_what_follows_an_addition_is_not_a_date_question(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.intent != "dates"
    assert "no date for when" not in answer.text


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        ("what happens to my patient on Ocrevus when it gets added to the sco list", "30-day approval"),
        ("what happens when a new drug is added to the SCO list", "30-day approval"),
        ("if Opdivo was just added do I need a new precert for pts already getting it", "six months"),
    ],
)
def test_the_rule_for_patients_already_on_a_drug_is_quoted(engine: Engine, question: str, printed: str) -> None:
    assert any(printed in c.text for c in engine.ask(question).citations)


@pytest.mark.parametrize("question", ["would cigna reimburse for kymriah", "will we get reimbursed for Zolgensma"])
def test_asking_whether_cigna_reimburses_is_never_a_bare_yes(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith("Prior authorization is what these documents decide")
    assert "yes" not in answer.text.split(" — ")[0].lower()


@pytest.mark.parametrize(
    ("question", "program"),
    [("will cigna pay for zolgensma", "gene_therapy"), ("is Kymriah covered", "cellular_therapy")],
)
def test_a_coverage_question_quotes_the_documents_own_words_on_coverage(
    engine: Engine, question: str, program: str
) -> None:
    answer = engine.ask(question)
    rule = engine.kb.rules(program=program, topic="coverage")[0]
    assert rule.summary in answer.headline
    assert {(c.file, c.line) for c in rule.citations} <= {(c.file, c.line) for c in answer.citations}


def test_the_coverage_policys_name_is_no_coverage_question(engine: Engine) -> None:
    assert engine.ask("is Ocrevus on the site of care coverage policy").text.startswith("Yes — Ocrevus")


def test_a_condition_on_the_lists_it_names_is_not_contradicted_by_another_list(engine: Engine) -> None:
    answer = engine.ask("entyvio only needs site of care review when its in a hospital outpatient setting correct")
    assert not answer.text.startswith(("Not what the documents say", "Correct"))
    assert engine.ask("does Tysabri need PA only if its given in the hospital").text.startswith(
        "Not what the documents say"
    )
