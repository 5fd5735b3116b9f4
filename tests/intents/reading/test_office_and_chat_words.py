"""Words people type at work that GCIDE lacks — irregular forms ('dealt'), the office's and the EHR's
words ('memo', 'workflow', 'workqueue', 'BPA', 'download'), days as schedulers write them ('thurs') and
chat shorthand ('lol', 'idk') — are ordinary words: never an unknown drug, never "not found"."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.reading.dictionary import is_english


@pytest.mark.parametrize(
    "word", ["dealt", "memo", "workflow", "workqueue", "bpa", "download", "thurs", "idk", "endometriosis", "icd-10"]
)
def test_the_words_of_the_office_are_english(word: str) -> None:
    assert is_english(word)


@pytest.mark.parametrize("name", ["humira", "kesimpta", "leqembi", "dupixent", "spinraza"])
def test_a_drug_no_document_names_is_still_not_english(name: str) -> None:
    assert not is_english(name)


@pytest.mark.parametrize(
    ("question", "drug"),
    [
        ("we dealt with this last year but forgot - Benlysta at the HOPD, site of care?", "Benlysta"),
        ("updating our workflow doc: Cinqair at home, precert?", "Cinqair"),
        ("pt on the thurs schedule for Uplizna, anything from cigna?", "Uplizna"),
        ("idk who to ask lol - Tepezza sco?", "Tepezza"),
        ("our epic workqueue shows Vyvgart, PA needed?", "Vyvgart"),
    ],
)
def test_an_office_word_beside_a_drug_is_never_said_not_found(engine: Engine, question: str, drug: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "answered" and [d.name for d in answer.drugs] == [drug]
    assert "couldn't find" not in answer.text and "not found in the loaded documents" not in answer.text
