"""schedule_check/schedule.toml, read once: the header words a table's drug and code columns are known by,
and what a checked table says (row messages, the summary, the columns' names)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def schedule_words() -> dict[str, Any]:
    return tomllib.loads(resources.files("schedule_check").joinpath("schedule.toml").read_text("utf-8"))
