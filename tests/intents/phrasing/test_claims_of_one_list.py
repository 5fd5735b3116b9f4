"""A claim about one list of a group (#19 kind 5, phrasing-q session 8): 'regular SCO', 'SCO (not plus)' name
the SCO list, not the site-of-care group; 'isn't under / isn't a <program>' denies a list; a 'not' that
denies no list is never confirmed."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        # Yervoy is on SCO+ only (and the policy): not on the SCO list
        ("Yervoy's not on plain SCO, right?", "Correct — "),
        ("Yervoy isn't on SCO (non-plus), is it?", "Correct — "),
        ("Yervoy isn't on the standard SCO list, correct?", "Correct — "),
        ("Yervoy is on SCO+ but not basic SCO, right?", "Correct — "),
        # Truxima is on both (footnote 3)
        ("Truxima isn't on regular SCO, right?", "Not what the documents say"),
        ("Truxima is on regular SCO, right?", "Correct — "),
    ],
)
def test_a_qualified_sco_names_the_sco_list_only(engine: Engine, question: str, verdict: str) -> None:
    assert engine.ask(question).text.startswith(verdict)


def test_a_qualified_sco_asked_narrows_the_group_to_that_list(engine: Engine) -> None:
    q = engine._understand("is Yervoy on plain SCO?")[1]
    assert q.phrasing.lists == ("sco",)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("Kymriah isn't under the gene therapy program, correct?", "Correct — "),
        ("Breyanzi is not a gene therapy, right?", "Correct — "),
        ("Roctavian is not one of the cellular therapies, right?", "Correct — "),
        ("Roctavian isn't a gene therapy, is it?", "Not what the documents say"),
        ("Kymriah is not handled by the cellular therapy program, right?", "Not what the documents say"),
    ],
)
def test_a_denied_program_is_checked_against_its_list(engine: Engine, question: str, verdict: str) -> None:
    assert engine.ask(question).text.startswith(verdict)


@pytest.mark.parametrize(
    "question",
    ["Herceptin is not a drug that needs precert, right?", "Tagrisso is not something that requires PA, correct?"],
)
def test_a_negation_that_denies_no_list_is_never_confirmed(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Not what the documents say")


def test_a_list_denied_beside_the_desk_asserted_is_still_confirmed(engine: Engine) -> None:
    assert engine.ask("Tagrisso goes through eviCore, not Cigna, right?").text.startswith("Correct — ")


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        # Kymriah is on the cellular therapy list, not eviCore's: the claim is true
        ("we don't need to call evicore for Kymriah, do we?", "Correct — "),
        ("we don't have to go through evicore for Kymriah, right?", "Correct — "),
        # Erbitux is on the eviCore list
        ("we don't have to go through evicore for Erbitux, right?", "Not what the documents say"),
    ],
)
def test_a_list_not_needed_in_other_words_is_checked_against_it(engine: Engine, question: str, verdict: str) -> None:
    assert engine.ask(question).text.startswith(verdict)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("Breyanzi, Tecartus and Kymriah are all cellular therapies, right?", "Correct — "),
        ("Breyanzi, Tecartus and Roctavian are all cellular therapies, right?", "Not what the documents say"),
    ],
)
def test_all_beside_several_drugs_says_each_of_them(engine: Engine, question: str, verdict: str) -> None:
    assert engine.ask(question).text.startswith(verdict)
