"""An assertion gets the documents' verdict on it first (correct, or not what they say), then the
evidence."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("Opdivo goes through eviCore, correct?", "Correct — "),
        ("Entyvio is on the eviCore list, right?", "Not what the documents say"),
        ("Opdivo isn't on the home infusion list, correct?", "Correct — "),
        ("just to confirm, Kymriah needs prior auth?", "Correct — "),
        ("Xolair doesn't need PA, correct?", "Not what the documents say"),
        ("Skyrizi doesn't need PA, right?", "The documents don't say that"),
        # A 'doesn't need' whose object is a list is said of that list, as 'isn't on it' is.
        ("Luxturna does not need evicore precert, correct?", "Correct — "),
        ("Opdivo doesn't require eviCore, right?", "Not what the documents say"),
        ("Luxturna doesn't need PA, right?", "Not what the documents say"),
        # Asking others to confirm is the assertion's preface, not a word beyond what a list confirms.
        ("could someone confirm - Tecentriq needs evicore precert, yes?", "Correct — "),
        ("can anybody verify Yervoy goes thru evicore, right?", "Correct — "),
    ],
)
def test_an_assertion_gets_its_verdict_first(engine: Engine, question: str, verdict: str) -> None:
    assert engine.ask(question).text.startswith(verdict)


def test_a_true_part_and_a_wrong_conclusion_are_both_said(engine: Engine) -> None:
    answer = engine.ask("Entyvio isn't on the eviCore list, so we don't need auth, right?")
    assert answer.text.startswith("Not what the documents say: Entyvio is not on the eviCore")
    assert "877.865.6492" in answer.text.split("\n")[0] + answer.headline
    assert {f.program for f in answer.findings if f.listed} >= {"sco"}


def test_a_claimed_set_is_checked_against_the_rows(engine: Engine, kb) -> None:
    answer = engine.ask("only Zynteglo and Skysona get the Embarc footnote, right?")
    marked = [x for x in kb.listings if x.program == "gene_therapy" and any(n.symbol == "2" for n in x.notes)]
    assert answer.text.startswith("Not what the documents say")
    assert f"marks {len(marked)}" in answer.headline
    cited = {(c.file, c.line) for c in answer.citations}
    assert {(x.citation.file, x.citation.line) for x in marked} <= cited


def test_an_exact_set_is_confirmed(engine: Engine, kb) -> None:
    rows = [x for x in kb.listings if x.program == "cellular_therapy"]
    names = " and ".join(x.names[0] for x in rows)
    answer = engine.ask(f"the cellular therapy program only lists {names}, right?")
    assert answer.text.startswith("Correct — ")


def test_a_condition_the_documents_do_not_print_is_said_to_be_absent(engine: Engine) -> None:
    answer = engine.ask("does Zolgensma need PA only if the child is under 2?")
    assert answer.text.startswith("The documents print no such condition")


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("Opdivo is only an eviCore drug, right?", "Not what the documents say"),
        ("Breyanzi is only in the cellular therapy program, correct?", "Correct — "),
    ],
)
def test_only_after_the_drug_limits_the_drugs_lists(engine: Engine, question: str, verdict: str) -> None:
    assert engine.ask(question).text.startswith(verdict)


def test_or_no_at_the_end_is_a_question_not_an_assertion(engine: Engine) -> None:
    assert engine.ask("is Soliris on the home infusion list or no?").text.startswith("Yes — ")


def test_the_only_one_with_a_marker_is_a_set_claim_wherever_the_drug_stands(engine: Engine, kb) -> None:
    marked = [x for x in kb.listings if x.program == "gene_therapy" and any(n.symbol == "2" for n in x.notes)]
    answer = engine.ask("Hemgenix is the only gene therapy Embarc applies to, correct?")
    assert answer.text.startswith("Not what the documents say") and f"marks {len(marked)}" in answer.headline


@pytest.mark.parametrize("question", ["just confirming — Kadcyla requires precert?", "confirm Entyvio needs PA"])
def test_asking_to_confirm_is_an_assertion(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Correct — ")


@pytest.mark.parametrize(
    ("question", "small", "big"),
    [
        ("eviCore handles all the CAR-T therapies, right?", "cellular_therapy", "evicore_oncology"),
        ("so every SCO+ drug is on the eviCore list too, correct?", "sco_plus", "evicore_oncology"),
    ],
)
def test_two_lists_an_assertion_relates_are_checked_by_the_drugs_they_share(
    engine: Engine, kb, question: str, small: str, big: str
) -> None:
    members = {p: {d.name for d in kb.drugs.values() if d.listings_for(p)} for p in (small, big)}
    shared = members[small] & members[big]
    answer = engine.ask(question)
    assert answer.intent == "lists_claim"
    assert answer.headline.startswith("Not what the documents say — ")
    assert (
        f"{len(shared)} of the {len(members[small])} drugs" if shared else f"none of the {len(members[small])}"
    ) in (answer.headline)


def test_an_absolute_against_a_conditional_marker_is_not_what_the_documents_say(engine: Engine) -> None:
    # Footnote 4 of the SCO+ list applies 'if site-of-care management is not feasible': never always.
    text = engine.ask("Is it true that a specialty pharmacy is required for Enhertu no matter what?").text
    assert text.startswith("Not what the documents say — ")


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("Ocrevus needs PA only at the hospital?", "Not what the documents say — "),  # home infusion precert too
        ("Keytruda needs precert only in the hospital?", "The documents print no such condition — "),
    ],
)
def test_a_requirement_said_to_hold_only_in_one_setting(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


@pytest.mark.parametrize(
    "question",
    [
        "my manager said keytruda no longer needs evicore, is that true?",
        "keytruda no longer goes through evicore right?",
        "is ocrevus no longer on the SCO list?",
    ],
)
def test_no_longer_is_a_denial_the_lists_answer(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Not what the documents say — ")


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("Zolgensma needs PA through the gene therapy program and eviCore, right?", "Not what the documents say — "),
        ("Opdivo is eviCore and home infusion, right?", "Not what the documents say — "),
        ("Opdivo is eviCore and SCO+, right?", "Correct — "),
        ("Keytruda goes through eviCore or SCO+, right?", "Correct — "),
    ],
)
def test_each_list_an_assertion_names_must_hold_the_drug(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("Keytruda was added to SCO+ in March 2021, right?", "Correct — "),
        ("Keytruda was added to SCO+ in 2022, right?", "Not what the documents say — "),
        ("Ocrevus has been on SCO since 2018 right?", "Correct — "),
        ("Ocrevus is J2350, correct?", "Correct — "),
        ("J9271 is Opdivo right?", "Not what the documents say"),
    ],
)
def test_a_rows_date_or_code_asserted_is_checked_against_the_row(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


def test_a_code_the_documents_disagree_on_is_never_correct(engine: Engine) -> None:
    assert not engine.ask("Opdivo's code is J9229 right?").text.startswith("Correct")


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("does Luxturna require Embarc?", "It may — Luxturna"),  # footnote 2: Embarc 'may apply'
        ("is Luxturna marked with footnote 2?", "Yes — Luxturna"),  # the mark itself is asked
    ],
)
def test_a_marker_that_only_may_apply_is_no_bare_yes_to_needing_it(engine: Engine, question: str, lead: str) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith(lead)
    assert "Embarc Benefit Protection may apply to this gene therapy" in answer.text
