"""A drug asked about on a list that doesn't decide its authorization ('Keytruda at home', 'Avastin at
the HOPD') still gets the number of the desk that does: the eviCore line for an eviCore drug, said for its
oncology indications only where the row is dual-indication, and never for a use the question says is
another's."""

from __future__ import annotations

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


def _phone(kb: KnowledgeBase, program: str) -> str:
    return next(c.phone.value for c in kb.contacts(program) if c.phone)


def test_a_drug_on_no_list_asked_about_gets_its_own_lists_number(engine: Engine, kb: KnowledgeBase) -> None:
    answer = engine.ask("is keytruda on the home infusion list")
    assert _phone(kb, "evicore_oncology") in answer.headline
    assert any(c.program == "evicore_oncology" for c in answer.contacts)


def test_whom_to_call_for_a_drug_at_home_that_home_infusion_does_not_list(engine: Engine, kb: KnowledgeBase) -> None:
    answer = engine.ask("pt needs keytruda at home infusion, who do i call")
    assert answer.text.startswith(next(c.label for c in kb.contacts("evicore_oncology") if c.phone))


def test_another_desk_beside_the_lists_asked_about(engine: Engine, kb: KnowledgeBase) -> None:
    answer = engine.ask("does cigna require auth for J9035 at hopd")
    sco, evicore = (answer.headline.find(_phone(kb, p)) for p in ("sco", "evicore_oncology"))
    assert 0 <= sco < evicore  # the site-of-care verdict still leads; the eviCore desk follows
    assert "for oncology indications" in answer.headline


def test_not_for_a_use_the_question_gives_to_another(engine: Engine, kb: KnowledgeBase) -> None:
    answer = engine.ask("procrit for ckd anemia on the home infusion list?")
    assert _phone(kb, "evicore_oncology") not in answer.text


def test_a_drugs_line_remembered_for_the_edition_still_makes_its_desk_a_contact(kb: KnowledgeBase) -> None:
    """The drug's line is written once per edition (wording.drug_headline): asked again, word for word or
    in other words, the line and the eviCore desk among the contacts are the same as the first time."""
    engine = Engine(kb=kb)
    first = engine.ask("is keytruda on the home infusion list")
    engine.forget_questions()
    again = engine.ask("is keytruda on the home infusion list")
    other_words = engine.ask("keytruda home infusion list?")
    for answer in (again, other_words):
        assert answer.headline == first.headline
        assert [c.program for c in answer.contacts] == [c.program for c in first.contacts]
    assert any(c.program == "evicore_oncology" for c in first.contacts)
