"""The documents' text as units a question can be answered from, and which of them are prose passages.

A unit is a line, or in a hard-wrapped paragraph (the policy) one sentence with every line it spans; an
FAQ's answer carries its question as context, and a bullet the line that leads into its list. Document
search indexes every unit (table rows too). A passage is a unit of prose — a sentence, paragraph,
footnote, legend, bullet or FAQ answer — as opposed to a table row, a heading, a date or a letter's
placeholder: each passage must have the questions people ask about it in the documents folder
(questions.toml), which `kb check --strict` enforces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.models import Citation, Record
from knowledge.parsers.base import LOOKS_LIKE_ROW

MIN_LINE_WORDS = 2  # lines with fewer words (blank lines, '</br>') are not units
MIN_PASSAGE_WORDS = 5  # fewer, and not a bullet: a slogan or a heading's tail ('Together, all the way.')
MAX_FAQ_QUESTION_CHARS = 300

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Za-z0-9*“\"(])")
_BULLET = re.compile(r"^\s*(?:[•\-*]|\d+\.)\s")
_LIST_ITEM = re.compile(r"^\s*[•\-]\s")  # an item of the list a line ending in ':' leads into
# Not a sentence's end: 'a.m.', 'U.S.', 'Inc.', or a numbered footnote's number ('2. Cigna may…').
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Inc|Dr|St|vs|Mr|Ms|Jr|Co)\.$|^\d{1,2}\.$")
_PLACEHOLDER = re.compile(r"<[A-Za-z ]+>")
# A letter's complimentary close ('Sincerely,', 'Best regards,'): the lines of its next paragraph are the
# signature, one passage ('who signed the letter?'), though a name and a title end in no stop.
_CLOSING = re.compile(r"^\s*[A-Z][a-z]+(?: [a-z]+)?,\s*$")
MAX_SIGNATURE_LINES = 4
MAX_SIGNATURE_WORDS = 6  # a line of a name or a title, not a sentence ('Dear colleague,' opens a body)
# A sentence ends in a stop, a question mark, a colon (a list's lead-in) or a footnote's link arrow; the
# marks a trademark or a bold asterisk leaves after it don't count.
_ENDS_PROSE = re.compile(r"[.?!:;>)]\s*$")
_TRAILING_MARKS = re.compile(r"[\s*™®℠]+$")


@dataclass(frozen=True)
class Unit:
    citations: tuple[Citation, ...]  # the line(s) it is printed on
    context: tuple[Citation, ...]  # its FAQ question, or the line that leads into its list
    text: str  # the line, or the sentence joined across its lines
    signature: bool = False  # a letter's signature: its name and title lines after the close


class Passage(Record):
    """A citable passage of prose: its lines, verbatim, and what it answers in the context it is printed."""

    id: str  # source:first line(-last line)
    source: str
    citations: tuple[Citation, ...]
    context: tuple[Citation, ...] = ()
    text: str

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(c.line for c in self.citations)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def units(source_id: str, file: str, lines: list[str] | tuple[str, ...]) -> list[Unit]:
    """A document's units, in print order."""
    out: list[Unit] = []
    question: tuple[Citation, ...] = ()
    lead_in: tuple[Citation, ...] = ()
    for paragraph in _signed(_paragraphs(lines), lines):
        cites = tuple(Citation(source=source_id, file=file, line=n, text=lines[n - 1]) for n in paragraph)
        closing = _closing_before(paragraph[0], lines)
        if closing:
            close = Citation(source=source_id, file=file, line=closing, text=lines[closing - 1])
            out.append(Unit(cites, (close,), " ".join(c.text.strip() for c in cites), signature=True))
            question = lead_in = ()
            continue
        if len(cites) == 1 and is_faq_question(cites[0].text):
            question = cites  # context of its answer, the paragraph after it
            continue
        bullet = bool(_LIST_ITEM.match(cites[0].text))
        pieces = [(cites, cites[0].text.strip())] if len(cites) == 1 else _sentences_across(cites)
        context = question or (lead_in if bullet else ())
        out += [Unit(c, context, text) for c, text in pieces]
        if not bullet:
            lead_in = pieces[-1][0] if pieces[-1][1].rstrip().endswith(":") else ()
        question = ()
    return out


def passages(source_id: str, file: str, lines: list[str] | tuple[str, ...], row_lines: set[int]) -> list[Passage]:
    """The document's prose passages: every unit that is not a table row, a heading or a placeholder. A
    passage printed again (a page footer) is one passage, cited where it is first printed."""
    out: list[Passage] = []
    seen: set[str] = set()
    for unit in units(source_id, file, lines):
        if not _is_prose(unit, row_lines) or unit.text in seen:
            continue
        seen.add(unit.text)
        out.append(
            Passage(
                id=passage_id(unit),
                source=source_id,
                citations=unit.citations,
                context=unit.context,
                text=unit.text,
            )
        )
    return out


def passage_id(unit: Unit) -> str:
    """'source:line', or 'source:first-last' for a passage over several lines."""
    first, last = unit.citations[0].line, unit.citations[-1].line
    return f"{unit.citations[0].source}:{first}" if first == last else f"{unit.citations[0].source}:{first}-{last}"


def _signed(paragraphs: list[list[int]], lines: list[str] | tuple[str, ...]) -> list[list[int]]:
    """The paragraphs, with the one-line paragraphs printed on the lines right after a letter's close
    joined into one: a signature's name and title are printed one a line."""
    out: list[list[int]] = []
    for paragraph in paragraphs:
        previous = out[-1] if out else []
        if (
            previous
            and _closing_before(previous[0], lines)
            and paragraph[0] == previous[-1] + 1
            and len(previous) + len(paragraph) <= MAX_SIGNATURE_LINES
        ):
            previous.extend(paragraph)
        else:
            out.append(list(paragraph))
    return out


def _closing_before(first: int, lines: list[str] | tuple[str, ...]) -> int:
    """The line of the complimentary close printed last before line `first` (blank lines between), or 0."""
    n = first - 1
    while n > 0 and not lines[n - 1].strip():
        n -= 1
    signs = len(words(lines[first - 1])) <= MAX_SIGNATURE_WORDS and not _ENDS_PROSE.search(lines[first - 1])
    return n if signs and 0 < n < first - 1 and _CLOSING.match(lines[n - 1]) else 0


def _is_prose(unit: Unit, row_lines: set[int]) -> bool:
    if unit.signature:
        return True
    if any(c.line in row_lines for c in unit.citations) or "\t" in unit.text or _PLACEHOLDER.search(unit.text):
        return False
    if _BULLET.match(unit.citations[0].text) and not LOOKS_LIKE_ROW.match(unit.text):
        return True
    text = _TRAILING_MARKS.sub("", unit.text)
    return len(words(text)) >= MIN_PASSAGE_WORDS and bool(_ENDS_PROSE.search(text))


def is_faq_question(text: str) -> bool:
    stripped = text.strip()
    return stripped.endswith("?") and len(stripped) < MAX_FAQ_QUESTION_CHARS


def _paragraphs(lines: list[str] | tuple[str, ...]) -> list[list[int]]:
    """Line numbers grouped into paragraphs: a line that ends in a space was wrapped (the policy is
    hard-wrapped at about 100 characters), and continues on the next line unless that starts a bullet
    or a table row (the policy's code table is space-ended too)."""
    out: list[list[int]] = []
    current: list[int] = []
    for n, text in enumerate(lines, 1):
        wrapped = lines[current[-1] - 1].endswith(" ") if current else False
        few = len(_WORD.findall(text.lower())) < MIN_LINE_WORDS
        if wrapped and few and _WORD.search(text.lower()) and not _BULLET.match(text):
            current.append(n)  # a wrapped sentence's last word alone on its line ('setting.')
            continue
        if few:
            if current:
                out.append(current)
            current = []
            continue
        if current and not (wrapped and not _BULLET.match(text) and not LOOKS_LIKE_ROW.match(text)):
            out.append(current)
            current = []
        current.append(n)
    if current:
        out.append(current)
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences, not split after 'a.m.', 'e.g.' or 'U.S.'."""
    out: list[str] = []
    for piece in _SENTENCE.split(text.strip()):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out or [text.strip()]


def _sentences_across(cites: tuple[Citation, ...]) -> list[tuple[tuple[Citation, ...], str]]:
    """A wrapped paragraph's sentences, each with the lines it spans."""
    joined, spans = "", []
    for c in cites:
        part = " ".join(c.text.split())
        start = len(joined) + (1 if joined else 0)
        joined = f"{joined} {part}" if joined else part
        spans.append((start, len(joined), c))
    out = []
    position = 0
    for sentence in split_sentences(joined):
        start = joined.find(sentence, position)
        end = start + len(sentence)
        position = end
        lines = tuple(c for s, e, c in spans if s < end and e > start)
        out.append((lines, sentence))
    return out


def squashed(text: str) -> str:
    """Text with its whitespace made single spaces: how an anchor is compared with a passage."""
    return " ".join(text.split())
