"""A generic asked with a biosimilar word (in phrasings of our own): its biosimilars, the products whose
generic is it with a four-letter suffix, never its originator nor a combination sharing it; counted first
when a count is asked."""

from __future__ import annotations

import re

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


def biosimilars_of(kb: KnowledgeBase, generic: str) -> set[str]:
    suffixed = re.compile(rf"^{re.escape(generic)}-[a-z]{{4}}$")
    return {d.name for d in kb.drugs.values() if any(suffixed.match(g.lower().split(" (")[0]) for g in d.generics)}


@pytest.mark.parametrize(
    ("question", "generic"),
    [
        ("are the infliximab biosimilars on the sco list", "infliximab"),
        ("biosims of trastuzumab - site of care review?", "trastuzumab"),
        ("bevacizumab biosimilar products, which lists", "bevacizumab"),
    ],
)
def test_a_generics_biosimilars_are_its_suffixed_products_never_the_originator(
    engine: Engine, kb: KnowledgeBase, question: str, generic: str
) -> None:
    wanted = biosimilars_of(kb, generic)
    answer = engine.ask(question)
    assert len(wanted) >= 2
    assert {d.name for d in answer.drugs} == wanted


def test_a_suffixed_generic_with_no_bare_originator_is_still_its_drug(engine: Engine) -> None:
    # ravulizumab-cwvz is Ultomiris's own generic: no product in the documents is its originator.
    assert [d.name for d in engine.ask("ravulizumab biosimilar site of care").drugs] == ["Ultomiris"]


def test_how_many_biosimilars_leads_with_their_count(engine: Engine, kb: KnowledgeBase) -> None:
    answer = engine.ask("number of bevacizumab biosimilars?")
    assert answer.headline.startswith(f"{len(biosimilars_of(kb, 'bevacizumab'))} drugs:")


def test_a_lists_biosimilars_are_counted_from_their_generics(engine: Engine, kb: KnowledgeBase) -> None:
    on_list = {d.name for d in kb.drugs.values() if d.listings_for("sco_plus")}
    wanted = {n for g in ("trastuzumab", "rituximab", "bevacizumab") for n in biosimilars_of(kb, g)} & on_list
    answer = engine.ask("which sco+ products are biosimilars?")
    assert answer.intent == "rows_biosimilar"
    assert answer.headline.startswith(f"{len(wanted)} of the ")
    assert all(name in answer.headline for name in wanted)
    assert "Herceptin (" not in answer.headline and "Rituxan (" not in answer.headline


def test_a_classs_suffixed_generic_is_no_biosimilar(engine: Engine) -> None:
    # 'immune globulin subcutaneous (human)-hipp' (cutaquig) shares the class's words, not an originator's
    assert "cutaquig" not in engine.ask("how many biosimilars on the sco list").headline.lower()
