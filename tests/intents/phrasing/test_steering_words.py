"""Contractions, 'when', greetings and thanks steer the answer; they are never read as drug names."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intents.engine import Engine
from intents.phrasing.shape import small_talk
from intents.reading.normalize import normalize
from knowledge.kb import default_kb

ENGINE = Engine(kb=default_kb())
NAMES = sorted({d.name for d in ENGINE.kb.drugs.values()})
CONTRACTIONS = ["doesn't", "doesnt", "isn't", "don't", "won't", "can't", "aren't", "didn't", "wasn't", "we're"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(NAMES), st.sampled_from(CONTRACTIONS))
def test_a_contraction_after_a_name_is_never_part_of_it(name: str, contraction: str) -> None:
    answer = ENGINE.ask(f"{name} {contraction} need precert at home?")
    assert name in {d.name for d in answer.drugs}
    tail = contraction.replace("'", "")[:-1]  # 'doesn' of "doesn't"
    assert not any(f"“{tail}”" in r or f"{name.lower()} {tail}" in r.lower() for r in answer.readings)
    assert f"“{tail}”" not in answer.text


def test_contractions_are_spelled_out() -> None:
    assert normalize("Entyvio doesn't and we're sure it won't").clean == "entyvio does not and we are sure it will not"


def test_when_that_asks_a_condition_is_not_a_date_question(engine: Engine) -> None:
    assert engine.ask("when does Entyvio need precert?").intent != "dates"
    assert engine.ask("when is site of care review needed for Ocrevus?").intent != "dates"


def test_when_beside_added_is_still_a_date_question(engine: Engine) -> None:
    answer = engine.ask("when was Entyvio put on the SCO list?")
    assert answer.intent == "dates" and "May 2017" in answer.headline


@pytest.mark.parametrize("text", ["hello!", "Good afternoon team", "hey there :wave:", "hiya", "morning all"])
def test_a_greeting_gets_a_hello_and_two_examples(engine: Engine, text: str) -> None:
    answer = engine.ask(text)
    assert (answer.intent, answer.status, len(answer.examples)) == ("small_talk", "help", 2)
    assert "\n" not in answer.headline and "I can only answer" not in answer.text


@pytest.mark.parametrize("text", ["thanks so much!!", "ty", "Thank you, that helped", "great, thx"])
def test_thanks_gets_a_short_reply(engine: Engine, text: str) -> None:
    answer = engine.ask(text)
    assert (answer.intent, answer.examples) == ("small_talk", [])
    assert len(answer.text) < 120


@given(st.sampled_from(["hi", "hello", "thanks", "thank you", "hey team"]), st.sampled_from(NAMES))
@settings(max_examples=30, deadline=None)
def test_a_greeting_beside_a_question_is_never_small_talk(greeting: str, name: str) -> None:
    assert small_talk(normalize(f"{greeting}, is {name} on the list?").clean) is None


def test_since_that_gives_a_reason_is_not_a_date_question(engine: Engine) -> None:
    assert engine.ask("we don't need auth for Cuvitru since it's at home, right?").intent != "dates"
    assert engine.ask("has Cuvitru been on the SCO list since 2017?").intent == "dates"


def test_a_yes_no_question_after_thanks_still_leads_with_yes(engine: Engine) -> None:
    assert engine.ask("thanks! also does Entyvio need PA?").text.startswith("Yes — ")


def test_fx_is_typed_for_fax() -> None:
    answer = ENGINE.ask("luxturna fx?")
    assert answer.intent == "contacts" and "fax 833.910.1625" in answer.headline


@pytest.mark.parametrize("question", ["is the eviCore list current?", "is the SCO+ list up to date?"])
def test_asking_whether_a_list_is_current_gets_its_date(question: str) -> None:
    answer = ENGINE.ask(question)
    assert answer.intent == "list_date"
    assert any(s.date in answer.headline for s in answer.sources if s.date)


def test_not_sure_if_asks_yes_or_no() -> None:
    assert ENGINE.ask("not sure if Tysabri needs auth or not").headline.startswith("Yes — Tysabri")


@pytest.mark.parametrize(
    ("text", "kind"), [("who r u", "about"), ("r u a bot", "about"), ("anyone there?", "greeting")]
)
def test_chat_shorthand_small_talk_is_small_talk(text: str, kind: str) -> None:
    assert small_talk(text) == kind


def test_the_q_of_sub_q_is_no_code_letter() -> None:
    assert normalize("sub-q 9250 ?").codes == ()
    assert [code for code, _ in normalize("q 5103 home infusion").codes] == ["Q5103"]
