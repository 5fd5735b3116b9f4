"""How long the answers are, and how soon they give the number to call: a busy nurse reads the first
screen. Measured on the answers' `text` (the short answer the CLI prints and `ask --json` returns) and on
the Slack message each answer becomes."""

from __future__ import annotations

import json
from collections.abc import Sequence

from intents.answer import Answer
from intents.engine import Engine
from render.slack_blocks import MAX_BLOCKS, MAX_MESSAGE_JSON, MAX_TEXT, answer_message

LEAD_CHARS = 300  # the number to call should be within this many characters of the start


def _percentile(values: Sequence[int], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def numbers_of(answer: Answer) -> list[str]:
    """The numbers an answer gives to call (phones, else faxes)."""
    phones = [c.phone for c in answer.contacts if c.phone]
    return phones or [c.fax for c in answer.contacts if c.fax]


def number_position(answer: Answer) -> int | None:
    """Where the first number to call starts in the text (None: the text gives none)."""
    found = [answer.text.find(n.split(" (")[0]) for n in numbers_of(answer)]
    found = [i for i in found if i >= 0]
    return min(found) if found else None


def _texts(block: dict) -> list[str]:
    out = []
    if "text" in block and isinstance(block["text"], dict):
        out.append(block["text"].get("text", ""))
    for element in block.get("elements", []) or []:
        if isinstance(element, dict) and element.get("type") in ("mrkdwn", "plain_text"):
            out.append(element.get("text", ""))
    for f in block.get("fields", []) or []:
        out.append(f.get("text", ""))
    return out


def slack_size(answer: Answer) -> dict:
    message = answer_message(answer, conversation_id="bench")
    texts = [t for b in message.blocks for t in _texts(b)]
    return {
        "json_chars": len(json.dumps(message.blocks, ensure_ascii=False)),
        "blocks": len(message.blocks),
        "longest_text": max((len(t) for t in texts), default=0),
        # A text Slack would have to take cut: the renderer clips only when an item can't fit.
        "cut": sum(t.endswith("…") for t in texts),
    }


def measure_answer_size(engine: Engine, questions: Sequence[str]) -> dict:
    answers = [engine.ask(q) for q in questions]
    answered = [a for a in answers if a.status == "answered"]
    single = [len(a.text) for a in answered if len(a.drugs) == 1]
    everything = [len(a.text) for a in answers]
    with_contact = [a for a in answers if numbers_of(a)]
    early = [a for a in with_contact if (p := number_position(a)) is not None and p < LEAD_CHARS]
    positions = [p for a in with_contact if (p := number_position(a)) is not None]
    slack = [slack_size(a) for a in answers]
    largest = max(slack, key=lambda s: s["json_chars"]) if slack else {"json_chars": 0, "blocks": 0}
    return {
        "answers": len(answers),
        "single_drug": {
            "n": len(single),
            "p50_chars": _percentile(single, 0.5),
            "p90_chars": _percentile(single, 0.9),
        },
        "all": {
            "p50_chars": _percentile(everything, 0.5),
            "p90_chars": _percentile(everything, 0.9),
            "max_chars": max(everything, default=0),
        },
        "contact": {
            "n": len(with_contact),
            "number_in_lead": len(early),
            "share_in_lead": len(early) / len(with_contact) if with_contact else None,
            "median_position": _percentile(positions, 0.5),
        },
        "slack": {
            "largest_json_chars": largest["json_chars"],
            "largest_blocks": max((s["blocks"] for s in slack), default=0),
            "longest_text": max((s["longest_text"] for s in slack), default=0),
            "items_cut": sum(s["cut"] for s in slack),
            "within_limits": all(
                s["json_chars"] <= MAX_MESSAGE_JSON and s["blocks"] <= MAX_BLOCKS and s["longest_text"] <= MAX_TEXT
                for s in slack
            ),
        },
    }
