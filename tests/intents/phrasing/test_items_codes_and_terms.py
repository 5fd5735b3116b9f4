"""Yes/no leads only prose or a code's row can give (#19 kinds 4 and 5, session 7, phrasing's own
phrasings): an item of a list whose lead-in states a requirement ('po chemo evicore?'), an assertion that
denies it, a code that names no drug ('S9359 needs precert?'), and a term the documents print about one
program only ('does Tysabri need REMS?': never a No from absence)."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from tests.support.answers import first_sentence

EVICORE_PHONE = "1.866.668.9250"
CIGNA_LINE = "1.800.88Cigna"


def _ask(engine: Engine, question: str) -> str:
    engine.forget_questions()
    return engine.ask(question).text


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("po chemo evicore?", "oral chemotherapy medications"),
        ("oral chemo too?", "oral chemotherapy medications"),
        ("do oral chemotherapy meds need precert thru evicore", "oral chemotherapy medications"),
        ("antiemetic support meds go thru evicore as well?", "supportive drugs"),
        ("chemo w/o a J code yet - still evicore?", "have not yet received an assigned code"),
        ("new chemo regimen, need a new evicore precert?", "New chemotherapy regimens"),
    ],
)
def test_a_requirement_item_answers_yes_with_its_line_and_number(engine: Engine, question: str, item: str) -> None:
    text = _ask(engine, question)
    lead = first_sentence(text)
    assert lead.startswith("Yes (call ") and EVICORE_PHONE in lead and item in text  # the item's own team


@pytest.mark.parametrize(
    "question",
    [
        "evicore is only for IV chemo, not oral, right?",
        "so oral chemo doesn't need precert, right?",
        "so evicore doesnt do oral chemo?",
        "oral chemo isn't on evicore, correct?",
    ],
)
def test_an_assertion_the_item_contradicts_is_not_what_the_documents_say(engine: Engine, question: str) -> None:
    text = _ask(engine, question)
    assert text.startswith("Not what the documents say (call ") and "oral chemotherapy medications" in text


@pytest.mark.parametrize(
    "question",
    [
        "is oral chemo not on evicore?",  # a negation the item doesn't print: no yes to it
        "evicore doesnt handle oral chemo, right?",  # an assertion denying it: never 'Correct'
        "does evicore approve oral chemo automatically?",  # what no item says
        "do oral meds need evicore precert?",  # not what the items are about (chemotherapy)
        "does evicore require precert for all oral meds?",  # more than an item says
    ],
)
def test_no_yes_or_correct_where_the_item_does_not_say_it(engine: Engine, question: str) -> None:
    lead = first_sentence(_ask(engine, question))
    assert not lead.startswith(("Yes", "Correct"))


def test_an_item_asserted_as_printed_is_correct(engine: Engine) -> None:
    assert _ask(engine, "oral chemo goes through evicore too, right?").startswith("Correct (call ")


@pytest.mark.parametrize(
    ("question", "description"),
    [
        ("S9359 needs precert?", "HIT Anti-Tnf Per Diem"),
        ("s9357 precert req'd?", "HIT Enzyme Replace Diem"),
        ("S9347 home infusion precert y/n", "HIT Longterm Infusion Diem"),
    ],
)
def test_a_code_naming_no_drug_gets_its_rows_yes_and_whom_to_call(
    engine: Engine, question: str, description: str
) -> None:
    lead = first_sentence(_ask(engine, question))
    assert lead.startswith("Yes — ") and description in lead and CIGNA_LINE in lead


@pytest.mark.parametrize(
    "question",
    [
        "S9364 needs precert?",  # moved to the Home Health program: not a yes
        "b4105 need auth?",  # moved to the DME program
        "S9359 needs evicore precert?",  # on the home infusion list, not eviCore's
        "is S9359 billed per diem?",  # not the list's own fact
    ],
)
def test_a_code_row_that_does_not_answer_the_question_gets_no_yes(engine: Engine, question: str) -> None:
    assert not _ask(engine, question).startswith("Yes")


def test_a_code_asserted_to_need_precert_is_correct(engine: Engine) -> None:
    assert _ask(engine, "S9355 needs precert, right?").startswith("Correct — S9355")


@pytest.mark.parametrize(
    ("question", "drug"),
    [
        ("does Tysabri need REMS?", "Tysabri"),
        ("is Soliris a REMS drug", "Soliris"),
        ("keytruda rems?", "Keytruda"),
        ("Tysabri needs REMS, right?", "Tysabri"),
    ],
)
def test_rems_of_a_drug_outside_the_cellular_therapies_is_not_said_never_no(
    engine: Engine, question: str, drug: str
) -> None:
    text = _ask(engine, question)
    lead = first_sentence(text)
    assert lead.startswith("The documents don't say") and "REMS-certified provider" in text
    assert not lead.startswith("No") and drug in text
    assert "gene-cellular-therapy-programs-2024-11.txt" in text and "70" in text  # the line cited


def test_rems_of_a_cellular_therapy_is_left_to_its_own_line(engine: Engine) -> None:
    text = _ask(engine, "Kymriah REMS required?")
    assert not text.startswith("The documents don't say") and "REMS-certified provider" in text


@pytest.mark.parametrize(
    "question",
    [
        "Prolia only goes to evicore if it's for oncology?",
        "prolia needs evicore precert only when its for cancer, correct?",
    ],
)
def test_an_oncology_use_asserted_of_a_dual_indication_listing_is_correct(engine: Engine, question: str) -> None:
    text = _ask(engine, question)
    assert text.startswith("Correct — Prolia") and "non-oncology" in text


def test_an_oncology_use_asserted_of_a_plain_listing_has_no_such_condition(engine: Engine) -> None:
    assert _ask(engine, "Xgeva goes to evicore only if it's for cancer, right?").startswith(
        "The documents print no such condition"
    )


def test_both_sco_lists_asked_of_two_drugs_is_each_drugs_footnote_never_a_shared_yes(engine: Engine) -> None:
    lead = first_sentence(_ask(engine, "are Xolair and Tysabri on both sco lists?"))
    assert not lead.startswith("Yes") and "footnote 3" in lead


def test_both_sco_lists_asked_of_a_drug_on_both_is_yes(engine: Engine) -> None:
    assert _ask(engine, "Rituxan on both sco lists?").startswith("Yes — Rituxan")


@pytest.mark.parametrize(
    ("question", "starts"),
    [
        ("the 53 codes were added in 2018, correct?", "Correct — "),
        ("the 53 codes were added in 2019, right?", "Not what the documents say — "),
        ("the 53 codes kicked in march 2018, correct?", "Not what the documents say — "),  # January
        ("the evicore 2018 additions started in 2017, right?", "Not what the documents say — "),
    ],
)
def test_a_date_asserted_of_a_markers_rows_is_checked_against_its_legend(
    engine: Engine, question: str, starts: str
) -> None:
    text = _ask(engine, question)
    assert text.startswith(starts) and "01/01/2018" in first_sentence(text)


def test_a_list_denied_beside_the_item_is_no_denial_of_it(engine: Engine) -> None:
    # ('not cigna' denies another desk, not the requirement the item prints)
    assert not _ask(engine, "oral chemo goes through evicore, not cigna, right?").startswith("Not what")


@pytest.mark.parametrize("question", ["does cellular therapy need prior auth?", "gene therapy PA required?"])
def test_a_programs_own_rule_that_all_of_it_needs_pa_answers_yes(engine: Engine, question: str) -> None:
    text = _ask(engine, question)
    assert text.startswith("Yes — All FDA-approved gene therapies") and " 62," in text  # the FAQ line cited


def test_a_program_without_such_a_rule_gets_no_yes_of_its_overview(engine: Engine) -> None:
    assert not _ask(engine, "does home infusion need precert?").startswith("Yes")


def test_a_drug_asked_of_a_list_with_too_is_a_yes_no(engine: Engine) -> None:
    assert _ask(engine, "temodar oral - evicore too?").startswith("Yes — Temodar")


def test_an_unclassified_code_with_one_row_gets_that_rows_yes(engine: Engine) -> None:
    lead = first_sentence(_ask(engine, "S9379 precert needed?"))
    assert lead.startswith("Yes — S9379") and "HIT NOC Per Diem" in lead and CIGNA_LINE in lead


def test_the_markers_codes_named_with_their_list_are_the_markers_rows(engine: Engine) -> None:
    text = _ask(engine, "the 53 new evicore codes started jan 2018 right?")
    assert text.startswith("Correct — ") and "01/01/2018" in first_sentence(text)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Xolair was added to SCO+ in 2017, right?", "Xolair is not on the SCO+ site-of-care list"),
        ("keytruda was added to the sco list in 2021, correct?", "Keytruda is not on the SCO site-of-care list"),
    ],
)
def test_a_date_asserted_of_a_list_the_drug_is_not_on_is_not_so(engine: Engine, question: str, said: str) -> None:
    assert first_sentence(_ask(engine, question)) == f"Not what the documents say — {said}."


def test_no_precert_asserted_of_a_code_its_row_requires_is_not_so(engine: Engine) -> None:
    assert _ask(engine, "no precert needed for S9359 correct?").startswith("Not what the documents say — S9359")


def test_no_pa_because_one_list_lacks_the_drug_is_answered_from_every_list(engine: Engine) -> None:
    # Opdivo is not on the SCO list (it is on SCO+), but eviCore and SCO+ require prior authorization.
    lead = first_sentence(_ask(engine, "opdivo not on the sco list so no PA needed correct?"))
    assert lead.startswith("Not what the documents say: Opdivo is not on the SCO site-of-care list, but other lists")


def test_an_faqs_own_no_leads_the_answer_to_an_assertion_it_answers(engine: Engine) -> None:
    text = _ask(engine, "so any REMS certified center can give Yescarta?")
    assert text.startswith("No — ") and "must be contracted" in first_sentence(text)


@pytest.mark.parametrize(
    "question",
    ["aranesp needs evicore precert for ckd anemia, right?", "prolia goes through evicore for osteoporosis, correct?"],
)
def test_a_use_the_row_sends_to_cigna_asserted_of_evicore_is_not_so(engine: Engine, question: str) -> None:
    text = _ask(engine, question)
    assert text.startswith("Not what the documents say — ") and "Cigna, not eviCore" in text


@pytest.mark.parametrize(
    ("question", "drug"),
    [
        ("xgeva goes thru evicore for bone mets right?", "Xgeva"),
        ("keytruda needs evicore precert for lung cancer, correct?", "Keytruda"),
    ],
)
def test_the_use_a_plain_listing_is_asserted_for_is_context(engine: Engine, question: str, drug: str) -> None:
    assert _ask(engine, question).startswith(f"Correct — {drug}")


def test_an_either_or_of_desks_gets_the_desk_the_items_lead_in_names(engine: Engine) -> None:
    lead = first_sentence(_ask(engine, "hey quick q - does oral chemo go thru evicore or cigna?"))
    assert lead.startswith("Through eviCore (call ") and EVICORE_PHONE in lead


@pytest.mark.parametrize(
    ("question", "note"),
    [("S9364 needs precert?", "Moved to Home Health program"), ("b4105 need auth?", "Moved to DME program")],
)
def test_a_code_moved_to_another_program_says_so_first_with_whom_to_call(
    engine: Engine, question: str, note: str
) -> None:
    lead = first_sentence(_ask(engine, question))
    assert note in lead and "don't say what that program requires" in lead and CIGNA_LINE in lead
    assert not lead.startswith(("Yes", "No"))


def test_rems_asked_of_two_drugs_is_said_of_both(engine: Engine) -> None:
    assert _ask(engine, "do Tysabri and Ocrevus need REMS?").startswith(
        "The documents don't say whether Tysabri and Ocrevus need REMS"
    )
