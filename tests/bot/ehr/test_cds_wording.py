"""bot/ehr/cds.toml against the code that fills it (what `kb check` says)."""

from __future__ import annotations

from bot.ehr.cds_wording import cds_problems, wording


def test_every_sentence_of_a_card_is_there_with_its_placeholders() -> None:
    assert cds_problems() == []


def test_a_sentence_missing_or_asking_for_a_field_it_is_not_given_is_a_problem() -> None:
    table = {section: dict(value) if isinstance(value, dict) else value for section, value in wording().items()}
    table["cards"]["detail_quote"] = "> {text} ({page})"
    del table["crd"]["reason_where"]
    assert cds_problems(table) == [
        "bot/ehr/cds.toml: [cards] detail_quote uses ['page', 'text']; it is given ['file', 'line', 'text']",
        "bot/ehr/cds.toml: no [crd] reason_where",
    ]
