"""schedule_check/schedule.toml, read once: the header words a table's drug and code columns are known by,
and what a checked table says (row messages, the summary, the columns' names)."""

from __future__ import annotations

from functools import cache
from typing import Any

from knowledge.data_files import package_toml


@cache
def schedule_words() -> dict[str, Any]:
    return package_toml("schedule_check", "schedule.toml")


# The sentences of schedule_check/schedule.toml and the placeholders the code gives each (exactly these).
SCHEDULE_FIELDS: dict[str, dict[str, frozenset[str]]] = {
    "messages": {"not-found": frozenset(), "blank": frozenset(), "unreadable": frozenset()},
    "summary": {
        "rows": frozenset({"count"}),
        "one_row": frozenset({"count"}),
        "parts": frozenset({"rows", "parts"}),
        "needs_prior_auth": frozenset({"count", "by"}),
        "need_prior_auth": frozenset({"count", "by"}),
    },
    "terminal_table": {
        "read_as": frozenset({"drug", "read_as"}),
        "did_you_mean": frozenset({"names"}),
        "phone": frozenset({"phone"}),
        "fax": frozenset({"fax"}),
        "where": frozenset({"line", "date"}),
    },
    "csv": {"yours": frozenset({"name"}), "unnamed_column": frozenset({"number"})},
}
