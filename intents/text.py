"""Plain-text rendering of an Answer, short enough to read at a glance: the verdict and the number to
call first, one line per drug and list, each footnote once, compact source references and one note on
the documents' age. The verbatim quotes are shown on request (`sources=True`: the CLI's --sources)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence
from operator import is_
from typing import Any, TypeVar

from intents.answer import Answer, Citation, ContactRef, Finding
from intents.draft import CONTACT_FIELD_LABELS
from intents.wording import LIST_MIN
from intents.wording_table import table_sentence

TERMINAL_WIDTH = 100
TERMINAL_SOURCE_CHARS = 220  # a cited paragraph is shown clipped in a terminal; JSON keeps it whole
T = TypeVar("T")
CONTACT_FIELDS = ("phone", "fax", "email", "url", "hours")

# The documents were converted from web pages and keep some Markdown: shown to a person, it is noise.
# Only for display: a citation's `text` stays the verbatim line.
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^)\s]*\)")  # [text](#) -> text (the text may hold \[ \])
_SIGN = re.compile(r"\[([®™℠©])\]")  # [®] -> ®
# **855.678.0051** -> 855.678.0051. A run of three ('***FUSILEV', 'marked ***: marker ***') is a marker, and so
# is '**' beside a space ('marked ** (…)'): taking those as bold turned 'marked ***' into 'marked *'.
_BOLD = re.compile(r"(?<!\*)\*\*(?![*\s])([^*\t]*?[^*\s])\*\*(?!\*)")
_ESCAPED = re.compile(r"\\([\\\[\]()*_#])")  # \[1605\] -> [1605]; an escaped backslash too, so cleaning settles


def clean_markup(text: str) -> str:
    """A document's line as a person should read it: no Markdown links, bold or escapes."""
    if "[" not in text and "*" not in text and "\\" not in text:  # nothing to take out (most lines)
        return text
    text = _LINK.sub(r"\1", text)
    text = _SIGN.sub(r"\1", text)
    text = _BOLD.sub(r"\1", text)
    return _ESCAPED.sub(r"\1", text)


def call_first(answer: Answer) -> ContactRef | None:
    """The number to call first (intents/answer.py, Answer.first_call)."""
    return answer.first_call()


def call_line(answer: Answer) -> str | None:
    """'Call …' when the headline doesn't already give a number to call."""
    first = call_first(answer)
    if first is None or first.phone is None or first.phone in answer.headline:
        return None
    if any(c.phone and c.phone in answer.headline for c in answer.contacts):
        return None
    return table_sentence("terminal", "call", label=first.label, phone=first.phone)


def detail_lines(answer: Answer) -> list[str]:
    """One line per drug per list, without the verdict; drugs whose rows read the same share a line
    (Procrit and Epogen)."""
    return list(_by_parts("details", answer.findings, (), _detail_lines))


def _detail_lines(findings: Sequence[Finding], _: tuple = ()) -> tuple[str, ...]:
    shown = [f for f in findings if f.listed and f.detail]
    drugs = list(dict.fromkeys(f.drug for f in shown))
    by_detail: dict[str, list[Finding]] = {}
    for f in shown:
        by_detail.setdefault(f.detail, []).append(f)
    lines = []
    for detail, same in by_detail.items():
        names = " / ".join(dict.fromkeys(f.drug for f in same))
        lines.append(f"{names} — {detail}" if len(drugs) > 1 else detail)
    return tuple(lines)


def is_list(answer: Answer) -> bool:
    """An answer about many drugs is a list: its rows carry the details."""
    findings = answer.findings
    return len(findings) >= LIST_MIN and len({f.drug for f in findings}) >= LIST_MIN  # (most: a few findings)


def contact_extras(answer: Answer, already: str) -> list[str]:
    """What the contacts add to what is already said: their numbers, hours and portals not yet given."""
    lines = []
    for lead, labeled in _by_parts("extras", answer.contacts, (), _contacts_labeled):
        shown = [text for text, value in labeled if value not in already]
        if shown:
            lines.append(lead + ", ".join(shown))
    return lines


_LABELED = tuple((field, CONTACT_FIELD_LABELS[field]) for field in CONTACT_FIELDS)


def _contacts_labeled(
    contacts: Sequence[ContactRef], _: tuple = ()
) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Each contact to call ('Label: '), with each of its details labeled ('phone 800…') and as printed."""
    out = []
    for c in contacts:
        if not (c.phone or c.fax):  # a page of program information is in the sources, not a number to call
            continue
        printed = c.__dict__  # (its fields, read once each)
        out.append(
            (
                f"{c.label}: ",
                tuple((f"{label} {value}", value) for field, label in _LABELED if (value := printed[field])),
            )
        )
    return tuple(out)


def source_refs(answer: Answer) -> list[str]:
    """Compact references: each document by its file and date (dates are part of the answer), and the
    lines cited."""
    return list(_refs(answer)[:-1])


def _refs(answer: Answer) -> tuple[str, ...]:
    """source_refs, then the line that says them ('' for none); kept by the answer's documents and lines."""
    sources = answer.sources
    return _by_parts("refs", [*sources, *answer.citations], (len(sources),), _refs_said)


def _refs_said(parts: Sequence[Any], count: tuple[int]) -> tuple[str, ...]:
    sources, citations = parts[: count[0]], parts[count[0] :]
    refs = _source_refs(citations, tuple((s.id, s.date) for s in sources))
    return (*refs, table_sentence("terminal", "sources", sources="; ".join(refs)) if refs else "")


def _source_refs(citations: Sequence[Citation], dated: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    dates = dict(dated)
    by_file: dict[str, tuple[str, set[int]]] = {}  # lines in a set: a list overview cites hundreds
    by_path: dict[str, set[int]] = {}  # each path's file name read once (an answer cites a few files)
    for c in citations:
        lines = by_path.get(c.file)
        if lines is None:
            _, lines = by_file.setdefault(c.file.rsplit("/", 1)[-1], (dates.get(c.source, ""), set()))
            by_path[c.file] = lines
        lines.add(c.line)
    refs = []
    for name, (when, lines) in by_file.items():
        dated = f"{name} ({when})" if when else name
        refs.append(f"{dated} {'line' if len(lines) == 1 else 'lines'} {', '.join(map(str, sorted(lines)))}")
    return tuple(refs)


# What an answer's findings and cited lines come to in its text, kept by those very parts: most answers
# are made of an edition's own findings and lines (intents/draft.py's memos), so a drug's details and
# references are written once, not at every answer. Each entry holds its parts, so an id is never
# another part's; the memo starts over past its size.
_BY_PARTS: dict[tuple, tuple[tuple[object, ...], tuple[Any, ...]]] = {}
MAX_BY_PARTS = 2048


def _by_parts(
    kind: str, parts: Sequence[Any], extra: tuple, write: Callable[[Any, tuple], tuple[T, ...]]
) -> tuple[T, ...]:
    """`write(parts, extra)`, kept for these very parts (and `extra`, a key of plain values)."""
    key = (kind, extra, *map(id, parts))
    known = _BY_PARTS.get(key)
    if known is not None and all(map(is_, known[0], parts)):
        return known[1]
    if len(_BY_PARTS) >= MAX_BY_PARTS:
        _BY_PARTS.clear()
    written = write(parts, extra)
    _BY_PARTS[key] = (tuple(parts), written)
    return written


def legend_lines(answer: Answer) -> list[str]:
    """Each marker or footnote once, unless the headline already says what it means."""
    if not answer.legend:  # (most answers)
        return []
    return [s.summary for s in answer.legend if s.summary.split(": ", 1)[-1].rstrip(".") not in answer.headline]


def render_text(answer: Answer, width: int | None = None, sources: bool = False) -> str:
    """The answer as a person reads it: wrapped to `width` for a terminal, else one line per item.
    sources: add every cited line, verbatim (Markdown removed for display)."""

    def wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
        first = indent if first is None else first
        if width is None:
            return [first + text]
        return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=indent) or [first.rstrip()]

    def clip(text: str) -> str:
        text = " ".join(clean_markup(text).split())
        if width is None or len(text) <= TERMINAL_SOURCE_CHARS:
            return text
        return text[: TERMINAL_SOURCE_CHARS - 1] + "…"

    lines: list[str] = []
    for line in clean_markup(answer.headline).split("\n"):  # a list's rows are lines of their own
        if line.strip():
            lines += wrap(line)
    call = call_line(answer)
    if call:
        lines += wrap(call)
    for reading in answer.readings:
        lines += wrap(reading)
    for c in answer.candidates:
        codes = f" ({', '.join(c.hcpcs)})" if c.hcpcs else ""
        lines.append(f"  • {c.name}{codes}")
    as_list = is_list(answer)
    for line in [] if as_list else detail_lines(answer):  # a list's rows are its details
        lines += wrap(line, "    ", "  • ")
    for s in answer.statements:
        if s.summary not in answer.headline:  # a rule the headline states is not said twice
            lines += wrap(s.summary, "    ", "  • ")
    for line in [] if as_list else legend_lines(answer):
        lines += wrap(line, "    ", "  ")
    if answer.examples:
        lines.append(table_sentence("terminal", "examples"))
        lines += [f"  • {e}" for e in answer.examples]
    for line in contact_extras(answer, " ".join([answer.headline, call or "", *answer.readings])):
        lines += wrap(line, "    ", "  ☎ ")
    if answer.status == "help" and answer.sources:  # what the answers come from
        documents = "; ".join(f"{s.title} ({s.date})" for s in answer.sources)
        lines += wrap(table_sentence("terminal", "documents", documents=documents))
    refs_said = _refs(answer)[-1]
    if refs_said:
        lines += wrap(refs_said)
    for note in answer.notes:
        lines += wrap(table_sentence("terminal", "note", note=note))
    if sources and answer.citations:
        lines.append(table_sentence("terminal", "quoted"))
        for c in answer.citations:
            lines.append(f"  {c.file.rsplit('/', 1)[-1]}:{c.line}  {clip(c.text)}")
    return "\n".join(lines)
