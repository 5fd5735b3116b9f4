"""Rows picked out by having a product-specific code ('which gene therapies have a J code?', 'which cellular
therapies have their own code?'): the rows printing a code that is not an unclassified one (of the letter
typed, when one is), counted from the rows, each cited. The converse of rows_lacking; words are data
(phrasing.toml [rows_coded]). Also the rows of a named list that print a code typed ('how many gene
therapies use J3590?'): rows_with_code ([rows_with_code])."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import NO_SUBJECT, Cue, intent
from intents.wording import row_statement
from intents.wording_table import named_first
from knowledge.models import Listing

MAX_NAMED = 20  # rows named in the sentence; every one is cited below it


@cache
def _pattern(section: str, key: str) -> re.Pattern[str]:
    return re.compile(phrasing_data()[section][key])


def _asks_rows_coded(q: Question) -> bool:
    named = [p for p in q.programs if p not in q.context_programs]
    if not named or has_drugs(q) or q.found.codes or not _pattern("sets", "asks").search(q.text):
        return False
    return bool(_pattern("rows_coded", "asks").search(q.text)) and not _pattern("sets", "no_code").search(q.text)


@intent(
    "rows_coded",
    order=23,
    when=_asks_rows_coded,
    never=NO_SUBJECT,
)
def handle_rows_coded(draft: Draft, q: Question) -> None:
    say = phrasing_data()["rows_coded"]
    typed = _pattern("rows_coded", "asks").search(q.text)
    letter = (typed["letter"] or "").upper() if typed else ""
    kind = say["kind"].format(letter=letter) if letter else ""
    heads = []
    for program in list(q.phrasing.lists) or [p for p in q.programs if p not in q.context_programs]:
        rows = [x for x in draft.kb.listings if x.program == program]
        picked = [(x, codes) for x in rows if (codes := _specific_codes(draft, x, letter))]
        short = draft.kb.program(program).short
        draft.use_program(program)
        draft.contact_programs.append(program)
        draft.statements += [row_statement(draft, x) for x, _ in picked]
        if not picked:
            heads.append(say["none"].format(total=len(rows), short=short, kind=kind))
            continue
        items = [say["item"].format(name="/".join(x.names) or x.description, codes=", ".join(c)) for x, c in picked]
        heads.append(
            say["lead"].format(
                n=len(picked), total=len(rows), short=short, kind=kind, names=named_first(items, MAX_NAMED)
            )
        )
    draft.headline = " ".join(heads)


def _specific_codes(draft: Draft, x: Listing, letter: str) -> list[str]:
    """The row's codes that name a product (not an unclassified code), of the letter asked."""
    return [c for c in x.codes if c in draft.kb.codes and not draft.kb.codes[c].unclassified and c.startswith(letter)]


def _asks_rows_with_code(q: Question) -> bool:
    named = [p for p in q.programs if p not in q.context_programs]
    if not named or has_drugs(q) or not q.found.codes or q.phrasing.ranges:
        return False
    if not all(c.known for c in q.found.codes):
        return False  # a code no list prints is said not found by its code
    return bool(_pattern("sets", "counts").search(q.text) or _pattern("rows_with_code", "asks").search(q.text))


@intent(
    "rows_with_code",
    order=19,
    when=_asks_rows_with_code,
    needs=Cue.CODES | Cue.PROGRAMS,
    never=Cue.DRUGS,
)
def handle_rows_with_code(draft: Draft, q: Question) -> None:
    """'count of gene therapies with J3590': the named list's rows that print the code, counted and cited
    (the code's own answer names every list's drugs filed under it, and no count)."""
    say = phrasing_data()["rows_with_code"]
    codes = list(dict.fromkeys(c.code for c in q.found.codes))
    heads = []
    for program in list(q.phrasing.lists) or [p for p in q.programs if p not in q.context_programs]:
        rows = [x for x in draft.kb.listings if x.program == program]
        picked = [x for x in rows if set(x.codes) & set(codes)]
        draft.use_program(program)
        if program not in draft.contact_programs:
            draft.contact_programs.append(program)
        draft.statements += [row_statement(draft, x) for x in picked]
        names = named_first(list(dict.fromkeys("/".join(x.names) or x.description or "" for x in picked)), MAX_NAMED)
        key = "none" if not picked else "lead_one" if len(picked) == 1 else "lead"
        heads.append(
            say[key].format(
                n=len(picked),
                total=len(rows),
                short=draft.kb.program(program).short,
                codes=" or ".join(codes),
                names=names,
            )
        )
    draft.headline = " ".join(heads)
