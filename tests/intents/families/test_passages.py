"""Questions in people's own words about what the documents' prose says: the passage that clearly
carries the question answers, its answering sentence first, with its own document's team; otherwise
the answer says it isn't sure and offers the nearest passages. 'They never mention' is only ever said
of a word that looks like a drug's name or a code."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intents.answer import Answer
from intents.engine import Engine
from intents.families.passages import ANSWER_COVERAGE
from intents.reading.dictionary import _words
from intents.wording_table import phrase


def _lead_cites(a: Answer) -> set[tuple[str, int]]:
    return {(c.source, c.line) for c in a.statements[0].citations} if a.statements else set()


@pytest.mark.parametrize(
    ("question", "source", "line", "lead"),
    [
        ("if I put the case in on evicore's site how soon do I hear back", "evicore_oncology_2017", 33, "two to five"),
        (
            "pt was already getting one of the new codes before jan - any grace period?",
            "evicore_oncology_2017",
            19,
            "six months",
        ),
        (
            "do we have to send separate auths for the medical and the pharmacy cancer drugs",
            "evicore_oncology_2017",
            15,
            "a single request",
        ),
        (
            "how do i get extra chart notes onto a case that is still in review",
            "evicore_oncology_2017",
            35,
            "Upload Additional Clinical",
        ),
        ("how much time do we get at the hopd before switching the pt to an infusion center", "sco_2022", 33, "30-day"),
        (
            "our patient has bad chf, is that a reason to keep her at the hospital",
            "site_of_care_policy",
            47,
            "comorbidity",
        ),
        (
            "would a rems certified facility automatically be able to give car-t to cigna members",
            "gene_cellular_2024",
            70,
            "REMS-certified",
        ),
        ("does the hospital infusion room have to have a crash cart", "site_of_care_policy", 51, "resuscitation"),
    ],
)
def test_a_question_in_its_own_words_is_answered_by_the_passage_that_says_it(
    engine: Engine, question: str, source: str, line: int, lead: str
) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.headline)
    assert (source, line) in _lead_cites(a), a.headline
    assert lead in a.headline.split("): “", 1)[1], a.headline  # the answering sentence is quoted first


def test_the_passage_quote_is_verbatim_and_cited(engine: Engine) -> None:
    a = engine.ask("is cost looked at when deciding the least intensive setting?")
    assert a.intent == "passage"
    quoted = a.statements[0].summary.strip("“”")
    assert quoted in " ".join(" ".join(c.text.split()) for c in a.statements[0].citations)


def test_the_team_to_call_is_the_passage_s_own(engine: Engine) -> None:
    car_t = engine.ask("where do we fax the referral to start a car-t case")
    assert any(c.phone and "800.668.9682" in c.phone for c in car_t.contacts), car_t.text
    assert not any(c.phone and "855.678.0051" in c.phone for c in car_t.contacts)
    sco = engine.ask("who sets up the care at the new site once the pt is moved off the hospital")
    assert sco.contacts and "877.865.6492" in (sco.contacts[0].phone or ""), sco.text


def test_an_unsure_answer_says_so_and_offers_the_nearest_passages(engine: Engine) -> None:
    a = engine.ask("how many chairs should an infusion suite have per nurse?")
    assert a.status == "out_of_scope"
    assert a.headline.startswith(("I'm not sure", "No line of the loaded documents answers that.")), a.headline
    assert 1 <= len(a.statements) <= 3 and a.contacts
    assert "never mention" not in a.text


def test_what_no_passage_carries_is_offered_as_near_with_the_team(engine: Engine) -> None:
    a = engine.ask("do evicore reviewers accept peer to peer calls from the pharmacist?")
    assert a.status == "out_of_scope" and a.headline == phrase("not_sure"), a.headline
    assert any(c.source == "evicore_oncology_2017" for s in a.statements for c in s.citations)
    assert any(c.phone and "866.668.9250" in c.phone for c in a.contacts), a.text


def test_a_short_legend_is_quoted_whole(engine: Engine) -> None:
    a = engine.ask("what does the single star mean on the oncology list?")
    # The markers' rule carries it as well as the legend line does: the rule answers, citing the legend.
    assert a.intent in ("passage", "policy")
    assert "dual indications" in a.headline and "non-oncology" in a.headline
    assert any(c.source == "evicore_oncology_2017" and c.line == 63 for s in a.statements for c in s.citations)


def test_a_look_up_question_is_not_taken_for_prose(engine: Engine) -> None:
    assert engine.ask("evicore fax number?").intent == "contacts"
    assert engine.ask("does Keytruda need evicore precert?").intent != "passage"


def test_the_threshold_is_a_named_share() -> None:
    assert 0.6 < ANSWER_COVERAGE < 1


ENGLISH = sorted(w for w in _words() if 4 <= len(w) <= 12)
SHAPES = (
    "can the hopd {} the pt?",
    "is it allowed to {} at home",
    "who do we call if the {} is late",
    "does {} matter for the 30 day transition",
    "{} - does the sco team help?",
)


@settings(max_examples=120, deadline=None)
@given(word=st.sampled_from(ENGLISH), shape=st.sampled_from(SHAPES))
def test_never_mention_is_never_said_of_an_english_word(engine: Engine, word: str, shape: str) -> None:
    a = engine.ask(shape.format(word))
    assert "never mention" not in a.text, (word, a.headline)


@pytest.mark.parametrize(
    "question",
    [
        "Dr. Okonkwo wants to know if the hopd is allowed for a fragile pt",
        "Marisol here - how long does the evicore website take?",
        "asking for Kowalski in billing: are deleted codes paid?",
        "what's the pt's LOB matter for home infusion",
        "why would cigna redirect my pt, and when?",
    ],
)
def test_never_mention_is_never_said_of_names_jargon_or_question_words(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert "never mention" not in a.text, a.headline


def test_never_mention_is_still_said_of_a_code_nothing_matches(engine: Engine) -> None:
    a = engine.ask("what does the site of care policy say about Zyxolumab?")
    assert "zyxolumab" in a.text.lower() and a.status in ("not_found", "out_of_scope"), a.text


@pytest.mark.parametrize(
    ("question", "line"),
    [
        ("can we attatch more clinicals to a pending evicore case", 35),
        ("pts curently receiving the impacted medications - are they grandfatherd", 19),
    ],
)
def test_a_slip_in_an_ordinary_word_still_finds_the_passage(engine: Engine, question: str, line: int) -> None:
    a = engine.ask(question)
    assert a.status == "answered", a.headline
    assert ("evicore_oncology_2017", line) in _lead_cites(a), a.headline
    assert "couldn't find" not in a.text


def test_respelling_is_bounded_and_leaves_known_words_alone(engine: Engine) -> None:
    search = engine.search
    assert search.respelled("how long is the trasition period") == "how long is the transition period"
    assert search.respelled("does keytruda need precert") == "does keytruda need precert"
    many = " ".join(["grandfatherd"] * 10)
    assert search.respelled(many).split().count("grandfathered") == 3
