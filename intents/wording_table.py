"""intents/wording.toml, read once: the names, status words, sentences and per-program intents every
channel says and every family uses (data, so that a new program or a reworded verdict is a data change)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def wording_table() -> dict[str, Any]:
    return tomllib.loads(resources.files("intents").joinpath("wording.toml").read_text("utf-8"))


def program_intents() -> list[dict[str, Any]]:
    """One intent per program (or manifest group) a question can name: name, programs, order, summary,
    example."""
    return list(wording_table()["program_intent"])


def intents_carrying_programs() -> frozenset[str]:
    """Intents whose programs a bare follow-up ('what about Tysabri?') inherits: every per-program
    intent, and those the table adds (contacts, dates)."""
    table = wording_table()
    return frozenset([*(spec["name"] for spec in table["program_intent"]), *table["follow_up_carries"]])


def program_intent_problems(program_ids: tuple[str, ...], table: dict[str, Any] | None = None) -> list[str]:
    """What `kb check` says of the per-program intents: every program of the manifest is asked about
    under exactly one, and each names only the manifest's programs."""
    specs = (table or wording_table())["program_intent"]
    problems = []
    for program in program_ids:
        owners = [spec["name"] for spec in specs if program in spec["programs"]]
        if len(owners) != 1:
            problems.append(f"intents/wording.toml: program {program} is in {len(owners)} program intents {owners}")
    for spec in specs:
        problems += [
            f"intents/wording.toml: program intent {spec['name']} names {p}, not a program of the manifest"
            for p in spec["programs"]
            if p not in program_ids
        ]
    return problems
