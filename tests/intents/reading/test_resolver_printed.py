"""A name the documents print, or one keystroke off it, is read as that drug or asked about: never
dropped, never 'not found', whatever words stand beside it (checked for every printed name)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intents.engine import Engine
from intents.reading.dictionary import is_english
from intents.reading.normalize import squash
from knowledge.kb import default_kb

ENGINE = Engine(kb=default_kb())
MATCHER = ENGINE.matcher
CONTEXTS = ["{}", "{} home infusion", "{} at home", "is {} on evicore", "{} site of care", "who do I call for {}"]

# Brands with a short trailing part ('X-C', 'X NP', 'X LAR') whose base names no other drug.
_SUFFIXED = re.compile(r"^([A-Za-z]{5,})[\s-]+[A-Za-z0-9]{1,3}$")
BASES = sorted(
    {
        (drug.id, m.group(1).lower())
        for drug in ENGINE.kb.drugs.values()
        for m in [_SUFFIXED.match(drug.name)]
        if m and squash(m.group(1)) not in MATCHER.index
    }
)
# Long one-word brand names: one slip in them is still clearly that name.
LONG_NAMES = sorted({(d.id, d.name.lower()) for d in ENGINE.kb.drugs.values() if re.fullmatch(r"[A-Za-z]{7,}", d.name)})


def _offered(answer, drug_id: str) -> bool:
    name = ENGINE.kb.drugs[drug_id].name
    return name in {d.name for d in answer.drugs} or name in {c.name for c in answer.candidates}


def test_there_are_suffixed_brands_to_check() -> None:
    assert len(BASES) >= 3


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(BASES), st.sampled_from(CONTEXTS))
def test_the_base_of_a_suffixed_brand_reads_as_that_brand(pick: tuple[str, str], template: str) -> None:
    drug_id, base = pick
    answer = ENGINE.ask(template.format(base))
    assert ENGINE.kb.drugs[drug_id].name in {d.name for d in answer.drugs}
    assert any(base in r for r in answer.readings)  # the reading is said, not silently made


def _one_slip(name: str, data: st.DataObject) -> str:
    i = data.draw(st.integers(0, len(name) - 2))
    kind = data.draw(st.sampled_from(["sub", "ins", "del", "swap"]))
    letter = data.draw(st.sampled_from("aeiouyrstln"))
    if kind == "sub":
        return name[:i] + letter + name[i + 1 :]
    if kind == "ins":
        return name[:i] + letter + name[i:]
    if kind == "del":
        return name[:i] + name[i + 1 :]
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(LONG_NAMES), st.sampled_from(CONTEXTS), st.data())
def test_one_slip_in_a_long_name_reads_as_it_or_asks(pick: tuple[str, str], template: str, data: st.DataObject) -> None:
    drug_id, name = pick
    typed = _one_slip(name, data)
    # A slip that makes another name or an English word is that word, not a slip.
    if squash(typed) in MATCHER.index or is_english(typed) or typed == name:
        return
    answer = ENGINE.ask(template.format(typed))
    assert _offered(answer, drug_id), (typed, answer.status, answer.text[:200])
    assert answer.status in ("answered", "clarify")


SIX_LETTER_NAMES = sorted(
    {(d.id, d.name.lower()) for d in ENGINE.kb.drugs.values() if re.fullmatch(r"[A-Za-z]{6}", d.name)}
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SIX_LETTER_NAMES), st.sampled_from(CONTEXTS), st.data())
def test_two_slips_in_a_six_letter_name_are_asked_about(
    pick: tuple[str, str], template: str, data: st.DataObject
) -> None:
    _, name = pick
    i, j = sorted(data.draw(st.lists(st.integers(1, 5), min_size=2, max_size=2, unique=True)))
    typed = name[:i] + data.draw(st.sampled_from("aeiouy")) + name[i + 1 :]
    typed = typed[:j] + data.draw(st.sampled_from("aeiouy")) + typed[j + 1 :]
    if squash(typed) in MATCHER.index or is_english(typed) or MATCHER.is_non_drug_word(typed) or typed == name:
        return
    answer = ENGINE.ask(template.format(typed))
    # The name two keystrokes off is offered (or taken, with the reading said); never only 'not found'.
    assert answer.status in ("answered", "clarify"), (typed, answer.status)
    assert answer.drugs or answer.candidates


@pytest.mark.parametrize("unknown", ["omvoh", "spevigo", "briumvi", "leqembi"])
@pytest.mark.parametrize("template", ["{} IV at home", "{} sc home infusion", "can {} be given iv at home?"])
def test_an_unknown_drug_given_iv_is_not_found_not_a_row_search(unknown: str, template: str) -> None:
    answer = ENGINE.ask(template.format(unknown))
    assert answer.status == "not_found"
    assert answer.headline.lower().find(unknown) >= 0
    assert not answer.statements  # no rows about 'iv' or 'sc'
