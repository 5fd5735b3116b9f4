"""Terminal rendering of an Answer."""

from __future__ import annotations

from intents.answer import Answer


def render_text(answer: Answer) -> str:
    return answer.text
