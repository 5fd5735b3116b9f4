"""schedule_check/schedule.toml against the code that fills it (what `kb check` says)."""

from __future__ import annotations

from schedule_check.checker import schedule_problems
from schedule_check.words import schedule_words


def test_every_sentence_of_a_checked_table_is_there_with_its_placeholders() -> None:
    assert schedule_problems() == []


def test_a_wrong_placeholder_or_a_status_without_words_is_a_problem() -> None:
    table = {section: dict(value) for section, value in schedule_words().items()}
    table["summary"] = {**table["summary"], "rows": "{n} rows", "labels": dict(table["summary"]["labels"])}
    del table["summary"]["labels"]["moved"]
    problems = schedule_problems(table)
    assert problems == [
        "schedule_check/schedule.toml: [summary] rows uses ['n']; it is given ['count']",
        "schedule_check/schedule.toml: no [summary.labels] moved",
    ]
