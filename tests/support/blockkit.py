"""Block Kit checked the way Slack would: every block read back through slack_sdk's models unchanged
(their to_dict validates lengths and required fields as Slack documents them), and Slack's limits on a
message kept."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import Block

from render.slack_blocks import MAX_BLOCKS, MAX_MESSAGE_JSON, MAX_TEXT


def assert_valid_message(blocks: list[dict[str, Any]]) -> None:
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None and parsed.to_dict() == block, block
    assert 0 < len(blocks) <= MAX_BLOCKS
    assert len(json.dumps(blocks, ensure_ascii=False)) <= MAX_MESSAGE_JSON
    for block in blocks:
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= MAX_TEXT
        elif block["type"] == "context":
            assert all(0 < len(e["text"]) <= MAX_TEXT for e in block["elements"])


def first_section(blocks: list[dict[str, Any]]) -> str:
    assert blocks[0]["type"] == "section", "the verdict comes first"
    return blocks[0]["text"]["text"]
