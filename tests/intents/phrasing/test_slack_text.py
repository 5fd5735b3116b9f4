"""Quoted earlier messages and struck words are context, not the question."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.phrasing.slack_text import read_message
from knowledge.kb import default_kb


def test_a_quoted_line_above_the_question_is_context() -> None:
    message = read_message("> is Remicade on the SCO list?\nand Inflectra?")
    assert (message.question, message.quoted) == ("and Inflectra?", "is Remicade on the SCO list?")


def test_a_quote_flattened_onto_one_line_ends_with_its_sentence() -> None:
    message = read_message("&gt; who handles Kymriah? and Abecma?")
    assert (message.question, message.quoted) == ("and Abecma?", "who handles Kymriah?")


def test_a_message_that_is_only_a_quote_is_its_own_question() -> None:
    assert read_message("> J1745 site of care?").question == "J1745 site of care?"


def test_struck_words_are_taken_back_but_a_tilde_before_a_number_is_not_a_strike() -> None:
    message = read_message("~Prolia~ ~Evenity~ Xgeva SCO?")
    assert message.struck == ("Prolia", "Evenity")
    assert "Prolia" not in message.question and "Xgeva" in message.question
    assert read_message("approval lasts ~30 days?").struck == ()


def test_the_answer_is_about_the_question_not_the_quoted_message(engine: Engine) -> None:
    answer = engine.ask("> is Remicade on the SCO list?\nwhat about Inflectra?")
    assert [d.name for d in answer.drugs] == ["Inflectra"]


def test_a_question_naming_nothing_is_about_the_quoted_drug(engine: Engine) -> None:
    answer = engine.ask("> does Entyvio need PA?\nwho do we call for it?")
    assert [d.name for d in answer.drugs] == ["Entyvio"]
    assert any("quoted message" in r for r in answer.readings)


def test_a_struck_name_is_not_answered_and_the_reading_says_so(engine: Engine) -> None:
    answer = engine.ask("~Remicade~ Inflectra home infusion?")
    assert [d.name for d in answer.drugs] == ["Inflectra"]
    assert any("Remicade" in r for r in answer.readings)


@pytest.mark.parametrize(
    "message", ["@precert-bot does Benlysta need auth", "Benlysta PA? @channel", "@here, does Benlysta need auth?"]
)
def test_a_typed_mention_is_whom_it_is_addressed_to_not_the_question(message: str) -> None:
    answer = Engine(kb=default_kb()).ask(message)
    assert answer.headline.startswith("Yes — Benlysta")
    assert not any("precert-bot" in r or "channel" in r for r in answer.readings)


def test_an_email_address_keeps_its_at_sign() -> None:
    assert read_message("is LifeSOURCECustomerService@Cigna.com right?").question.endswith("@Cigna.com right?")


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("ocrevus home infusion? thx!!", "ocrevus home infusion?"),
        ("is Soliris on the HI list? tia - jen", "is Soliris on the HI list?"),
        ("kadcyla thru evicore? - Dana, RN", "kadcyla thru evicore?"),
        ("Xolair sco? Thanks, Dr. Okafor's office", "Xolair sco?"),
        ("J2350 home infusion? :pray:", "J2350 home infusion?"),
        ("benlysta sco? 🤔", "benlysta sco?"),
    ],
)
def test_a_sign_off_after_the_question_mark_is_not_asked(message: str, asked: str) -> None:
    assert read_message(message).question == asked


@pytest.mark.parametrize(
    "message",
    [
        "tysabri sco? also entyvio",
        "is it on sco? thanks, and ocrevus",
        "evicore? - plus opdivo",
        "sco? what about the fax",
    ],
)
def test_more_asked_after_the_question_mark_is_kept(message: str) -> None:
    assert read_message(message).question == message


def test_a_yes_no_question_signed_off_still_gets_its_yes_first(engine: Engine) -> None:
    signed = engine.ask("glassia at home - precert needed? thanks in advance! - Rosa")
    assert signed.headline.startswith("Yes —")
    assert signed.headline == engine.ask("glassia at home - precert needed?").headline


@pytest.mark.parametrize(
    ("message", "asked", "quoted"),
    [
        ("> pt is on Avastin what about Mvasi", "what about Mvasi", "pt is on Avastin"),
        ("> Luxturna fax is 833.910.1625 and for Yescarta?", "and for Yescarta?", "Luxturna fax is 833.910.1625"),
        (
            "&gt; Opdivo goes to evicore ok so is it on SCO+ as well",
            "ok so is it on SCO+ as well",
            "Opdivo goes to evicore",
        ),
        ("> Tysabri gets an SCO review and for home infusion?", "and for home infusion?", "Tysabri gets an SCO review"),
        ("> Entyvio is an sco drug and in the office?", "and in the office?", "Entyvio is an sco drug"),
    ],
)
def test_a_quote_flattened_with_no_full_stop_ends_where_the_askers_words_turn(
    message: str, asked: str, quoted: str
) -> None:
    assert (read_message(message).question, read_message(message).quoted) == (asked, quoted)


def test_a_one_line_quote_with_no_turn_is_all_quote_and_so_the_question() -> None:
    assert read_message("> is Keytruda and Opdivo on evicore").question == "is Keytruda and Opdivo on evicore"


def test_the_quoted_drug_is_not_answered_when_the_turned_question_names_its_own(engine: Engine) -> None:
    answer = engine.ask("> pt gets Perjeta here who handles the Phesgo precert")
    assert [d.name for d in answer.drugs] == ["Phesgo"]
    answer = engine.ask("> Hemgenix fax is 833.910.1625 and for Abecma?")
    assert [d.name for d in answer.drugs] == ["Abecma"]
    assert "833.910.1625" not in answer.text


def test_markdowns_double_tilde_strikes_like_slacks_single_one(engine: Engine) -> None:
    assert read_message("~~Stelara~~ Entyvio home infusion?").struck == ("Stelara",)
    answer = engine.ask("~~Soliris~~ Ultomiris sco?")
    assert [d.name for d in answer.drugs] == ["Ultomiris"]
    assert any("Soliris" in r for r in answer.readings)
