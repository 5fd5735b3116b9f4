"""The short answer (`text`, what the CLI prints): the verdict and the number first, nothing said twice,
the documents' Markdown gone from what is shown and kept in what is cited."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intents.engine import Engine
from intents.text import clean_markup, render_text
from tests.support.answers import first_sentence


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("does Keytruda need eviCore precert?", "Yes — Keytruda: precert through eviCore, call 1.866.668.9250"),
        ("is home infusion allowed for Ocrevus?", "Not without prior authorization — Ocrevus: precert through Cigna"),
        ("who do I call for Zolgensma PA, and the fax?", "Gene Therapy Program team: phone 855.678.0051, fax"),
        ("Zolgensma fax", "Gene Therapy Program team: fax 833.910.1625"),
        ("J9271", "J9271 is Keytruda: yes — precert through eviCore, call 1.866.668.9250"),
    ],
)
def test_the_first_sentence_answers_what_was_asked(engine: Engine, question: str, lead: str) -> None:
    assert first_sentence(engine.ask(question).text).startswith(lead)


def test_the_number_to_call_when_nothing_is_found_comes_with_its_source(engine: Engine) -> None:
    a = engine.ask("does Humira need precert?")
    call = a.text.split("\n")[1]
    assert call == "Call Cigna Customer Service: 1.800.88Cigna (882.4462)."
    assert "evicore-oncology-precert-2017-11.txt (November 2017) line 44" in a.text


def test_nothing_is_said_twice(engine: Engine) -> None:
    a = engine.ask("procrit and epogen")
    text = a.text
    assert text.startswith("Procrit / Epogen: ")  # identical listings, once
    assert text.count("Footnote 2") == 1 and text.count("dual indication") == 1  # each marker once
    assert text.count("Oldest source") == 1 and text.count("Note: ") == 1  # one note on age
    assert text.count("1.866.668.9250") == 1  # the number, once
    assert "J0885, injection" in text and text.count("J0885, injection") == 1  # one line per list


def test_a_list_is_one_whole_row_per_code(engine: Engine) -> None:
    codes = ["J9271", "J2350", "Q2053", "J2505", "J9299"]
    a = engine.ask(" ".join(codes))
    lines = a.text.split("\n")
    assert lines[0] == "5 codes:"
    for code, line in zip(codes, lines[1:6], strict=True):
        assert line.startswith(code + " ") and " — " in line  # code, drug, status, whom to call


def test_sources_adds_the_quotes_markup_removed(engine: Engine) -> None:
    a = engine.ask("who do I call for Zolgensma PA?")
    short, full = render_text(a), render_text(a, sources=True)
    assert full.startswith(short) and "Quoted:" in full and "Quoted:" not in short
    assert "855.678.0051" in full.split("Quoted:")[1] and "**" not in full
    assert any("**855.678.0051**" in c.text for c in a.citations)  # the citation stays verbatim


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("call **855.678.0051** now", "call 855.678.0051 now"),
        ("faxing the [referral form](#) to **877.598.2484**.", "faxing the referral form to 877.598.2484."),
        ("Zolgensma[®] (onasemnogene)", "Zolgensma® (onasemnogene)"),
        (
            "View Documents > [Medication Administration Site of Care - \\[1605\\]](#)).",
            "View Documents > Medication Administration Site of Care - [1605]).",
        ),
        ("J0641\t***FUSILEV\t***LEVOLEUCOVORIN", "J0641\t***FUSILEV\t***LEVOLEUCOVORIN"),  # markers are data
        ("***Beginning **01/01/2018** these", "***Beginning 01/01/2018 these"),
        ("J9155\t**FIRMAGON\t**DEGARELIX", "J9155\t**FIRMAGON\t**DEGARELIX"),
    ],
)
def test_markdown_is_removed_for_display_and_markers_are_kept(raw: str, shown: str) -> None:
    assert clean_markup(raw) == shown


@given(st.text(alphabet=st.sampled_from(list("ab *[]()#\\®\t.")), max_size=60))
def test_cleaning_only_ever_removes_characters(text: str) -> None:
    cleaned = clean_markup(text)
    it = iter(text)
    assert all(ch in it for ch in cleaned)  # a subsequence: nothing added, nothing reordered
