"""Who asks and from where, and ordinary words the dictionary spells otherwise, are never reported as
drugs the documents lack; an unknown drug beside them still is, once."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import default_kb

ENGINE = Engine(kb=default_kb())


@pytest.mark.parametrize(
    ("question", "people"),
    [
        (
            "Good morning, Lakeisha here from Dr. Okonkwo's practice in Fresno. Does Omvoh need PA?",
            ["lakeisha", "okonkwo", "fresno"],
        ),
        ("this is Marisol with Dr Brandtner, is Omvoh on the evicore list?", ["marisol", "brandtner"]),
        ("my name is Tavita, our clinic in Gainesville wants Omvoh at home", ["tavita", "gainesville"]),
        ("Omvoh site of care? thanks Jorunn", ["jorunn"]),
    ],
)
def test_names_of_people_and_places_are_not_missing_drugs(question: str, people: list[str]) -> None:
    answer = ENGINE.ask(question)
    assert answer.status == "not_found"
    assert "omvoh" in answer.headline.lower()  # the unknown drug is still said
    for word in people:
        assert word not in answer.text.lower()


@pytest.mark.parametrize(
    "question",
    [
        "Xolair for perimenopausal asthma, home infusion?",
        "Tysabri was denied, who do I call?",
        "is Ocrevus ok for a nonambulatory pt at home?",
        "Entyvio preauthorization renewal - homeinfusion?",
    ],
)
def test_ordinary_words_beside_a_drug_are_not_reported(question: str) -> None:
    answer = ENGINE.ask(question)
    assert answer.status == "answered"
    assert "not found" not in answer.text and "couldn't find" not in answer.text


def test_a_word_typed_twice_is_named_once() -> None:
    answer = ENGINE.ask("Omvoh or omvoh IV - does Omvoh need precert?")
    assert answer.headline.lower().count("omvoh") == 1


@pytest.mark.parametrize("name", ["Dr. Keytruda", "Keytruda here"])
def test_a_printed_name_wins_over_where_it_stands(name: str) -> None:
    assert "Keytruda" in [d.name for d in ENGINE.ask(name).drugs]
