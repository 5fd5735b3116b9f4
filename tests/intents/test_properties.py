"""Rules that must hold for every input (checked with hypothesis)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intents.engine import Engine
from knowledge.kb import default_kb
from tests.conftest import NEVER_SAY

ENGINE = Engine(kb=default_kb())
ALL_NAMES = sorted({(drug.id, name) for drug in ENGINE.kb.drugs.values() for name in (drug.name, *drug.aliases)})


def test_every_name_and_alias_of_every_drug_resolves_to_that_drug() -> None:
    misses = []
    for drug_id, name in ALL_NAMES:
        answer = ENGINE.ask(name)
        if ENGINE.kb.drugs[drug_id].name not in {d.name for d in answer.drugs}:
            misses.append((name, answer.status, [d.name for d in answer.drugs]))
    assert misses == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(ALL_NAMES),
    st.sampled_from(["{} precert?", "does {} need eviCore", "{} home infusion", "is {} on SCO"]),
)
def test_names_resolve_inside_questions(pick: tuple[str, str], template: str) -> None:
    drug_id, name = pick
    answer = ENGINE.ask(template.format(name))
    assert ENGINE.kb.drugs[drug_id].name in {d.name for d in answer.drugs}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=10_000))
def test_any_text_yields_an_answer(text: str) -> None:
    answer = ENGINE.ask(text)
    assert answer.status in ("answered", "clarify", "not_found", "out_of_scope", "help")
    assert answer.text


# Text as JSON can carry it: lone surrogates too ('\\ud800' escapes pairing with nothing), which
# st.text() never draws and UTF-8 can't write.
json_text = st.lists(st.one_of(st.text(max_size=40), st.integers(0xD800, 0xDFFF).map(chr)), max_size=30).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_text)
def test_any_text_json_can_carry_yields_an_answer_that_serialises(text: str) -> None:
    answer = ENGINE.ask(text)
    assert json.loads(answer.contract_json())["status"] == answer.status
    assert answer.text.encode("utf-8")


def test_a_lone_surrogate_is_read_as_a_replacement_character_and_the_drug_still_found() -> None:
    answer = ENGINE.ask("\ud800 keytruda precert?\udfff")
    assert [d.name for d in answer.drugs] == ["Keytruda"]
    assert json.loads(answer.contract_json())["question"] == "\ufffd keytruda precert?\ufffd"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["<!channel>", "<@U1>", "*", "`", "J", "9271", " ", "keytruda", "®", "\n", "<", ">", "&"]),
        max_size=60,
    )
)
def test_hostile_markup_yields_an_answer(parts: list[str]) -> None:
    assert ENGINE.ask("".join(parts)).text


PROGRAM_TEMPLATES = [
    ("does {} need eviCore precert?", ("evicore_oncology",)),
    ("is {} on the evicore list", ("evicore_oncology",)),
    ("can {} be infused at home?", ("home_infusion",)),
    ("home infusion ok for {}?", ("home_infusion",)),
    ("is {} subject to site of care review", ("sco", "sco_plus", "site_of_care_policy")),
    ("is {} on SCO+?", ("sco_plus",)),
    ("is {} a gene therapy program drug", ("gene_therapy",)),
    ("{} CAR-T cellular therapy prior auth", ("cellular_therapy",)),
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(ENGINE.kb.drugs)), st.sampled_from(PROGRAM_TEMPLATES))
def test_a_named_program_is_reported_for_the_drug_as_the_kb_has_it(drug_id: str, template) -> None:
    text, programs = template
    drug = ENGINE.kb.drugs[drug_id]
    answer = ENGINE.ask(text.format(drug.name))
    assert drug.name in {d.name for d in answer.drugs}
    for program in programs:
        hits = [f for f in answer.findings if f.drug == drug.name and f.program == program]
        assert len(hits) == 1, (program, answer.findings)
        assert hits[0].listed == bool(drug.listings_for(program))
        assert hits[0].listed == bool(hits[0].citations)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.sampled_from(sorted(d.name for d in ENGINE.kb.drugs.values())), st.text(min_size=3, max_size=12)),
    st.sampled_from([t for t, _ in PROGRAM_TEMPLATES] + ["does {} need prior auth?", "{}"]),
)
def test_no_answer_ever_says_no_precert_is_needed(name: str, template: str) -> None:
    text = ENGINE.ask(template.format(name)).text.lower()
    assert not any(phrase in text for phrase in NEVER_SAY)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(ALL_NAMES),
    st.sampled_from(["{} precert?", "who do I call for {}", "{} fax", "cigna customer service", "J3490 {}"]),
)
def test_every_document_an_answer_quotes_is_named_with_its_date(pick: tuple[str, str], template: str) -> None:
    answer = ENGINE.ask(template.format(pick[1]))
    assert answer.citations  # every one of these questions quotes a line
    assert {c.source for c in answer.citations} <= {s.id for s in answer.sources}
    for ref in answer.sources:
        document = ENGINE.kb.sources[ref.id]
        # The date as the document prints it (or "undated; …"), and in the text the asker reads.
        assert ref.date == document.date_note and ref.date, ref
        assert document.date is None or document.date in ref.date, ref
        if ref.id in {c.source for c in answer.citations}:
            assert f"({ref.date})" in answer.text, (ref.date, answer.text)
