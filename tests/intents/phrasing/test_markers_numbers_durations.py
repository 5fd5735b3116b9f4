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
        (
            "is Vyjuvek one of the gene therapies embarc may apply to?",
            "No — Vyjuvek: not among the 11 rows",
        ),
        ("does Vyjuvek have the embarc footnote?", "No — Vyjuvek: not among the 11 rows"),
        ("we have a new referral for Kadcyla. does it need evicore?", "Yes — Kadcyla"),
        ("was Opdivo added to evicore?", "Opdivo: on the eviCore oncology precert list, but not among"),
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


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        (
            "does Opdivo carry an asterisk on the eviCore list?",
            "No — Opdivo: its row on the eviCore oncology precert list carries",
        ),
        ("is Neupogen dual indication", "Yes — Neupogen: among the 26 rows"),
        ("was Yervoy added to sco+ before Keytruda?", "Both in the same month"),
        ("was Cabenuva added to the SCO list after Apretude?", "No — on the SCO site-of-care list"),
    ],
)
def test_a_drugs_markers_and_dates_asked_yes_or_no(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


@pytest.mark.parametrize(
    "question", ["does it need precert at home?", "is it on the sco plus list?", "does this need evicore?"]
)
def test_a_drug_asked_about_only_as_it_is_asked_back(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status == "clarify" and a.text.startswith("Which drug or HCPCS code")


def test_a_dummy_it_is_not_asked_back(engine: Engine) -> None:
    assert engine.ask("is it true that all gene therapies need PA?").status == "answered"


def test_authorization_at_a_place_counts_every_list_requiring_it(engine: Engine) -> None:
    a = engine.ask("is prior auth required for J9035 in the outpatient hospital")
    assert any(f.program == "evicore_oncology" and f.listed for f in a.findings)
    assert a.text.startswith("Yes — ")


def test_a_site_of_care_review_asked_by_name_stays_the_reviews(engine: Engine) -> None:
    a = engine.ask("does Lartruvo need site of care review?")
    assert not a.text.startswith("Yes") and not any(f.program == "evicore_oncology" for f in a.findings)


def test_rows_added_in_a_month_are_counted(engine: Engine) -> None:
    assert first_sentence(engine.ask("how many sco+ drugs were added in march 2021").text).startswith(
        "Added in March 2021 (23): "
    )


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("gene therapies without the embarc footnote?", "3 of the 14 rows of the Gene Therapy Program are not marked"),
        ("are there any gene therapies without embarc", "3 of the 14 rows"),
        ("sco drugs not on sco+?", "100 of the 105 drugs of the SCO site-of-care list are not on the SCO+"),
    ],
)
def test_a_fragment_asking_for_rows_without_something(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        (
            "herceptin, kymriah, avastin: which of these are on the evicore list?",
            "On the eviCore oncology precert list: Herceptin and Avastin; not on it: Kymriah.",
        ),
        (
            "zolgensma, luxturna - which ones are on the gene therapy list",
            "All on the Gene Therapy Program: Zolgensma and Luxturna.",
        ),
        ("Entyvio: HI precert y/n, evicore y/n?", "Entyvio — eviCore oncology precert list: not on it;"),
    ],
)
def test_each_drug_or_list_asked_is_answered_for_each(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


@pytest.mark.parametrize(
    "question",
    ["should we schedule Tysabri before the auth is back?", "can I book the Kadcyla infusion before approval?"],
)
def test_a_can_i_question_before_the_authorization_is_never_a_yes(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Not without prior authorization — ")


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("will cigna approve Kadcyla for our clinic?", "The documents don't hold whether a request will be approved"),
        (
            "can our nurses go ahead and give Tysabri while the precert is pending?",
            "Not without prior authorization — ",
        ),
        ("is Remicade approved for home infusion?", "Not without prior authorization — "),
        ("is Zynteglo FDA approved?", "The documents don't hold FDA approvals"),
    ],
)
def test_a_yes_no_whose_verb_the_lists_dont_answer_gets_no_lists_yes(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).text.startswith(lead)


@pytest.mark.parametrize(
    "question",
    [
        "will our patient get moved to home infusion for Remicade?",
        "is the member required to switch sites for Stelara?",
    ],
)
def test_being_moved_is_never_answered_yes(engine: Engine, question: str) -> None:
    assert "yes" not in first_sentence(engine.ask(question).text).lower()


@pytest.mark.parametrize(
    "question",
    [
        "is Luxturna guaranteed to be covered after the PA?",
        "is home infusion mandatory for Ocrevus?",
        "does Kadcyla get approved quicker through the website?",
        "will Opdivo be denied if we skip eviCore?",
        "can the office manager submit the Yervoy precert?",
    ],
)
def test_a_verb_the_lists_dont_decide_gets_no_yes(engine: Engine, question: str) -> None:
    assert "yes —" not in engine.ask(question).text.lower()
