"""Another payer or plan type is told first that these documents are Cigna's."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.reading.payers import other_payers, payer_words


@pytest.mark.parametrize(
    "question, payer",
    [
        ("Humana PA for Ocrevus?", "Humana"),
        ("Blue Cross home infusion rules for Remicade", "Blue Cross Blue Shield"),
        ("does UHC need precert for keytruda", "UnitedHealthcare"),
        ("bcbs keytruda", "Blue Cross Blue Shield"),
        ("is Tysabri covered under medicaid", "Medicaid"),
        ("tricare - zolgensma?", "Tricare"),
    ],
)
def test_another_payer_is_told_first_these_are_cignas_documents(engine: Engine, question: str, payer: str) -> None:
    a = engine.ask(question)
    assert a.headline.startswith(f"These documents cover Cigna's plans only: they don't say what {payer} requires.")
    assert a.status in ("answered", "clarify")
    assert "What they say for Cigna:" in a.headline
    assert f"{payer} requires" not in a.headline.split("What they say for Cigna:")[1]


def test_a_payer_alone_is_not_an_unknown_drug(engine: Engine) -> None:
    a = engine.ask("aetna")
    assert a.headline.startswith("These documents cover Cigna's plans only: they don't say what Aetna requires.")
    assert "What they say for Cigna" not in a.headline
    assert "couldn't find" not in a.text


def test_cigna_alone_names_no_other_payer(engine: Engine) -> None:
    assert other_payers("does cigna need precert for keytruda") == []
    assert "These documents cover" not in engine.ask("does cigna need precert for keytruda").headline


def test_every_payer_word_is_a_stopword() -> None:
    from intents.reading.vocabulary import STOPWORDS

    assert payer_words() <= STOPWORDS
