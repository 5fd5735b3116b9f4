"""Reading an answer as its reader does, for the tests: the first sentence (where the point must be,
rule 5) and whether a document's line is among the lines it cites (rule 1)."""

from __future__ import annotations

import re

from intents.answer import Answer

# A reader's sentence ends at a full stop, question or exclamation mark followed by a space or the end,
# or at a line break: the same split the answer checker makes.
_SENTENCE_END = re.compile(r"[.?!](\s|$)|\n")


def first_sentence(text: str) -> str:
    """The text up to and including its first sentence's end."""
    m = _SENTENCE_END.search(text)
    return text[: m.start() + 1] if m else text


def cites_line(a: Answer, source: str, line: int) -> bool:
    """The answer cites `source`'s line `line`, itself or in one of its statements."""
    cites = [*a.citations, *(c for s in a.statements for c in s.citations)]
    return any(c.source == source and c.line == line for c in cites)
