"""bot/slack/notices.toml, read once: what the Slack bot says about itself (overload, failures, a
shared table it could not check), as data beside the code that sends it."""

from __future__ import annotations

import string
from functools import cache
from typing import Any

from knowledge.data_files import package_toml

# Each notice and the placeholders its sentence is given.
NOTICE_FIELDS: dict[str, frozenset[str]] = {
    "overloaded": frozenset(),
    "gave_up": frozenset(),
    "sorry": frozenset(),
    "share_failed": frozenset(),
    "could_not_read": frozenset(),
    "could_not_post": frozenset({"summary"}),
    "too_large": frozenset({"limit"}),
    "patient_details": frozenset(),
    "over_limit": frozenset({"limit"}),
    "too_long": frozenset({"length", "read"}),
    "you_chose": frozenset({"name"}),
    "megabytes": frozenset({"count"}),
    "rows": frozenset({"count"}),
    "checked_title": frozenset({"name"}),
}


@cache
def _notices() -> dict[str, str]:
    return package_toml("bot.slack", "notices.toml")


def notice(key: str, /, **fields: Any) -> str:
    """A notice of bot/slack/notices.toml, its placeholders filled."""
    return _notices()[key].format(**fields) if fields else _notices()[key]


def notice_problems(table: dict[str, str] | None = None) -> list[str]:
    """What `kb check` says of the notices: each is there, with exactly its placeholders."""
    table = _notices() if table is None else table
    problems = []
    for name, fields in NOTICE_FIELDS.items():
        if name not in table:
            problems.append(f"bot/slack/notices.toml: no {name}")
            continue
        used = {field for _, field, _, _ in string.Formatter().parse(table[name]) if field}
        if used != fields:
            problems.append(f"bot/slack/notices.toml: {name} uses {sorted(used)}, not {sorted(fields)}")
    return problems
