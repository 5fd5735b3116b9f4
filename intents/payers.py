"""Payers and plan types other than Cigna's, named in a question (data: intents/payers.toml)."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources


@cache
def _payers() -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = tomllib.loads(resources.files("intents").joinpath("payers.toml").read_text("utf-8"))
    return tuple(
        (p["name"], re.compile(r"\b(?:" + "|".join(re.escape(w) for w in p["words"]) + r")\b")) for p in data["payer"]
    )


@cache
def payer_words() -> frozenset[str]:
    """Every word of a payer's names: never an unknown drug ('aetna', 'uhc')."""
    data = tomllib.loads(resources.files("intents").joinpath("payers.toml").read_text("utf-8"))
    return frozenset(t for p in data["payer"] for w in p["words"] for t in re.findall(r"[a-z0-9-]+", w))


def other_payers(text: str) -> list[str]:
    """The payers a (lowercased) question names, in the table's order."""
    return [name for name, pattern in _payers() if pattern.search(text)]
