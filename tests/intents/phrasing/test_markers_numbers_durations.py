"""Session 4, round 2, in phrasings of our own: a drug asked yes or no to be among a marker's rows, a
number the documents print (whose it is; in an assertion, whether it is the drug's team's), a duration
asserted against the one the answering line prints, and context read as context ('will they make the
patient switch', 'we have no auth', 'moving a patient')."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from tests.support.answers import first_sentence


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("is Opdivo flagged *** on the evicore list?", "No — Opdivo: not among the 53 rows"),
        ("was Carboplatin among the 2018 evicore additions?", "Yes — Carboplatin: among the 53 rows"),
        ("is Luxturna one of the Embarc gene therapies?", "Yes — Luxturna: among the 11 rows"),
        ("is Vyjuvek one of the gene therapies embarc may apply to?", "No — Vyjuvek: not among the 11 rows"),
    ],
)
def test_a_drug_asked_to_be_among_a_markers_rows(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("count of pharmacy-benefit-only evicore drugs", "4 rows"),
        ("which drugs need evicore precert starting 2018", "53 rows"),
    ],
)
def test_a_marker_named_in_other_words_is_counted(engine: Engine, question: str, count: str) -> None:
    assert first_sentence(engine.ask(question).text).startswith(count)


def test_the_evicore_lists_year_is_not_the_2018_marker(engine: Engine) -> None:
    assert "marked ***" not in first_sentence(engine.ask("is the evicore list from 2018?").text)


@pytest.mark.parametrize(
    ("question", "whose"),
    [("whose number is 800-668-9682?", "Advanced Cellular Therapy Program"), ("what's 877 865 6492", "SCO team")],
)
def test_a_printed_number_says_whose_it_is(engine: Engine, question: str, whose: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered" and whose in first_sentence(a.text)


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("Luxturna PA is 855.678.0051 right?", "Correct — "),
        ("Kymriah precert goes to 866.668.9250 correct?", "Not what the documents say — "),
        ("Opdivo prior auth is handled by the SCO team at 877.865.6492, right?", "Not what the documents say — "),
    ],
)
def test_a_number_in_an_assertion_is_checked_against_the_drugs_teams(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("the outpatient transition approval lasts 90 days, correct?", "Not what the documents say — "),
        ("current evicore patients keep coverage for a year without review, right?", "Not what the documents say — "),
    ],
)
def test_a_duration_asserted_is_checked_against_the_line(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


def test_a_duration_the_line_bears_out_does_not_confirm_the_rest_of_the_claim(engine: Engine) -> None:
    assert not engine.ask("the 30 day hopd transition approval renews every month, right?").text.startswith("Correct")


@pytest.mark.parametrize(
    "question",
    [
        "will they make our patient switch to home infusion for Remicade?",
        "we still have no auth for Entyvio, can we infuse today?",
    ],
)
def test_context_is_not_read_as_the_verdict_asked(engine: Engine, question: str) -> None:
    assert not engine.ask(question).text.startswith(("Yes — ", "Not what the documents say — "))


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("is Yescarta Q2042?", "No — Q2042 is Kymriah’s code, not Yescarta’s"),
        ("J1413 - elevidys or zolgensma?", "J1413 is Elevidys’s code, not Zolgensma’s"),
        ("Q2041 is only for yescarta, correct?", "Correct — the documents print Q2041 for Yescarta only."),
        ("J0885 is only Epogen right?", "Not what the documents say — they print J0885 for"),
    ],
)
def test_whose_code_it_is_leads(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("is 877-598-2484 the fax for gene therapy?", "No — "),
        ("is 855 678 0051 the gene therapy line?", "Yes — "),
    ],
)
def test_a_number_asked_of_a_program(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


@pytest.mark.parametrize(
    "question",
    [
        "Patient's daughter asked whether the Hemgenix infusion needs approval first. I said I'd find out. Does it?",
        "neuro wants Ocrevus, first dose in the outpatient hospital. SCO applies?",
    ],
)
def test_a_short_question_after_context_is_answered_yes(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Yes — ")


@pytest.mark.parametrize(("question", "digits"), [("ACT team fax?", "877.598.2484"), ("GT team phone", "855.678.0051")])
def test_program_abbreviations_name_their_team(engine: Engine, question: str, digits: str) -> None:
    assert digits in first_sentence(engine.ask(question).text)


def test_handled_the_same_way_compares_the_lists(engine: Engine) -> None:
    assert engine.ask("is Abecma handled the same way as Luxturna?").text.startswith("No — ")


@pytest.mark.parametrize(
    ("question", "time"),
    [
        ("until what time can I call evicore", "closes at 10:00 p.m."),
        ("how early does the evicore phone line open", "opens at 7:00 a.m."),
    ],
)
def test_the_closing_or_opening_time_leads(engine: Engine, question: str, time: str) -> None:
    assert time in first_sentence(engine.ask(question).text)
