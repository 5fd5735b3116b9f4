"""'Which drugs treat hemophilia?': the lists print drugs, codes and code descriptions, not indications.
Said plainly (never 'they never mention treat'), with the rows whose own text prints the condition's
word, counted and cited. Words are data (phrasing.toml [treats])."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.reading.vocabulary import PARTY_WORDS
from intents.registry import NO_SUBJECT, intent
from intents.wording import row_statement
from intents.wording_table import named_first
from knowledge.models import Listing

MIN_WORD = 4  # letters of a condition's word worth looking for in the rows ('ms' is not)
MAX_NAMED = 15


@cache
def _treats() -> dict:
    return phrasing_data()["treats"]


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(_treats()[key])


def condition_asked(text: str) -> str | None:
    """'which gene therapies treat sickle cell disease?' -> 'sickle cell disease'."""
    m = _pattern("asks").search(text)
    what = _pattern("stop").sub("", m.group("what")).strip() if m else None
    # 'what counts as a chemo drug for evicore': a drug for a party (eviCore, Cigna) is sent there, not
    # a condition it treats.
    return None if what is None or set(what.split()) <= PARTY_WORDS else what


@intent(
    "rows_treating",
    order=27,
    when=lambda q: not has_drugs(q) and not q.found.codes and not q.marked and condition_asked(q.text) is not None,
    never=NO_SUBJECT,
)
def handle_rows_treating(draft: Draft, q: Question) -> None:
    say = _treats()
    condition = condition_asked(q.text) or ""
    named = [p for p in q.programs if p not in q.context_programs]
    words = [w for w in re.findall(r"[a-z0-9]+", condition) if len(w) >= MIN_WORD]
    rows = [x for x in draft.kb.listings if (not named or x.program in named) and _prints(x, words)]
    headline = say["lead"]
    if rows:
        names = list(dict.fromkeys(x.names[0] if x.names else f"{', '.join(x.codes)} “{x.description}”" for x in rows))
        shown = named_first(names, MAX_NAMED)
        word = next(w for w in words if any(_prints(x, [w]) for x in rows))
        headline += say["printed"].format(n=len(rows), word=word, rows=shown)
        draft.statements += [row_statement(draft, x) for x in rows]
    else:
        draft.status = "out_of_scope"  # nothing in them answers it: said, with what they do answer
    draft.headline = headline + say["ask"]
    for program in named or list(draft.kb.program_ids):
        draft.use_program(program)
    if named:
        draft.contact_programs += [p for p in named if p not in draft.contact_programs]


def _prints(x: Listing, words: list[str]) -> bool:
    """The row's names or description print the word, or a form of it ('antihemophilic' for 'hemophilia')."""
    text = " ".join([*x.names, x.generic or "", x.description or ""]).lower()
    return any(re.search(rf"\b\w*{re.escape(w[: max(MIN_WORD, len(w) - 2)])}", text) for w in words)
