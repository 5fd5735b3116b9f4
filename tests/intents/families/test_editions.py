"""Which editions are loaded, from the manifest's dates (rule 4): a year asked of a named list is
checked against its date ('No — … November 2017'), the documents are compared by date, and an undated
document is never given a year."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import default_kb
from tests.support.answers import cites_line, first_sentence

ENGINE = Engine(kb=default_kb())
KB = ENGINE.kb


def _source(short_word: str):
    return next(s for s in KB.sources.values() if short_word in s.id)


@pytest.mark.parametrize(
    ("question", "source", "lead"),
    [
        ("is your evicore list the 2024 version?", "evicore", "No — "),
        ("do you have the 2017 version of the evicore list?", "evicore", "Yes — "),
        ("is the SCO list the 2022 edition?", "sco", "Yes — "),
        ("is your SCO+ list the 2024 revision", "sco", "No — "),
        ("is the home infusion list the 2023 version?", "home_infusion", "The documents don't say — "),
    ],
)
def test_a_year_asked_of_a_list_is_checked_against_its_date(question: str, source: str, lead: str) -> None:
    answer = ENGINE.ask(question)
    s = _source(source)
    assert answer.text.startswith(lead)
    assert s.date_note in first_sentence(answer.text)
    assert cites_line(answer, s.id, s.date_citation.line)


def test_an_edition_asked_without_a_year_is_its_date() -> None:
    answer = ENGINE.ask("what version of the gene therapy list do you have?")
    assert not answer.text.startswith(("Yes", "No"))
    assert _source("gene").date_note in first_sentence(answer.text)


@pytest.mark.parametrize(
    ("question", "first"),
    [("which of your documents is the oldest", "evicore"), ("what's the most recent list you have?", "gene")],
)
def test_the_documents_compared_by_date(question: str, first: str) -> None:
    answer = ENGINE.ask(question)
    assert answer.intent == "documents_by_date"
    assert _source(first).date_note in first_sentence(answer.text)
    undated = [s for s in KB.sources.values() if s.date_note.startswith("undated")]
    assert all(s.date_note in answer.text for s in undated)  # said undated, never placed by a year


def test_a_rows_date_question_is_not_a_documents_date_question() -> None:
    assert ENGINE.ask("oldest SCO+ addition?").intent != "documents_by_date"
    assert ENGINE.ask("is the SCO list from 2022 still current?").intent != "edition_asked"


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("the evicore list is from 2017, right?", "Correct — "),
        ("the SCO list is from 2020, right?", "Not what the documents say — "),
        ("the home infusion list is from 2023 right?", "The documents don't say — "),
    ],
)
def test_a_lists_date_asserted_is_checked_against_its_date(question: str, lead: str) -> None:
    assert ENGINE.ask(question).text.startswith(lead)
