"""render/slack_message.toml and render/home_tab.toml, read once: what Slack shows around an answer (its
buttons, group headings, the note of what did not fit) and what the App Home tab says of the bot."""

from __future__ import annotations

from functools import cache
from typing import Any

from intents.wording_table import placeholder_problems
from knowledge.data_files import package_toml

# Each line of render/slack_message.toml and the placeholders the code gives it (exactly these).
SLACK_MESSAGE_FIELDS: dict[str, dict[str, frozenset[str]]] = {
    "buttons": {
        "show_all": frozenset({"count"}),
        "show_sources": frozenset(),
        "more_examples": frozenset({"count"}),
        "share": frozenset(),
    },
    "headings": {"examples": frozenset(), "contacts": frozenset(), "documents": frozenset()},
    "lines": {
        "no_answer": frozenset(),
        "shared_an_answer": frozenset({"user", "question"}),
        "shared": frozenset({"user"}),
        "note": frozenset({"note"}),
        "cited_line": frozenset({"line", "text"}),
        "rows_continued": frozenset({"first", "last", "count"}),
        "more_lines": frozenset({"count"}),
    },
    "shortened": {"note": frozenset({"counts", "ask"}), "show_all_lists_them": frozenset(), "rows_follow": frozenset()},
    "left_out": {key: frozenset() for key in ("items", "details", "examples", "contacts", "source_lines", "blocks")},
}


@cache
def _table(name: str) -> dict[str, Any]:
    return package_toml("render", name)


def said(section: str, key: str, /, **fields: object) -> str:
    """A line of render/slack_message.toml's `section`, its placeholders filled."""
    text = _table("slack_message.toml")[section][key]
    return text.format(**fields) if fields else text


def home_tab() -> dict[str, Any]:
    """render/home_tab.toml: what the App Home tab says of the bot."""
    return _table("home_tab.toml")


def slack_message_problems(table: dict[str, Any] | None = None) -> list[str]:
    """What `kb check` says of render/slack_message.toml: each line there, with exactly its placeholders."""
    return placeholder_problems(
        "render/slack_message.toml",
        _table("slack_message.toml") if table is None else table,
        SLACK_MESSAGE_FIELDS,
        exact=tuple(SLACK_MESSAGE_FIELDS),
    )
