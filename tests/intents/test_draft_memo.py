"""What the rows of an edition say is put into words once per edition (intents/draft.py): the same
finding for the same drug and list in every answer, a marker's other use still answered apart, and
nothing kept once the edition is gone."""

from __future__ import annotations

import gc

from intents import draft as drafts
from intents.engine import Engine
from knowledge.kb import KnowledgeBase, load
from tests.conftest import FROZEN_SOURCES, TODAY


def test_a_drugs_finding_is_built_once_per_edition(engine: Engine) -> None:
    first = engine.ask("does keytruda need evicore precert?").findings
    again = engine.ask("keytruda evicore?").findings
    assert first and [f.program for f in first] == [f.program for f in again]
    assert all(a is b for a, b in zip(first, again, strict=True))


def test_the_memo_goes_with_its_edition(kb: KnowledgeBase) -> None:
    other = load(FROZEN_SOURCES)
    Engine(kb=other, today=TODAY).ask("does ocrevus need precert?")
    assert id(other) in drafts._EDITION_MEMOS
    key = id(other)
    del other
    gc.collect()
    assert key not in drafts._EDITION_MEMOS


def test_a_contact_is_named_by_one_ref(kb: KnowledgeBase) -> None:
    contact = next(c for p in kb.programs.values() for c in p.contacts)
    assert drafts.contact_ref(contact) is drafts.contact_ref(contact)
    assert drafts.contact_ref(contact) == drafts._contact_ref(contact)
