"""Small talk as Slack users write it ('thank you, that's exactly what I needed 🙏', 'hey bot, how are
you?', 'never mind, figured it out', 'what kinds of questions can i ask you') gets a one-line reply or the
hello with examples — never the out-of-scope paragraph; a question beside it is still answered."""

from __future__ import annotations

import pytest

from intents.engine import Engine

MAX_REPLY = 300  # characters of a reply to thanks or a goodbye: one line


@pytest.mark.parametrize(
    "message",
    [
        "thank you, that's exactly what I needed 🙏",
        "thanks that answers my question",
        "ok makes sense, appreciate you",
        "never mind, figured it out",
        "oops wrong channel sorry",
        "lol ok",
        "np",
        "gotcha, cool beans",
    ],
)
def test_thanks_and_goodbyes_get_one_line(engine: Engine, message: str) -> None:
    answer = engine.ask(message)
    assert answer.status == "help" and answer.intent == "small_talk"
    assert len(answer.text) <= MAX_REPLY and "\n" not in answer.text


@pytest.mark.parametrize(
    "message",
    [
        "hey bot, how are you?",
        "gm team",
        "are you a real person?",
    ],
)
def test_hello_and_what_are_you_get_examples(engine: Engine, message: str) -> None:
    answer = engine.ask(message)
    assert answer.status == "help" and answer.intent == "small_talk"
    assert answer.examples


@pytest.mark.parametrize(
    "message",
    ["what kinds of questions can i ask you", "what can I ask?", "what can you help me with", "what can you do"],
)
def test_asking_what_to_ask_gets_the_help_answer(engine: Engine, message: str) -> None:
    answer = engine.ask(message)
    assert answer.status == "help" and answer.intent == "help"


@pytest.mark.parametrize(
    ("message", "drug"),
    [
        ("never mind, what about tysabri", "Tysabri"),
        ("what do you know about keytruda", "Keytruda"),
        ("thanks! and ocrevus?", "Ocrevus"),
    ],
)
def test_a_drug_beside_small_talk_is_answered(engine: Engine, message: str, drug: str) -> None:
    answer = engine.ask(message)
    assert answer.status == "answered" and drug in [d.name for d in answer.drugs]


@pytest.mark.parametrize("message", ["👍", ":+1:", "🙏🙏", ":white_check_mark:", "👌 ❤️"])
def test_a_thumbs_up_alone_is_thanks(engine: Engine, message: str) -> None:
    answer = engine.ask(message)
    assert (answer.status, answer.intent) == ("help", "small_talk")
    assert len(answer.text) <= MAX_REPLY and "\n" not in answer.text


def test_a_wave_is_a_hello_and_a_lone_other_emoji_gets_the_help_answer(engine: Engine) -> None:
    wave = engine.ask(":wave:")
    assert wave.intent == "small_talk" and wave.examples
    assert engine.ask("🤔").intent == "help"


def test_an_emoji_beside_a_question_leaves_the_question_answered(engine: Engine) -> None:
    answer = engine.ask("👍 and Uplizna, sco?")
    assert answer.status == "answered" and [d.name for d in answer.drugs] == ["Uplizna"]


@pytest.mark.parametrize(
    "message", ["hi! first time using this, how do I ask a question?", "new here - how do i use this?"]
)
def test_a_first_timer_asking_how_to_ask_gets_examples(engine: Engine, message: str) -> None:
    answer = engine.ask(message)
    assert answer.status == "help" and answer.examples


@pytest.mark.parametrize(
    "message",
    [
        "hello, I have a question",
        "quick question",
        "hi precert bot, can you help me?",
        "is this thing on",
        "hey it's me again",
    ],
)
def test_an_opener_before_the_question_gets_the_hello_with_examples(engine: Engine, message: str) -> None:
    answer = engine.ask(message)
    assert (answer.status, answer.intent) == ("help", "small_talk") and answer.examples


@pytest.mark.parametrize("message", ["that worked, thanks", "sorry, wrong thread"])
def test_it_worked_and_wrong_thread_get_one_line(engine: Engine, message: str) -> None:
    answer = engine.ask(message)
    assert answer.intent == "small_talk" and len(answer.text) <= MAX_REPLY


@pytest.mark.parametrize(
    ("message", "drug"),
    [("quick question: is Cablivi on the SCO list?", "Cablivi"), ("I have a question about Nulojix", "Nulojix")],
)
def test_an_opener_with_its_question_is_answered(engine: Engine, message: str, drug: str) -> None:
    answer = engine.ask(message)
    assert answer.status == "answered" and [d.name for d in answer.drugs] == [drug]


@pytest.mark.parametrize("message", ["can u help me", "is this bot working?", "can anyone help", "you awake?"])
def test_asking_whether_anyone_can_help_is_a_hello_with_examples(engine: Engine, message: str) -> None:
    answer = engine.ask(message)
    assert answer.intent == "small_talk" and answer.examples
