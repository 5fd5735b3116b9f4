"""The Slack app manifest asks for exactly what the app uses (read without a YAML library: the
manifest is simple, and the test only needs its lists and flags)."""

from __future__ import annotations

import re
from pathlib import Path

MANIFEST = Path(__file__).resolve().parents[2] / "deploy" / "slack-app-manifest.yml"


def items_under(text: str, key: str) -> list[str]:
    """The `- item` lines of the list that follows `key:` (comments dropped)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{key}:")
    found = []
    for line in lines[start + 1 :]:
        item = re.match(r"\s*- ([^#]+?)\s*(?:#.*)?$", line)
        if not item:
            break
        found.append(item.group(1))
    return found


def flag(text: str, key: str) -> str:
    (value,) = re.findall(rf"^\s*{key}: (\S+)", text, re.MULTILINE)
    return value


def test_least_privilege_scopes_and_the_events_the_app_handles() -> None:
    text = MANIFEST.read_text(encoding="utf-8")

    assert sorted(items_under(text, "bot")) == [
        "app_mentions:read",
        "channels:history",
        "chat:write",
        "commands",
        "files:read",
        "files:write",
        "groups:history",
        "im:history",
    ]
    assert sorted(items_under(text, "bot_events")) == ["app_home_opened", "app_mention", "message.im"]
    assert "- command: /precert" in text


def test_socket_mode_interactivity_and_the_home_tab_are_on() -> None:
    text = MANIFEST.read_text(encoding="utf-8")

    for key in ("socket_mode_enabled", "is_enabled", "home_tab_enabled", "messages_tab_enabled"):
        assert flag(text, key) == "true", key
    assert flag(text, "messages_tab_read_only_enabled") == "false"
