"""Follow-ups reuse what the last answer in the same conversation was about, until it expires."""

from __future__ import annotations

from intents.context import Context, MemoryContextStore
from intents.engine import Engine
from knowledge.kb import KnowledgeBase
from tests.conftest import TODAY


def fresh(kb: KnowledgeBase, store: MemoryContextStore | None = None) -> Engine:
    return Engine(kb=kb, contexts=store or MemoryContextStore(), today=TODAY)


def test_what_about_asks_the_same_about_another_drug(kb: KnowledgeBase) -> None:
    e = fresh(kb)
    e.ask("is home infusion allowed for Ocrevus?", conversation_id="c1")
    a = e.ask("what about Tysabri?", conversation_id="c1")
    assert a.intent == "home_infusion"
    assert [(f.drug, f.program) for f in a.findings] == [("Tysabri", "home_infusion")]


def test_and_the_fax_gives_that_programs_fax(kb: KnowledgeBase) -> None:
    e = fresh(kb)
    e.ask("is Zolgensma on the gene therapy list?", conversation_id="c2")
    a = e.ask("and the fax?", conversation_id="c2")
    assert "833.910.1625" in a.headline


def test_a_program_follow_up_reuses_the_drug(kb: KnowledgeBase) -> None:
    e = fresh(kb)
    e.ask("does Ocrevus need prior auth", conversation_id="c3")
    a = e.ask("and home infusion?", conversation_id="c3")
    assert [(f.drug, f.program, f.listed) for f in a.findings] == [("Ocrevus", "home_infusion", True)]
    assert a.drugs[0].match.method == "context"


def test_conversations_do_not_leak_into_each_other(kb: KnowledgeBase) -> None:
    e = fresh(kb)
    e.ask("is home infusion allowed for Ocrevus?", conversation_id="a")
    a = e.ask("what about Tysabri?", conversation_id="b")
    assert a.intent == "prior_auth"


def test_context_expires() -> None:
    now = [0.0]
    store = MemoryContextStore(ttl=60, clock=lambda: now[0])
    store.put("c", Context(intent="home_infusion", programs=["home_infusion"]))
    assert store.get("c") is not None
    now[0] = 61
    assert store.get("c") is None


def test_memory_store_is_bounded() -> None:
    store = MemoryContextStore(max_entries=2)
    for i in range(3):
        store.put(str(i), Context(intent="x"))
    assert store.get("0") is None and store.get("2") is not None


def test_after_a_drug_the_documents_lack_it_no_longer_means_the_drug_before(kb: KnowledgeBase) -> None:
    e = fresh(kb)
    e.ask("keytruda evicore", conversation_id="c6")
    assert e.ask("what about entresto", conversation_id="c6").status == "not_found"
    a = e.ask("when was it added", conversation_id="c6")
    assert "Keytruda" not in a.text and a.drugs == []
    # ...while the program asked about still carries over to the next drug.
    assert [(f.drug, f.program) for f in e.ask("what about opdivo", conversation_id="c6").findings] == [
        ("Opdivo", "evicore_oncology")
    ]
