"""Yes or no to 'is eviCore open on Sunday?' / '... at 9 pm?', read from the hours a document prints
('7:00 a.m. – 10:00 p.m. EST, Monday - Friday')."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from knowledge.data_files import package_toml

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = re.compile(
    r"\b(" + "|".join(DAYS) + r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat)s?\b|\b(weekends?|sundays?|sun)\b"
)
_RANGE = re.compile(r"\b(" + "|".join(DAYS) + r")\s*[-–—]+\s*(" + "|".join(DAYS) + r")\b", re.IGNORECASE)
_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\.?(?![a-z])", re.IGNORECASE)


@dataclass(frozen=True)
class Hours:
    days: frozenset[int]  # 0 = Monday
    opens: int | None  # minutes after midnight
    closes: int | None


def _minutes(m: re.Match[str]) -> int:
    hour, minute, half = int(m[1]) % 12, int(m[2] or 0), m[3].lower()
    return (hour + (12 if half == "p" else 0)) * 60 + minute


def parse(printed: str) -> Hours | None:
    """The days and times a printed hours line covers; None when it isn't in that shape."""
    days = _RANGE.search(printed)
    times = list(_TIME.finditer(printed))
    if not days:
        return None
    first, last = DAYS.index(days[1].lower()), DAYS.index(days[2].lower())
    span = frozenset(range(first, last + 1)) if first <= last else frozenset([*range(first, 7), *range(0, last + 1)])
    opens, closes = (_minutes(times[0]), _minutes(times[1])) if len(times) >= 2 else (None, None)
    return Hours(span, opens, closes)


def asked_days(question: str) -> list[int]:
    out: list[int] = []
    for m in _DAY.finditer(question.lower()):
        if m[2] and m[2].startswith("weekend"):
            out += [5, 6]
        elif m[2]:
            out.append(6)
        else:
            out.append(next(i for i, d in enumerate(DAYS) if d.startswith(m[1][:3])))
    return list(dict.fromkeys(out))


def asked_times(question: str) -> list[int]:
    return [_minutes(m) for m in _TIME.finditer(question)]


def open_when(hours: Hours, question: str) -> bool | None:
    """Yes or no for the days and times the question names; None when it names neither."""
    days, times = asked_days(question), asked_times(question)
    if not days and not times:
        return None
    if any(d not in hours.days for d in days):
        return False
    if times and hours.opens is not None and hours.closes is not None:
        # A time asked as where the hours end ('there till 10pm?') is held by the closing time itself.
        ends = set(_asked_ends(question))
        return all(hours.opens < t <= hours.closes if t in ends else hours.opens <= t < hours.closes for t in times)
    return True


@cache
def _until() -> re.Pattern[str]:
    return re.compile(package_toml("intents.reading", "question_words.toml")["hours_end"]["before"], re.IGNORECASE)


def _asked_ends(question: str) -> list[int]:
    """The times the question asks as an end ('till 10pm', 'until 10 p.m.': question_words.toml [hours_end])."""
    return [_minutes(m) for m in _TIME.finditer(question) if _until().search(question[: m.start()])]
