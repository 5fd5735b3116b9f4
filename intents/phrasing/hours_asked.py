"""Hours asked of a line a passage quotes: 'eviCore's reviewers are 24/7 right?', 'are the oncologist
reviewers available on weekends?' — the printed hours ('7:00 a.m. – 10:00 p.m. EST, Monday – Friday')
decide yes or no, said first (phrasing.toml [hours_asked]). The contact intent answers a team's own hours."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft
from intents.phrasing.shape import Shape
from intents.phrasing.words import phrasing_data, phrasing_words
from intents.reading.hours import Hours, asked_days, asked_times, open_when, parse
from intents.reading.literal_gate import gated
from intents.reading.question import Question


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["hours_asked"][key]))


def asks_always(text: str) -> bool:
    """'24/7', 'around the clock', 'any time': held only by hours printed for every day, all day."""
    return _pattern("always").search(text) is not None


def held_always(hours: Hours) -> bool:
    return len(hours.days) == 7 and hours.opens is None


def hours_lead(draft: Draft, q: Question, shape: Shape) -> bool:
    """Yes or no (correct or not, for an assertion) from the hours the quoted line prints, when the
    question asks of availability on days or times, or around the clock."""
    if draft.intent == "contacts" or not _pattern("asks").search(q.text):
        return False
    words = phrasing_words()
    # (a statement with a question mark asks too: 'evicore reviewers available saturday?')
    said_asking = q.text.rstrip().endswith("?") and not words.not_opener.search(q.text)
    asked = shape.asserted or shape.yes_no or said_asking or words.yes_opener.search(q.text) is not None
    always = asks_always(q.text)
    if not asked or not (always or asked_days(q.text) or asked_times(q.text)):
        return False
    printed = next((h for st in draft.statements for c in st.citations if (h := parse(c.text))), None)
    if printed is None:
        return False
    held = held_always(printed) if always else open_when(printed, q.text)
    if held is None:
        return False
    say = phrasing_data()["hours_asked"]
    key = ("correct" if shape.asserted else "yes") if held else "no"
    draft.headline = say[key].format(headline=draft.headline)
    return True
