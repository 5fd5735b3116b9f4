"""Patient identifiers: masked when message text is logged, and spotted for the reminder; Cigna's own
numbers, HCPCS codes and the documents' dates are left alone."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.runtime.privacy import (
    allow_phones_of,
    allowed_phones,
    looks_like_patient_identifier,
    mask_identifiers,
)
from bot.slack.notices import notice
from knowledge.kb import KnowledgeBase
from tests.conftest import FROZEN_SOURCES


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("SSN 123-45-6789 keytruda", "SSN [ssn] keytruda"),
        ("ssn 123 45 6789", "ssn [ssn]"),
        ("DOB 01/02/1960", "DOB [date]"),
        ("dob 1-2-60", "dob [date]"),
        ("born 1960-01-02", "born [date]"),
        ("born March 3, 1955", "born [date]"),
        ("born 3 Mar 1955", "born [date]"),
        ("DOB: 02-Jan-1980", "DOB: [date]"),
        ("member id: U1234 5678", "[id]"),
        ("member id U12345678 01 on ocrevus", "[id] on ocrevus"),
        ("Member ID: U1234567801", "[id]"),
        ("subscriber #: 44-556677", "[id]"),
        ("MRN 0012345", "[id]"),
        ("id 987654321", "id [id]"),
        ("call her at (555) 123-4567", "call her at [phone]"),
        ("or 555.123.4567 or +1 555 123 4567 or 5551234567", "or [phone] or [phone] or [phone]"),
    ],
)
def test_identifiers_are_masked(text: str, masked: str) -> None:
    assert mask_identifiers(text) == masked
    assert looks_like_patient_identifier(text)


@pytest.mark.parametrize(
    "text",
    [
        "does keytruda J9271 need evicore precert?",
        "J3590 and Q5103 and C9399?",
        "evicore 1.866.668.9250 or 877.865.6492?",
        "855.678.0051, 833.910.1625, 800.668.9682, 877.598.2484",
        "is it 1.800.88Cigna (882.4462)?",
        "is (800) 668-9682 still right? or 1-877-598-2484",
        "coverage policy 0505 site of care",
        "patient 72 years old on ocrevus",
        "ocrevus added to the sco list 2022-05",
        "",
    ],
)
def test_questions_about_the_documents_are_left_alone(text: str) -> None:
    assert mask_identifiers(text) == text
    assert not looks_like_patient_identifier(text)


def test_a_document_date_is_masked_in_logs_but_is_not_a_reason_for_a_reminder() -> None:
    question = "was ocrevus on the list effective 01/01/2019?"
    assert mask_identifiers(question) == "was ocrevus on the list effective [date]?"
    assert not looks_like_patient_identifier(question)
    assert looks_like_patient_identifier("keytruda for pt dob 01/01/2019")  # the cue decides
    assert looks_like_patient_identifier("keytruda for 01/02/1948")  # too old to be a document's


def test_every_phone_number_in_the_documents_is_cignas() -> None:
    # The allow-list is the knowledge base's contacts: every number the documents print is in it.
    sources = FROZEN_SOURCES
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(sources.glob("*.txt")))
    numbers = re.findall(r"(?:1\.)?[0-9]{3}\.[0-9]{3}\.[0-9]{4}", text)
    assert len(numbers) >= 6
    for number in numbers:
        assert number.replace(".", "").removeprefix("1") in allowed_phones(), number
        assert mask_identifiers(f"call {number}?") == f"call {number}?"


def test_a_new_editions_phone_is_allowed_once_loaded(kb: KnowledgeBase) -> None:
    sco = kb.programs["sco"].contacts[0]
    assert sco.phone is not None
    new = sco.model_copy(update={"phone": sco.phone.model_copy(update={"value": "877.555.0199"})})
    edited = replace(kb, programs={**kb.programs, "sco": kb.programs["sco"].model_copy(update={"contacts": (new,)})})
    assert mask_identifiers("call 877.555.0199?") == "call [phone]?"
    try:
        allow_phones_of(edited)
        assert mask_identifiers("call 877.555.0199?") == "call 877.555.0199?"
    finally:
        allow_phones_of(kb)


@pytest.mark.parametrize("text", ["patient age 72 weight 80 kg dose 10 mg and 5 doses", "member is 45 and got 3 doses"])
def test_ages_and_doses_after_a_label_are_not_identifiers(text: str) -> None:
    assert not looks_like_patient_identifier(text) and mask_identifiers(text) == text


def test_a_pathological_message_costs_what_an_ordinary_one_of_its_length_does() -> None:
    # 'member-' over and over once made the labelled-id pattern rescan the rest of the text at each
    # repeat (1.6 s for 40 kB, with the GIL held). Compared with ordinary text of the same length, in
    # the same moment, so a busy machine slows both alike: quadratic scanning is ~100x, linear ~1x.
    import timeit

    hostile, ordinary = "member-" * 5000, "keytru " * 5000
    cost = {t: min(timeit.repeat(lambda t=t: mask_identifiers(t), number=2, repeat=3)) for t in (hostile, ordinary)}
    assert cost[hostile] < 20 * cost[ordinary]


def test_the_reminder_is_short_and_says_what_not_to_post() -> None:
    reminder = notice("patient_details")
    assert len(reminder) < 200 and "date" in reminder and "member" in reminder.lower()


# -- property: whatever surrounds it, an identifier put in does not come out

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
ssns = st.builds(
    lambda a, b, c, sep: f"{a:03d}{sep}{b:02d}{sep}{c:04d}",
    st.integers(1, 899),
    st.integers(1, 99),
    st.integers(1, 9999),
    st.sampled_from(["-", " "]),
)
dobs = st.builds(
    lambda m, d, y, sep: f"{m:02d}{sep}{d:02d}{sep}{y}",
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(1920, 2025),
    st.sampled_from(["/", "-", "."]),
)
member_ids = st.builds(
    lambda letter, digits, suffix: f"{letter}{digits:08d}{suffix}",
    st.sampled_from(["", "U", "W", "C"]),
    st.integers(0, 99_999_999),
    st.sampled_from(["", " 01", "02"]),
)
labels = st.sampled_from(["", "member id ", "Member ID: ", "subscriber # ", "DOB ", "SSN: ", "pt "])


@settings(max_examples=300, deadline=None)
@given(before=words, label=labels, identifier=st.one_of(ssns, dobs, member_ids), after=words)
def test_masked_text_never_contains_the_identifier(before: str, label: str, identifier: str, after: str) -> None:
    assume(identifier not in before and identifier not in after)
    masked = mask_identifiers(f"{before} {label}{identifier} {after}")
    assert identifier not in masked


@settings(max_examples=200, deadline=None)
@given(before=words, identifier=st.one_of(ssns, member_ids), after=words)
def test_an_ssn_or_member_id_always_prompts_the_reminder(before: str, identifier: str, after: str) -> None:
    assert looks_like_patient_identifier(f"{before} {identifier} {after}")


@settings(max_examples=200, deadline=None)
@given(before=words, dob=dobs, after=words)
def test_a_date_after_dob_always_prompts_the_reminder(before: str, dob: str, after: str) -> None:
    assert looks_like_patient_identifier(f"{before} DOB {dob} {after}")
