"""A HCPCS code typed without its letter ('9271 evicore', 'jcode 9271') is read as the printed code(s)
with those digits; phone numbers, years and doses are not."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intents.engine import Engine
from intents.reading.normalize import normalize
from knowledge.kb import default_kb

ENGINE = Engine(kb=default_kb())
DIGITS = sorted(ENGINE.matcher.codes_by_digits)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(DIGITS), st.sampled_from(["{} precert?", "jcode {}", "is {} on evicore", "hcpcs {} home infusion"])
)
def test_the_digits_of_a_printed_code_read_as_that_code(digits: str, template: str) -> None:
    if 1900 <= int(digits) < 2100 and "code" not in template:
        template = "hcpcs code {}"  # alone, these digits are a year
    answer = ENGINE.ask(template.format(digits))
    codes = ENGINE.matcher.codes_by_digits[digits]
    assert answer.status in ("answered", "clarify")
    assert all(code in answer.text for code in codes)


@pytest.mark.parametrize(
    "text",
    [
        "call 1.866.668.9250",
        "fax 833.910.1625",
        "was it added in 2017?",
        "the Nov 2017 list",
        "dose is 1000 mg",
        "approved 01/2018",
        "ref #9271",
    ],
)
def test_phone_numbers_years_and_amounts_are_not_codes(text: str) -> None:
    assert normalize(text).digits == ()


def test_a_year_is_a_code_when_the_question_says_code() -> None:
    assert normalize("hcpcs code 2017").digits == ("2017",)
