"""The README's answer shapes are the bot's own answers, verbatim: each example question there gets that
first paragraph today (from the live documents folder, as `precert-bot ask` reads it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from intents.engine import Engine
from knowledge.kb import default_kb

README = Path(__file__).resolve().parents[3] / "README.md"
SECTION = "### Answers in the question's shape"
EXAMPLE = re.compile(r"^- \*\*(?P<kind>[^*]+)\*\* — “(?P<question>[^”]+)”\n  > (?P<headline>.+)$", re.M)


def _examples() -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :]
    section = section[: section.index("\n#", len(SECTION))]
    return [(m["question"], m["headline"]) for m in EXAMPLE.finditer(section)]


def test_the_readme_shows_every_shape() -> None:
    assert len(_examples()) >= 6  # premise, coverage, range, unit, count, small talk (and more)


@pytest.mark.parametrize(("question", "headline"), _examples())
def test_each_readme_example_is_the_bots_answer(question: str, headline: str) -> None:
    assert Engine(kb=default_kb()).ask(question).headline == headline
