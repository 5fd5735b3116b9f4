"""Several drugs in one question each keep their own verdict; a code naming no drug says what its rows
print (or that it moved); a range typed from the top is still a range."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


@pytest.mark.parametrize(
    ("question", "named", "unknown"),
    [
        ("do Keytruda and Skyrizi need PA", "Keytruda", "skyrizi"),
        ("is opdivo and humira on evicore list", "Opdivo", "humira"),
    ],
)
def test_a_yes_is_only_the_listed_drugs_and_the_unknown_name_is_said_in_the_same_sentence(
    engine: Engine, question: str, named: str, unknown: str
) -> None:
    answer = engine.ask(question)
    first = answer.text.split(" — ")[0]
    assert first.startswith(f"Yes for {named};")
    assert f"“{unknown}”: not in the loaded documents, which is not a yes or a no" in first


def test_a_code_that_moved_says_so_in_the_rows_words(engine: Engine, kb: KnowledgeBase) -> None:
    row = next(x for x in kb.listings if x.status_note and x.codes)
    answer = engine.ask(f"does {row.codes[0]} still need precert through cigna")
    assert f"“{row.status_note}”" in answer.headline
    assert not answer.text.startswith(("Yes", "No"))
    assert (row.citation.file, row.citation.line) in {(c.file, c.line) for c in answer.citations}


def test_a_code_naming_no_drug_leads_with_what_its_row_requires(engine: Engine, kb: KnowledgeBase) -> None:
    row = next(
        x
        for x in kb.listings
        if x.program == "home_infusion"
        and x.requirement
        and x.codes
        and not kb.drugs_with_code(x.codes[0])
        and not kb.codes[x.codes[0]].unclassified
        and not x.status_note
    )
    answer = engine.ask(row.codes[0])
    assert f"“{row.description}”: {row.requirement.rstrip('.')}" in answer.headline


@pytest.mark.parametrize("typed", ["J7203 to J7193", "codes from J7203 thru J7193", "between J7203 and J7193"])
def test_a_range_typed_from_the_top_is_the_same_range(engine: Engine, kb: KnowledgeBase, typed: str) -> None:
    answer = engine.ask(f"{typed} need home infusion precert?")
    assert answer.intent == "code_range"
    assert answer.headline.startswith("J7193 through J7203")


def test_a_dash_between_a_higher_and_a_lower_code_names_two_codes(engine: Engine) -> None:
    assert engine.ask("J9299-J9035 evicore?").intent != "code_range"


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("are tysabri and kymriah on the same program", "No — Tysabri and Kymriah share no list"),
        ("is zolgensma and luxturna on the same list", "Yes — Zolgensma and Luxturna are both on the Gene Therapy"),
    ],
)
def test_same_list_is_read_from_the_rows_of_every_drug_named(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


def test_a_range_typed_down_from_the_top_is_the_range(engine: Engine) -> None:
    assert engine.ask("codes J9299 down to J9271?").headline.startswith("J9271 through J9299")


def test_precert_for_two_drugs_with_one_unknown_is_the_listed_ones_yes(engine: Engine) -> None:
    assert engine.ask("precert for opdivo and taltz?").text.startswith("Yes for Opdivo; “taltz”")
