"""What of a Slack message is the question, and what is context: a quoted earlier message ("> …" lines,
Slack's quote markup) and struck text ("~Rituxan~") are what was said before or taken back, not what
is asked now."""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTE_MARK = re.compile(r"^\s*(?:>|&gt;)+\s?")
# A quote typed on the same line as the question (or flattened onto one): up to the end of its sentence.
_QUOTED_SENTENCE = re.compile(r"^\s*(?:>|&gt;)+\s?(?P<quote>[^\n]*?[?!.])\s+(?P<rest>\S.*)$", re.DOTALL)
# Slack's strike-through: a tilde right before a word and right after one, on one line.
# A typed mention ('@precert-bot', '@channel'; Slack's own <@U…> markup is read elsewhere): who is
# addressed, not what is asked. Only at the start of a word, so an email address is kept.
_TYPED_MENTION = re.compile(r"(?<!\S)@[\w.-]+[:,]?")
_STRUCK = re.compile(r"(?<![\w~])~(?=\S)(?P<struck>[^~\n]*?\S)~(?![\w~])")


@dataclass(frozen=True)
class Message:
    question: str  # what is asked
    quoted: str = ""  # an earlier message quoted above it
    struck: tuple[str, ...] = ()  # words struck through: taken back

    @property
    def context(self) -> str:
        return self.quoted


def read_message(raw: str) -> Message:
    """Split a message into its question and its context. A message that is all quote (a question pasted
    as a quote and nothing more) is its own question."""
    if "@" in raw:
        raw = _TYPED_MENTION.sub(" ", raw).strip() or raw
    if "~" not in raw and ">" not in raw and "&gt;" not in raw:
        return Message(raw)
    struck = tuple(m.group("struck") for m in _STRUCK.finditer(raw))
    text = _STRUCK.sub(" ", raw) if struck else raw
    lines = text.split("\n")
    quoted = [_QUOTE_MARK.sub("", line) for line in lines if _QUOTE_MARK.match(line)]
    asked = [line for line in lines if not _QUOTE_MARK.match(line)]
    if quoted and any(line.strip() for line in asked):
        return Message("\n".join(asked), "\n".join(quoted), struck)
    one_line = _QUOTED_SENTENCE.match(text) if quoted and len(lines) == 1 else None
    if one_line:
        return Message(one_line.group("rest"), one_line.group("quote"), struck)
    if quoted:  # nothing but the quote: it is what is asked
        return Message("\n".join(quoted), "", struck)
    if not text.strip():  # everything struck: the struck words are all there is to answer
        return Message(raw.replace("~", " "), "", ())
    return Message(text, "", struck)
