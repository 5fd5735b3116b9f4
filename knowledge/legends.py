"""Marker and footnote legends, read from the lines that print them.

A document's manifest entry says where its legends are and what a legend line looks like; the symbols
('*', '***', '†', '2') and their meanings come from those lines. The manifest may give a plainer
paraphrase of a legend; without one, the legend's own words are the meaning.
"""

from __future__ import annotations

import re

from knowledge.manifest import LegendSpec, NoteSpec
from knowledge.models import Note
from knowledge.parsers.base import Document, SourceFormatError

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def _bounds(doc: Document, spec: LegendSpec) -> tuple[int, int]:
    start = doc.find_one(spec.after) + 1 if spec.after else 1
    stop = doc.find(spec.before, start) if spec.before else len(doc.lines) + 1
    return start, stop


def read_legends(doc: Document, spec: LegendSpec | None, paraphrases: tuple[NoteSpec, ...]) -> dict[str, Note]:
    notes: dict[str, Note] = {}
    if spec is None:
        if paraphrases:
            doc.problem(None, "the manifest paraphrases markers but says nowhere where the legends are")
        return notes
    pattern = re.compile(spec.pattern)
    try:
        start, stop = _bounds(doc, spec)
    except SourceFormatError as error:
        doc.problems.append(str(error))
        return notes
    meanings = {p.symbol: p.meaning for p in paraphrases}
    statuses = {p.symbol: p.status for p in paraphrases}
    other = {p.symbol: p for p in paraphrases}
    for number, text in doc.numbered(start, stop):
        m = pattern.match(text)
        if not m:
            continue
        symbol = m["symbol"]
        if symbol in notes:
            doc.problem(number, f"marker {symbol!r} has two legends (lines {notes[symbol].citation.line}, {number})")
            continue
        own_words = _BOLD.sub(r"\1", text[m.end("symbol") :]).strip(" .")
        notes[symbol] = Note(
            symbol=symbol,
            meaning=meanings.get(symbol, own_words),
            citation=doc.cite(number),
            status=statuses.get(symbol),
            other_use=other[symbol].other_use if symbol in other else (),
            other_use_through=other[symbol].other_use_through if symbol in other else None,
        )
    for symbol in meanings.keys() - notes.keys():
        doc.problem(None, f"the manifest paraphrases marker {symbol!r}, but no legend line prints it")
    return notes
