"""Words written beside a drug's name. A generic right beside one of its own brands ('Herceptin
(trastuzumab)') says which product is meant: the answer is about that brand, not also about every
biosimilar sharing the generic. A name no document prints right after a listed one ('Keytruda Qlex') may
be another product: asked back, never answered as the listed drug."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


@pytest.mark.parametrize(
    ("question", "brand"),
    [
        ("does herceptin (trastuzumab) need precert", "Herceptin"),
        ("rituxan (rituximab) PA?", "Rituxan"),
        ("avastin/bevacizumab at the hopd", "Avastin"),
        ("pembrolizumab (Keytruda) evicore?", "Keytruda"),
        ("Remicade infliximab home infusion", "Remicade"),
    ],
)
def test_the_brand_alone_is_answered(engine: Engine, question: str, brand: str) -> None:
    assert [d.name for d in engine.ask(question).drugs] == [brand]


def test_a_generic_alone_still_names_every_product(engine: Engine, kb: KnowledgeBase) -> None:
    sharing = [d.name for d in kb.drugs.values() if any(g.lower().startswith("trastuzumab") for g in d.generics)]
    names = {d.name for d in engine.ask("trastuzumab precert?").drugs}
    assert len(sharing) > 1 and names >= {"Herceptin", "Kanjinti"}


@pytest.mark.parametrize(
    ("question", "listed"),
    [
        ("Is Keytruda Qlex on the evicore list?", "Keytruda"),
        ("ocrevus zunovo home infusion precert", "Ocrevus"),
        ("does vyvgart hytrulo need PA", "Vyvgart"),
    ],
)
def test_a_product_word_after_a_listed_name_is_asked_back(engine: Engine, question: str, listed: str) -> None:
    """Another product than the listed one, or not: never a 'Yes' about the listed drug."""
    answer = engine.ask(question)
    assert answer.status == "clarify" and not answer.drugs
    assert [c.name for c in answer.candidates] == [listed]


@pytest.mark.parametrize("question", ["keytruda pembro auth", "opdivo nivo precert?", "keytruda, humira PA"])
def test_a_shortened_generic_or_a_list_is_not_another_product(engine: Engine, question: str) -> None:
    assert engine.ask(question).status == "answered"


@pytest.mark.parametrize(
    ("question", "drug"), [("xolair autoinjector precert", "Xolair"), ("prolia prefilled syringe PA", "Prolia")]
)
def test_a_presentation_of_the_same_product_is_answered_as_it(engine: Engine, question: str, drug: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "answered" and [d.name for d in answer.drugs] == [drug]
