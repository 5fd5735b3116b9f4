"""Terminal rendering of an Answer: verdict first, then why, who to call, and the lines quoted."""

from __future__ import annotations

import textwrap

from intents.answer import Answer
from intents.answers import contact_line

WIDTH = 100


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent if first is None else first, subsequent_indent=indent) or [
        indent.rstrip()
    ]


def render_text(answer: Answer, contact_fields: list[str] | None = None) -> str:
    lines: list[str] = []
    for reading in answer.readings:
        lines += _wrap(reading)
    if answer.headline:
        lines += _wrap(answer.headline)
    if answer.status == "clarify" and answer.candidates:
        for c in answer.candidates:
            codes = f" ({', '.join(c.hcpcs)})" if c.hcpcs else ""
            lines.append(f"  • {c.name}{codes}")
    listed = [f for f in answer.findings if f.listed]
    if listed:
        lines.append("Details:")
        for f in answer.findings:
            lines += _wrap(f"{f.drug} — {f.summary}", "    ", "  • ")
    elif answer.findings:
        for f in answer.findings:
            lines += _wrap(f"{f.drug} — {f.summary}", "    ", "  • ")
    for s in answer.statements:
        lines += _wrap(s.summary, "    ", "  • ")
    if answer.examples:
        lines.append("Examples:")
        lines += [f"  • {e}" for e in answer.examples]
    if answer.contacts:
        lines.append("Contacts:")
        for c in answer.contacts:
            line = contact_line(c)
            if line:
                lines += _wrap(line, "    ", "  • ")
    if answer.citations:
        lines.append("Sources:")
        for c in answer.citations:
            name = c.file.rsplit("/", 1)[-1]
            lines.append(f"  {name}:{c.line}  {' '.join(c.text.split())}")
    if answer.sources:
        dated = "; ".join(f"{s.title} ({s.date})" for s in answer.sources)
        lines += _wrap(f"Documents: {dated}.")
    for note in answer.notes:
        lines += _wrap(f"Note: {note}")
    return "\n".join(lines)
