"""A date asserted of the rows a marker picks out ('the 53 codes were added in 2018, correct?', 'the new
2018 eviCore codes started in March 2018?'): the marker's own date (its legend: '***Beginning 01/01/2018
these oncology drugs will require precertification…') decides, year and month when typed — 'Correct —'
or 'Not what the documents say —', with the legend line cited (phrasing.toml [marker_dates])."""

from __future__ import annotations

import re
from functools import cache

from intents.answer import Statement
from intents.draft import Draft, note_kind
from intents.phrasing.lead import named_marker
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from knowledge.models import Note

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@cache
def _typed() -> re.Pattern[str]:
    return re.compile(phrasing_data()["marker_dates"]["typed"])


def asks_a_date(text: str) -> bool:
    return _typed().search(text) is not None


def _printed(meaning: str) -> tuple[int, int | None] | None:
    """(year, month) of the first date a legend prints ('01/01/2018', 'January 2018', '2018')."""
    slashed = re.search(r"\b(\d{1,2})/\d{1,2}/((?:19|20)\d\d)\b", meaning)
    if slashed:
        return int(slashed.group(2)), int(slashed.group(1))
    year = _YEAR.search(meaning)
    return (int(year.group(0)), _month(meaning[: year.start()])) if year else None


def _month(text: str) -> int | None:
    months = phrasing_data()["edition_asked"]["months"]
    words = re.findall(r"[a-z]+", text.lower())
    word = words[-1][:3] if words else ""
    return next((k + 1 for k, m in enumerate(months) if word and m.startswith(word)), None)


def marker_date_lead(draft: Draft, q: Question) -> bool:
    """The date asserted against the date the marker's legend prints."""
    marked = named_marker(draft, q)
    # (the last date typed is the one asserted: 'the 2018 additions started in 2017' names the marker first)
    typed = next(reversed(list(_typed().finditer(q.text))), None)
    if marked is None or typed is None:
        return False
    note = _note(draft, marked.program, marked.symbol)
    printed = _printed(note.meaning) if note else None
    if note is None or printed is None:
        return False
    year, month = int(_YEAR.search(typed.group(0)).group(0)), _month(typed.group(0))  # type: ignore[union-attr]
    held = year == printed[0] and (month is None or month == printed[1])
    say = phrasing_data()["marker_dates"]
    label = f"{note_kind(note.symbol)} {note.symbol}"
    short = draft.kb.program(marked.program).short
    draft.statements.insert(0, Statement(summary=f"{label}: {note.meaning}", citations=[note.citation]))
    lead_line = say["correct" if held else "not_so"].format(label=label, short=short, meaning=note.meaning)
    draft.headline = f"{lead_line} {draft.headline}"
    return True


def _note(draft: Draft, program: str, symbol: str) -> Note | None:
    return next((n for x in draft.kb.listings if x.program == program for n in x.notes if n.symbol == symbol), None)
