"""Slack payloads for the tests: the recorded shapes in tests/fixtures/slack/, with the parts a test
cares about filled in (question, ids, thread, response_url). Ids and timestamps are fresh per call,
as Slack's are."""

from __future__ import annotations

import copy
import itertools
import json
from functools import cache
from pathlib import Path
from typing import Any

from tests.support.fake_slack import BOT_USER_ID

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "slack"
_serial = itertools.count(1)


@cache
def _load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def fixture(name: str) -> dict[str, Any]:
    return copy.deepcopy(_load(name))


def fresh_ts() -> str:
    return f"1732350000.{next(_serial):06d}"


def fresh_event_id() -> str:
    return f"Ev0TEST{next(_serial):07d}"


def _event(name: str, text: str | None, **event: Any) -> dict[str, Any]:
    envelope = fixture(name)
    ts = event.pop("ts", None) or fresh_ts()
    envelope["event_id"] = event.pop("event_id", None) or fresh_event_id()
    body = envelope["event"]
    body.update(ts=ts, event_ts=ts, **{k: v for k, v in event.items() if v is not None})
    if text is not None:
        body["text"] = text
        # Keep the rich-text copy of the message in step with its text, as Slack sends both.
        for block in body.get("blocks", []):
            for section in block.get("elements", []):
                section["elements"] = [e for e in section["elements"] if e.get("type") != "text"]
                section["elements"].append({"type": "text", "text": text})
    return envelope


def app_mention(
    question: str, *, channel: str = "C0INFUSION", thread_ts: str | None = None, **event: Any
) -> dict[str, Any]:
    return _event("event_app_mention", f"<@{BOT_USER_ID}> {question}", channel=channel, thread_ts=thread_ts, **event)


def direct_message(
    question: str, *, channel: str = "D0NURSE", thread_ts: str | None = None, **event: Any
) -> dict[str, Any]:
    return _event("event_message_im", question, channel=channel, thread_ts=thread_ts, **event)


def message_from_this_bot() -> dict[str, Any]:
    return _event("event_message_im_from_this_bot", None)


def message_from_another_bot() -> dict[str, Any]:
    return _event("event_message_im_other_bot", None)


def edited_message() -> dict[str, Any]:
    return _event("event_message_im_changed", None)


def home_opened(user: str = "U0NURSE", tab: str = "home") -> dict[str, Any]:
    return _event("event_app_home_opened", None, user=user, tab=tab)


def slash_command(
    text: str, *, response_url: str, channel: str = "C0INFUSION", user: str = "U0NURSE"
) -> dict[str, str]:
    fields = fixture("command_precert")
    fields.update(text=text, response_url=response_url, channel_id=channel, user_id=user)
    fields["trigger_id"] = f"7713{next(_serial):09d}.7700000000000.0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    return fields


def button_click(
    action: dict[str, Any], *, response_url: str, ephemeral: bool, user: str = "U0NURSE"
) -> dict[str, Any]:
    """A block_actions payload for a click on `action` (a button as the bot rendered it)."""
    payload = fixture("interaction_block_actions_ephemeral" if ephemeral else "interaction_block_actions_message")
    payload["response_url"] = response_url
    payload["user"]["id"] = user
    clicked = payload["actions"][0]
    clicked.update(action_id=action["action_id"], value=action["value"], text=action["text"], action_ts=fresh_ts())
    clicked.pop("style", None)
    if "style" in action:
        clicked["style"] = action["style"]
    return payload


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every button in a message's blocks, with its block_id, as Slack would hand one back."""
    found = []
    for block in blocks:
        if block.get("type") == "actions":
            found += [{**e, "block_id": block.get("block_id")} for e in block["elements"] if e["type"] == "button"]
    return found


def texts(blocks: list[dict[str, Any]]) -> str:
    """All the text a person sees in the blocks (section, context, header and button texts), one per line."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                out.append(node["text"])
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(out)


def answer_text(blocks: list[dict[str, Any]]) -> str:
    """The text of the answer itself: every block but the buttons."""
    return texts([b for b in blocks if b.get("type") != "actions"])


def text_objects(node: Any) -> list[dict[str, Any]]:
    """Every text object (mrkdwn or plain_text) anywhere in blocks or a view."""
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text") and "text" in node:
            return [node]
        return [t for v in node.values() for t in text_objects(v)]
    if isinstance(node, list):
        return [t for v in node for t in text_objects(v)]
    return []


def file_shared_in_dm(files: list[dict[str, Any]], text: str = "", **event: Any) -> dict[str, Any]:
    """A DM carrying files (message subtype file_share), as Slack sends it."""
    envelope = _event("event_message_im", text, subtype="file_share", files=files, upload=False, **event)
    envelope["event"].pop("client_msg_id", None)
    return envelope


def mention_with_files(files: list[dict[str, Any]], text: str = "check this schedule", **event: Any) -> dict[str, Any]:
    return app_mention(text, files=files, **event)
