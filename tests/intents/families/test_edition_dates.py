"""A date asked of a list itself (its edition), not of its rows: the document's printed date leads, said as
Cigna's edition (rule 4); how often a list changes is not printed, and a line saying it may change is quoted."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


@pytest.mark.parametrize(
    ("question", "program"),
    [
        ("when was the home infusion list last updated", "home_infusion"),
        ("effective date of the gene therapy program", "gene_therapy"),
        ("what year is the evicore list", "evicore_oncology"),
        ("when does the SCO+ list take effect", "sco_plus"),
        ("is the evicore list still valid in 2026", "evicore_oncology"),
        ("is this the 2023 home infusion list?", "home_infusion"),
        ("what's the date on the cellular therapy list", "cellular_therapy"),
    ],
)
def test_an_editions_date_leads_as_cignas_edition(
    engine: Engine, kb: KnowledgeBase, question: str, program: str
) -> None:
    answer = engine.ask(question)
    source = kb.source_of(program)
    assert answer.intent == "list_date", (question, answer.intent)
    first = answer.headline.split(". ")[0]
    assert "Cigna's edition" in first and source.date_note in first and source.title in first
    assert "added in" not in answer.headline  # ('valid in 2026' asks of the edition, not rows added in 2026)


def test_how_often_a_list_changes_is_not_printed_and_its_change_line_is_quoted(engine: Engine) -> None:
    answer = engine.ask("is the SCO list updated monthly")
    assert answer.headline.startswith("The documents print no schedule of updates")
    assert "subject to change without prior notice" in answer.headline
    assert any("subject to change" in c.text for c in answer.citations)
    plain = engine.ask("how often is the evicore list updated")
    assert plain.headline.startswith("The documents print no schedule of updates.")


def test_a_question_of_prose_about_updates_is_left_to_the_passage(engine: Engine) -> None:
    answer = engine.ask("are urgent pediatric requests reviewed by eviCore?")
    assert answer.intent != "list_date"


@pytest.mark.parametrize(
    "question", ["when is the next update of the evicore list", "is the home infusion list 2023 or 2024"]
)
def test_an_update_to_come_or_a_year_guessed_is_the_editions_date(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.intent == "list_date" and "Cigna's edition" in answer.headline


def test_two_editions_compared_by_their_printed_dates(engine: Engine, kb: KnowledgeBase) -> None:
    answer = engine.ask("which is newer, the SCO list or the evicore list?")
    sco, evicore = kb.source_of("sco"), kb.source_of("evicore_oncology")
    assert answer.headline.startswith(f"The SCO site-of-care list ({sco.date_note}) is the newer edition")
    assert evicore.date_note in answer.headline.split(". ")[0]
