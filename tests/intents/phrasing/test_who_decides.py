"""Who decides a question's shape is one table (phrasing.toml [[leads]]): every lead once, in order, each
behind cues it cannot decide without. A one-drug yes/no question runs only the leads its cues allow; the
questions whose shape a special lead decides still get that lead's verdict."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.phrasing import decide
from intents.phrasing.words import phrasing_data
from tests.support.answers import first_sentence


def test_the_table_names_every_lead_once_and_only_known_cues() -> None:
    names = [name for name, _ in decide.leads_table()]
    assert sorted(names) == sorted(decide.LEADS)
    assert len(names) == len(set(names))
    known = {*decide.FACTS, *decide.WORD_CUES}
    assert all(c in known for _, cues in decide.leads_table() for c, _ in cues)
    assert len(decide.FACTS) == len(set(decide.FACTS)) and not set(decide.FACTS) & set(decide.WORD_CUES)
    # the leads that always decide close the look for their shape: the plain yes is the last
    assert names[-1] == "yes"


def test_an_unknown_cue_in_the_table_fails_when_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    table = [*phrasing_data()["leads"], {"lead": "yes", "when": ["a cue nobody reads"]}]
    monkeypatch.setitem(phrasing_data(), "leads", table)
    decide.leads_table.cache_clear()
    try:
        with pytest.raises(KeyError, match="a cue nobody reads"):
            decide.leads_table()
    finally:
        monkeypatch.undo()
        decide.leads_table.cache_clear()


def _leads_run(engine: Engine, question: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    ran: list[str] = []
    for name, run in list(decide.LEADS.items()):
        monkeypatch.setitem(decide.LEADS, name, lambda a, name=name, run=run: ran.append(name) or run(a))
    engine.forget_questions()
    engine.ask(question)
    monkeypatch.undo()
    return ran


@pytest.mark.parametrize(
    ("question", "held", "not_held"),
    [
        (
            "does Herceptin need evicore precert",
            {"drugs", "one_drug", "yes_no", "answered", "yes_intent", "programs_named", "verdicts"},
            {"two_drugs", "codes", "asserted", "claim", "two_programs_named", "intent_passage", "coverage"},
        ),
        (
            "Keytruda and Opdivo go through evicore, right?",
            {"drugs", "two_drugs", "asserted", "claim", "claim_listed", "verdicts", "programs_named"},
            {"one_drug", "codes", "unknown", "either", "coverage"},
        ),
        ("is J9999 on sco and home infusion?", {"codes", "two_programs_named"}, {"drugs", "asserted"}),
    ],
)
def test_each_fact_is_read_into_its_own_bit(
    engine: Engine, question: str, held: set[str], not_held: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    facts = decide._facts
    monkeypatch.setattr(decide, "_facts", lambda a: seen.append(facts(a)) or seen[-1])
    engine.forget_questions()
    engine.ask(question)
    bits = {name for k, name in enumerate(decide.FACTS) if seen[0] >> k & 1}
    assert held <= bits and not not_held & bits
    assert seen[0] < 1 << len(decide.FACTS)


@pytest.mark.parametrize(
    ("question", "runs"),
    [
        ("does Herceptin need evicore precert", ["typed_lists", "yes"]),
        ("tecentriq on the evicore list?", ["typed_lists", "yes"]),
        ("pt getting Entyvio at the hospital, precert needed?", ["typed_lists", "yes"]),  # a group's word
    ],
)
def test_a_one_drug_yes_no_runs_only_the_leads_its_cues_allow(
    engine: Engine, question: str, runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _leads_run(engine, question, monkeypatch) == runs


@pytest.mark.parametrize(
    ("question", "starts"),
    [
        ("is Ocrevus on sco and sco+?", "Ocrevus — SCO site-of-care list: yes; SCO+"),  # each its own
        ("is Abecma a gene therapy?", "No — Abecma is not on the"),  # on another list
        ("does Herceptin need evicore precert", "Yes — "),
        ("Kadcyla goes through eviCore, right?", "Correct — "),
    ],
)
def test_the_lead_a_shape_needs_still_decides_it(engine: Engine, question: str, starts: str) -> None:
    assert first_sentence(engine.ask(question).text).startswith(starts)
