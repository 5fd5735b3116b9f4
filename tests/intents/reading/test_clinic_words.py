"""The words of the asker's trade that the dictionary lacks — diseases and their abbreviations,
specialties, billing and chat shorthand ('myeloma', 'her2', 'rheumatologist', 'copay', 'diff') — and
superlatives ('oldest') are ordinary words: never "not found in the loaded documents" beside a drug."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.reading.dictionary import is_english
from intents.reading.non_drug_words import clinic_words


@pytest.mark.parametrize("word", ["myeloma", "her2", "rheumatologist", "esrd", "copay", "diff", "oldest", "latest"])
def test_the_askers_words_are_english(word: str) -> None:
    assert is_english(word)


def test_no_clinic_word_is_a_drug_or_generic_name(kb) -> None:
    names = {n.lower() for d in kb.drugs.values() for n in (d.name, *d.generics)}
    assert not clinic_words() & names


@pytest.mark.parametrize(
    "question",
    [
        "Dr. wants Carvykti for our myeloma pt. we're REMS certified - PA?",
        "her2+ metastatic breast, starting Kadcyla - evicore?",
        "our rheumatologist wants Actemra for RA, not cancer - who gets the request?",
        "CKD pt (not ESRD) on Procrit - evicore or cigna?",
    ],
)
def test_a_trade_word_beside_a_drug_is_never_said_not_found(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "answered"
    assert "not found in the loaded documents" not in answer.text
    assert "couldn't find" not in answer.text
