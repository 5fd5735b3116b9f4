"""Prose questions of #19 (session 6), in phrasings of our own: of a passage holding two topics, the
sentence asked about leads (an asked question worded clearly more like it decides; an FAQ's 'No.' never
opens a later sentence); the asker's fillers ('dumb q', 'anyway') and role words never sink the passage;
'switching' a regimen is a change, not a move between sites; 'every one of them' asks of the programs
named before it."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from tests.support.answers import cites_line, first_sentence


@pytest.mark.parametrize(
    ("question", "source", "line", "phrase"),
    [
        # Two topics in one passage: the sentence asked about leads.
        (
            "is getting the drug thru a specialty pharmacy ever part of site of care redirection",
            "sco_2022",
            15,
            "specialty pharmacy",
        ),
        (
            "cell therapy center is out of network - single case agreement possible?",
            "gene_cellular_2024",
            70,
            "single case",
        ),
        # Fillers and asides never sink the passage.
        ("sorry, silly question: what does sco stand for", "sco_2022", 13, "Specialty Care Options"),
        ("is the car-t list fixed or can cigna change it", "gene_cellular_2024", 43, "without prior notice"),
        ("how does a med end up on the sco list anyways", "sco_2022", 27, "manufacturer"),
        (
            "pt with heart issues and fluids concerns - justification to stay at hopd?",
            "site_of_care_policy",
            47,
            "fluid",
        ),
    ],
)
def test_the_sentence_asked_about_leads(engine: Engine, question: str, source: str, line: int, phrase: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (question, a.text[:300])
    assert cites_line(a, source, line), (question, a.text[:300])
    assert phrase.lower() in first_sentence(a.text).lower(), (question, first_sentence(a.text))


@pytest.mark.parametrize(
    "question",
    [
        "cell therapy center is out of network - single case agreement possible?",
        "out of network gene therapy site, can we do a single case agreement",
    ],
)
def test_an_faq_no_never_opens_a_later_sentence(engine: Engine, question: str) -> None:
    lead = first_sentence(engine.ask(question).text)
    assert not lead.startswith("No"), lead
    assert "single case agreement" in lead, lead


@pytest.mark.parametrize(
    "question",
    ["what happens if a current pt switches chemo regimens", "doc is switching the chemo regimen for a current pt"],
)
def test_switching_a_regimen_is_a_change_not_the_continuation(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    lead = first_sentence(a.text)
    assert "changes" in lead.lower(), lead
    assert "continue to cover" not in lead, lead


def test_every_one_of_them_asks_of_the_programs_named_before(engine: Engine) -> None:
    a = engine.ask("Setting up alerts for cigna's car-t drugs. does each one of them need prior auth or only some?")
    assert cites_line(a, "gene_cellular_2024", 62), a.text[:300]
    assert "all" in first_sentence(a.text).lower(), first_sentence(a.text)


def test_no_matter_the_plan_is_the_faqs_yes(engine: Engine) -> None:
    a = engine.ask("every car-t product needs auth, regardless of plan type?")
    assert first_sentence(a.text).startswith("Yes"), first_sentence(a.text)
    assert cites_line(a, "gene_cellular_2024", 62), a.text[:300]


def test_a_story_told_in_clauses_is_read_from_the_one_that_asks_points_back_to(engine: Engine) -> None:
    """'anything that lets her stay?' leans on the story: its last clause that the documents print words of
    ('heart failure', 'fluid') is what it asks about, not the letter about moving her."""
    a = engine.ask(
        "Got a letter from cigna about moving our pt to a lower cost site. She has heart failure and fluid issues."
        " anything in the policy that lets her stay?"
    )
    assert a.status == "answered", a.text[:300]
    assert cites_line(a, "site_of_care_policy", 47), a.text[:300]


def test_moving_infusions_is_not_rows_that_moved(engine: Engine) -> None:
    """Moving infusions or a patient is a site of care question, not the rows that moved to another program."""
    for question in ("why does cigna care about moving infusions out of the hospital", "pt moving to a new regimen?"):
        assert engine.ask(question).intent != "rows_moved", question


def test_a_place_is_a_site(engine: Engine) -> None:
    """'place' and 'location' are words of the question's shape, as 'site' is."""
    a = engine.ask("which policy does cigna use to judge medical necessity for the infusion location?")
    assert a.status == "answered", a.text[:300]
    assert cites_line(a, "site_of_care_policy", 25), a.text[:300]


@pytest.mark.parametrize(
    ("question", "source", "line"),
    [
        # Who asks, and who said so, are asides: never the topic.
        ("first week on the job - what's the difference between sco and sco plus?", "sco_2022", 13),
        ("my boss said the sco list is only cancer drugs, is that so?", "sco_2022", 13),
        # Fillers that only say how the asker feels ('seems', 'still', 'the deal with') are not the topic.
        ("evicore's website decides in minutes? seems quick", "evicore_oncology_2017", 33),
        (
            "how do i get a copy of the health care professional reference guide for gene therapy",
            "gene_cellular_2024",
            74,
        ),
    ],
)
def test_asides_and_fillers_never_sink_the_passage(engine: Engine, question: str, source: str, line: int) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (question, a.text[:300])
    assert cites_line(a, source, line), (question, a.text[:300])


def test_who_a_question_reports_as_asking_is_not_its_topic(engine: Engine) -> None:
    """'our infusion RN asked why …' asks why, not about the SCO FAQ's registered nurse case managers."""
    lead = first_sentence(
        engine.ask("our infusion RN asked why cigna wants patients out of the hospital. what's the reason?").text
    )
    assert "registered nurse" not in lead, lead
    assert "less intensive" in lead.replace("-", " "), lead


@pytest.mark.parametrize("question", ["so what does the sco program do", "what does sco+ stand for, anyway?"])
def test_a_filler_never_keeps_a_question_from_the_one_people_ask(engine: Engine, question: str) -> None:
    """'so', 'anyway': a function word no question people ask has doesn't lower how alike they are."""
    a = engine.ask(question)
    assert cites_line(a, "sco_2022", 13), a.text[:300]
    assert "Specialty Care Options" in first_sentence(a.text), first_sentence(a.text)


def test_a_programs_name_in_a_contact_question_is_no_topic_besides_whom_to_call(engine: Engine) -> None:
    """'Cigna oncology precertification' names the eviCore program by its name, not a topic of its own."""
    for question in (
        "cigna oncology precertification - what number do providers call?",
        "oncology precert phone for cigna",
    ):
        a = engine.ask(question)
        assert a.intent != "passage", (question, a.text[:300])
        assert "866.668.9250" in first_sentence(a.text), (question, first_sentence(a.text))


def test_any_way_asks_whether_one_exists_not_of_all(engine: Engine) -> None:
    """'is there any way …?' is not 'Are ALL providers … contracted?', whose 'No.' denies the 'all'."""
    lead = first_sentence(
        engine.ask("our center isn't in network for car-t. is there any way cigna will still cover it?").text
    )
    assert not lead.startswith("No"), lead
