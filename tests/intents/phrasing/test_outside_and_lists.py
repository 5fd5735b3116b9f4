"""What the documents don't hold is said first, never under a 'yes' (a patient's own request, a price, a
dose, diagnosis codes, clinical criteria, rates); a list named exactly ('the SCO list') is the list the
verdict is about; either/or questions are answered by which, not by a yes."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    ("question", "what"),
    [
        ("is my patient approved for Tysabri?", "a patient's own request"),
        ("any PA on file yet for the Ocrevus pt", "a patient's own request"),
        ("would Xolair get denied for a 10 yo", "whether a request will be approved"),
        ("did our pt's Ocrevus auth go through? status pls", "a patient's own request"),
        ("what's the copay on Entyvio", "prices, costs or copays"),
        ("how much does Luxturna cost?", "prices, costs or copays"),
        ("usual dosing for Krystexxa?", "doses or dosing"),
        ("which ICD-10 codes go with Xolair", "diagnosis (ICD-10) codes"),
        ("what clinical criteria does eviCore use for Opdivo", "clinical criteria"),
        ("fee schedule for J2350?", "reimbursement rates or fee schedules"),
    ],
)
def test_what_no_document_holds_is_said_first_and_never_as_a_yes(engine: Engine, question: str, what: str) -> None:
    answer = engine.ask(question)
    assert answer.headline.startswith("The documents don't hold ")
    assert what in answer.headline.split(" — ")[0]
    assert not answer.headline.startswith("Yes")
    assert answer.findings and any(f.listed for f in answer.findings)  # what they do say follows


def test_asking_whether_a_patient_needs_approval_is_still_a_yes(engine: Engine) -> None:
    assert engine.ask("does my patient need approval for Opdivo?").headline.startswith("Yes — Opdivo")


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("is Neulasta on the SCO list?", "Not on the SCO site-of-care list — Neulasta"),
        ("Neulasta isn't on the SCO list, right?", "Correct — Neulasta"),
        ("Xgeva is on the SCO list, correct?", "Not what the documents say — Xgeva"),
        ("is Xgeva on the SCO+ list?", "Yes — Xgeva"),
    ],
)
def test_a_list_named_exactly_is_the_one_the_verdict_is_about(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).headline.startswith(lead)


@pytest.mark.parametrize(
    "question",
    [
        "does Opdivo go thru eviCore or Cigna?",
        "is Remicade home infusion or site of care??",
        "Is J2350 billed per 1 mg or per 300 mg?",
    ],
)
def test_an_either_or_question_gets_no_yes(engine: Engine, question: str) -> None:
    assert not engine.ask(question).headline.startswith("Yes")


@pytest.mark.parametrize(
    "question",
    ["Herceptin precert?", "XGEVA PA???", "lemtrada home infusion precert y or n", "is Kymriah a CAR-T therapy?"],
)
def test_a_bare_or_shouted_yes_no_question_leads_with_yes(engine: Engine, question: str) -> None:
    assert engine.ask(question).headline.startswith("Yes — ")


def test_a_verdict_led_by_yes_says_no_second_yes(engine: Engine) -> None:
    """The yes is the lead's, keyed on the finding's status: the drug's own verdict doesn't repeat it."""
    led = engine.ask("does Opdivo need eviCore precert?").headline
    plain = engine.ask("Opdivo eviCore").headline
    assert led.startswith("Yes — Opdivo: precert through eviCore") and ": yes" not in led
    assert plain.startswith("Opdivo: yes — precert through eviCore")


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("Prolia needs PA only when it's for cancer, right?", "Not what the documents say"),
        ("Opdivo needs precert only if given in the hospital?", "The documents print no such condition"),
        ("Avastin only needs auth when it's infused in the hospital, right?", "Not what the documents say"),
    ],
)
def test_a_condition_is_checked_against_every_list(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).headline.startswith(lead)


@pytest.mark.parametrize(
    ("question", "what"),
    [
        ("can you verify benefits for my patient?", "eligibility or benefits"),
        ("what's the NDC?", "NDC numbers"),
        ("what will the copay be?", "prices, costs or copays"),
        ("how do I request a peer to peer?", "peer-to-peer reviews"),
    ],
)
def test_what_no_document_holds_asked_alone_is_said_plainly(engine: Engine, question: str, what: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "out_of_scope"
    assert answer.headline.startswith("The documents don't hold ") and what in answer.headline
    assert answer.contacts  # whom to call instead


def test_fda_questions_about_the_gene_therapy_rule_are_still_answered(engine: Engine) -> None:
    answer = engine.ask("do all FDA-approved gene therapies need PA?")
    assert answer.status == "answered"
    assert not answer.headline.startswith("The documents don't hold")


@pytest.mark.parametrize(
    "question", ["can we skip the PA for Luxturna, it's urgent", "can we bypass precert for Kymriah?"]
)
def test_skipping_the_authorization_is_not_what_the_documents_say(engine: Engine, question: str) -> None:
    assert engine.ask(question).headline.startswith("Not what the documents say — ")


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("am I right that Kymriah needs PA through Cigna, not eviCore?", "Correct — "),
        ("Zolgensma goes through the gene therapy team, not evicore, right?", "Correct — "),
        ("Keytruda goes through Cigna not evicore, right?", "Not what the documents say — "),
        ("Ocrevus is home infusion not site of care, correct?", "Not what the documents say — "),
    ],
)
def test_a_list_named_only_to_be_denied_is_checked_as_denied(engine: Engine, question: str, lead: str) -> None:
    assert engine.ask(question).headline.startswith(lead)


def test_without_an_order_is_not_a_yes(engine: Engine) -> None:
    answer = engine.ask("can the nurse give Tysabri at home without an order?")
    assert answer.headline.startswith("The documents don't hold orders or prescriptions")
