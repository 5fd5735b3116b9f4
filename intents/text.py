"""Plain-text rendering of an Answer: verdict first, then why, who to call, the lines quoted, dates."""

from __future__ import annotations

import textwrap

from intents.answer import Answer
from intents.answers import contact_line

TERMINAL_WIDTH = 100
TERMINAL_SOURCE_CHARS = 220  # a cited paragraph is shown clipped in a terminal; JSON keeps it whole


def render_text(answer: Answer, width: int | None = None) -> str:
    """The answer as a person reads it: wrapped to `width` for a terminal, else one line per item."""

    def wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
        first = indent if first is None else first
        if width is None:
            return [first + text]
        return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=indent) or [first.rstrip()]

    def clip(text: str) -> str:
        text = " ".join(text.split())
        if width is None or len(text) <= TERMINAL_SOURCE_CHARS:
            return text
        return text[: TERMINAL_SOURCE_CHARS - 1] + "…"

    lines: list[str] = []
    for reading in answer.readings:
        lines += wrap(reading)
    if answer.headline:
        lines += wrap(answer.headline)
    for c in answer.candidates:
        codes = f" ({', '.join(c.hcpcs)})" if c.hcpcs else ""
        lines.append(f"  • {c.name}{codes}")
    details = [f for f in answer.findings if f.status != "not-found"]  # the headline says those
    if details:
        lines.append("Details:")
        for f in details:
            lines += wrap(f"{f.drug} — {f.summary}", "    ", "  • ")
    for s in answer.statements:
        lines += wrap(s.summary, "    ", "  • ")
    if answer.examples:
        lines.append("Examples:")
        lines += [f"  • {e}" for e in answer.examples]
    contacts = [line for line in (contact_line(c) for c in answer.contacts) if line]
    if contacts:
        lines.append("Contacts:")
        for line in contacts:
            lines += wrap(line, "    ", "  • ")
    if answer.citations:
        lines.append("Sources:")
        for c in answer.citations:
            lines.append(f"  {c.file.rsplit('/', 1)[-1]}:{c.line}  {clip(c.text)}")
    if answer.sources:
        lines += wrap("Documents: " + "; ".join(f"{s.title} ({s.date})" for s in answer.sources) + ".")
    for note in answer.notes:
        lines += wrap(f"Note: {note}")
    return "\n".join(lines)
