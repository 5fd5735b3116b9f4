"""A form asked for beside a drug, the source of an answer asked after it, a team whose number a quoted
line prints, and an FAQ's own Yes or No asked beside a drug (#19 kinds 4, 5, whom to call) — phrasings
of our own."""

from __future__ import annotations

import pytest

from intents.engine import Engine


@pytest.mark.parametrize(
    ("question", "team"),
    [
        ("do i have to fill out a form for Hemgenix?", "gene_therapy"),
        ("is there a form to send in for a Breyanzi auth", "cellular_therapy"),
    ],
)
def test_a_form_asked_beside_a_drug_is_its_own_programs(engine: Engine, kb, question: str, team: str) -> None:
    answer = engine.ask(question)
    assert "form" in answer.text.lower()
    other = "cellular_therapy" if team == "gene_therapy" else "gene_therapy"
    assert kb.contacts(team)[0].fax.value in answer.text
    assert kb.contacts(other)[0].fax.value not in answer.text


def test_which_line_after_an_answer_gives_that_answers_lines(engine: Engine) -> None:
    engine.ask("does Entyvio need prior auth?", conversation_id="source-followup")
    answer = engine.ask("ok what document and line says that?", conversation_id="source-followup")
    assert [d.name for d in answer.drugs] == ["Entyvio"]
    assert any(c.file.endswith("sco-site-of-care-drug-list-2022-05.txt") for f in answer.findings for c in f.citations)


def test_which_line_asked_alone_is_help(engine: Engine) -> None:
    assert engine.ask("what document is that from?").status == "help"


def test_which_line_after_a_topic_in_the_same_message_answers_the_topic(engine: Engine) -> None:
    answer = engine.ask(
        "For our infusion policy binder I need Cigna's wording on hospital infusion suites having emergency "
        "resuscitation available. what document and line is it?"
    )
    assert answer.status == "answered" and answer.intent == "passage"
    assert any("resuscitation" in c.text.lower() for c in answer.citations)


def test_a_number_asked_of_a_line_that_prints_one_gives_that_team(engine: Engine, kb) -> None:
    answer = engine.ask("number to call for more info on the oncology management program?")
    general = kb.general_contacts[0]
    assert answer.contacts[0].label == general.label


@pytest.mark.parametrize(
    "question",
    [
        "is there a special prior auth process for Stelara because it's on the site of care list?",
        "are all the providers that have Luxturna contracted to give it?",
    ],
)
def test_an_faqs_own_no_leads_beside_the_drug(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith("No — “")
    assert [d for d in answer.drugs]


@pytest.mark.parametrize(
    "question",
    [
        "what is Entyvio and does it need prior auth?",
        "J3380 vs J2350 - do both need site of care review?",
    ],
)
def test_a_yes_no_after_another_question_or_between_codes_leads_yes(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Yes — ")
