"""A question asked again is read from what its first asking understood (intents/reading/understood.py):
read once, each asking with its own copy, bounded, and gone with its edition. Counted, not timed."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.reading.entities import Matcher
from intents.reading.understood import Understood, fresh
from knowledge.kb import KnowledgeBase
from tests.conftest import TODAY


@pytest.fixture
def own_engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb=kb, today=TODAY)  # its own store of understood questions


def count_resolves(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    resolve = Matcher.resolve

    def counted(self: Matcher, norm, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(norm.clean)
        return resolve(self, norm, *args, **kwargs)

    monkeypatch.setattr(Matcher, "resolve", counted)
    return seen


def test_a_question_asked_again_is_read_once_and_answered_the_same(
    own_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = count_resolves(own_engine, monkeypatch)
    first = own_engine.ask("does keytrudah need evicore precert?")
    again = own_engine.ask("does keytrudah need evicore precert?")
    assert seen == ["does keytrudah need evicore precert?"]
    assert again == first
    own_engine.forget_questions()
    assert own_engine.ask("does keytrudah need evicore precert?") == first
    assert len(seen) == 2


def test_a_conversation_fills_in_its_own_copy(own_engine: Engine) -> None:
    own_engine.ask("does keytruda need precert?", conversation_id="c1")
    followed = own_engine.ask("and the fax?", conversation_id="c1")
    assert [d.name for d in followed.drugs] == ["Keytruda"]
    alone = own_engine.ask("and the fax?")  # the same words with no conversation: no drug carried over
    assert alone.drugs == []
    assert [d.name for d in own_engine.ask("and the fax?", conversation_id="c1").drugs] == ["Keytruda"]


def test_the_store_is_bounded_and_hands_out_copies(own_engine: Engine) -> None:
    store = Understood(limit=3)
    kept = own_engine._understand("does ocrevus need precert?")
    for n in range(5):
        store.put(f"q{n}", *kept)
    assert len(store) == 3 and store.get("q0") is None and store.get("q4") is not None
    _, q, readings = store.get("q4")  # type: ignore[misc]
    q.found.drugs.clear()
    q.programs.append("sco")
    readings.append("changed")
    _, again, readings_again = store.get("q4")  # type: ignore[misc]
    assert again.found.drugs and "sco" not in again.programs and "changed" not in readings_again


def test_fresh_copies_what_can_change_and_shares_what_cannot(own_engine: Engine) -> None:
    _, q, _ = own_engine._understand("is home infusion allowed for ocrevus?")
    copy = fresh(q)
    assert copy is not q and copy.found is not q.found and copy.found.drugs is not q.found.drugs
    assert copy.programs == q.programs and copy.programs is not q.programs
    assert copy.norm is q.norm and copy.found.drugs[0] is q.found.drugs[0]  # frozen: shared


def test_a_new_edition_reads_questions_anew(own_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    own_engine.ask("does tysabri need precert?")
    own_engine.swap(own_engine.kb)
    seen = count_resolves(own_engine, monkeypatch)
    own_engine.ask("does tysabri need precert?")
    assert seen == ["does tysabri need precert?"]
