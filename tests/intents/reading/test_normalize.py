from __future__ import annotations

import pytest

from intents.reading.normalize import LABEL_CHARS, MAX_QUESTION_CHARS, normalize, strip_markup


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("<@U024BE7LH> does keytruda need precert", "does keytruda need precert"),
        ("<!channel> <!here> keytruda", "keytruda"),
        ("<!subteam^S123|@oncology> keytruda", "keytruda"),
        ("see <https://example.com/x|the Keytruda page>", "see the keytruda page"),
        (":pill: Keytruda :white_check_mark:", "keytruda"),
        ("`Keytruda` *now*", "keytruda now"),
        ("KEYTRUDA® and Aduhelm™", "keytruda and aduhelm"),
        ("Keytruda's list", "keytruda list"),
        ("Keytruda &amp; Opdivo", "keytruda & opdivo"),
    ],
)
def test_markup_and_typography_are_removed(raw: str, expected: str) -> None:
    assert normalize(raw).clean == expected


@pytest.mark.parametrize("typed", ["J9271", "j9271", "J 9271", "j-9271", "J.9271", "code j 9271?"])
def test_codes_in_any_common_form(typed: str) -> None:
    assert [c for c, _ in normalize(typed).codes] == ["J9271"]


def test_a_year_after_a_word_is_not_a_code() -> None:
    assert normalize("is it on a 2018 list").codes == ()


def test_several_codes_keep_their_order() -> None:
    assert [c for c, _ in normalize("Q5113 or J9355?").codes] == ["Q5113", "J9355"]


def test_five_digit_numbers_are_kept_for_cpt_lookup() -> None:
    assert normalize("90283").numbers == ("90283",)


def test_long_input_is_truncated_and_flagged() -> None:
    n = normalize("keytruda " * 2000)
    assert n.truncated and len(n.clean) <= MAX_QUESTION_CHARS


def test_labelled_links_keep_their_label() -> None:
    assert "Ocrevus" in strip_markup("<http://x.example|Ocrevus>")


def test_a_mention_label_is_as_long_as_a_display_name_at_most():
    # Slack's display names are at most 80 characters: a longer 'label' is text, and an unclosed one
    # repeated down a message is not scanned to the message's end from each one.
    assert strip_markup(f"<@U1|{'x' * LABEL_CHARS}> hi").split() == ["hi"]
    assert "y" * (LABEL_CHARS + 1) in strip_markup(f"<@U1|{'y' * (LABEL_CHARS + 1)}> hi")
