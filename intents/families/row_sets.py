"""Rows picked out by what they lack, computed from the rows: 'which cellular therapies have no
product-specific code?' (only unclassified codes, or none), 'which gene therapies don't have Embarc?'
(not marked with the footnote). Counted, one cited row each. Words are data (phrasing.toml [sets])."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.families.marked_rows import handle_marked_rows
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import NO_SUBJECT, intent
from intents.wording import row_statement
from intents.wording_table import named_first, phrase
from knowledge.models import Listing, ProgramId

MAX_NAMED = 15  # rows named in the sentence; every row is listed below it
_WORD = re.compile(r"[a-z]{4,}")  # words that carry meaning (not 'the', 'is', 'of')
_ECHO_WORDS = 2  # words after a negation compared with the marker's meaning
_ECHO_CHARS = 40
_NEGATED = re.compile(r"\bnon-?|\bnot\s+|\bno\s+|\bwithout\s+|n't\s+")  # what a marker's meaning negates


@cache
def _sets() -> dict:
    return phrasing_data()["sets"]


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(_sets()[key])


def _marker_asked(q: Question) -> tuple[ProgramId, str] | None:
    """The marker a listing question names: by its words ('which gene therapies … Embarc', as read for
    marked_rows) or by its symbol on a named list ('which SCO drugs don't have footnote 2?')."""
    if q.marked:
        return q.marked[0]
    symbol = _pattern("symbol").search(q.text)
    named = [p for p in q.programs if p not in q.context_programs]
    if symbol is None or not named:
        return None
    return named[0], next(g for g in symbol.groups() if g)


def _marked_program(draft: Draft, q: Question, marked: tuple[ProgramId, str]) -> ProgramId:
    """Of the lists the question names ('SCO' names the SCO lists and the policy), the first that prints
    the symbol."""
    named = [p for p in q.programs if p not in q.context_programs] or [marked[0]]
    printing = [
        p for p in named if any(n.symbol == marked[1] for x in draft.kb.listings if x.program == p for n in x.notes)
    ]
    return printing[0] if printing else named[0]


def _asks_rows_lacking(q: Question) -> bool:
    if has_drugs(q) or q.found.codes or not _pattern("asks").search(q.text):
        return False
    if _condition("not_yet_coded").search(q.text):
        return False  # 'a chemo drug with no code yet': the eviCore letter's bullet, not the rows lacking one
    return bool(_pattern("no_code").search(q.text)) or (
        _marker_asked(q) is not None and bool(_pattern("lacks").search(q.text))
    )


@intent(
    "rows_lacking",
    order=25,
    when=_asks_rows_lacking,
    never=NO_SUBJECT,
)
def handle_rows_lacking(draft: Draft, q: Question) -> None:
    marked = None if _pattern("no_code").search(q.text) else _marker_asked(q)
    if marked is not None and _only_the_markers_own_negation(draft, q, marked):
        handle_marked_rows(draft, q)  # '… a specialty pharmacy if site of care isn't feasible': marked 4
        return
    named = list(q.phrasing.lists) or [p for p in q.programs if p not in q.context_programs]
    if marked is not None:
        marked = (_marked_program(draft, q, marked), marked[1])
    programs: list[ProgramId] = [marked[0]] if marked else (named or list(draft.kb.program_ids))
    letter = "" if marked is not None else _letter_lacked(q)
    heads = []
    for program in programs:
        rows = [x for x in draft.kb.listings if x.program == program]
        picked = [x for x in rows if _lacks(draft, x, marked, letter)]
        if not picked and not named and not marked:
            continue
        heads.append(_sentence(draft, program, rows, picked, marked, letter))
        draft.use_program(program)
        if program not in draft.contact_programs:
            draft.contact_programs.append(program)
        draft.statements += [row_statement(draft, x) for x in picked]
    draft.headline = " ".join(heads)


def _only_the_markers_own_negation(draft: Draft, q: Question, marked: tuple[ProgramId, str]) -> bool:
    """Every negation the question has is the marker's own wording ('… if site-of-care management is not
    feasible' is what footnote 4 says): the question asks for the rows marked, not for the rest."""
    meaning = next(
        (n.meaning.lower() for x in draft.kb.listings for n in x.notes if n.symbol == marked[1] and n.meaning), ""
    )
    # the words the marker's meaning itself negates ('not feasible', 'non-oncology'), not every word it
    # has: 'don't need a specialty pharmacy' negates what footnote 4 requires, so it asks for the rest
    said = {
        w
        for m in _NEGATED.finditer(meaning)
        for w in _WORD.findall(meaning[m.end() : m.end() + _ECHO_CHARS])[:_ECHO_WORDS]
    }
    negations = list(_pattern("lacks").finditer(q.text))
    return bool(negations) and all(
        set(_WORD.findall(q.text[m.end() : m.end() + _ECHO_CHARS])[:_ECHO_WORDS]) & said
        or _condition("clause").search(q.text[: m.start()])
        for m in negations
    )


@cache
def _condition(key: str) -> re.Pattern[str]:
    """phrasing.toml [sets_conditions]: a negation inside an 'if'/'when'/'unless' clause states the marker's
    condition in the asker's words ('… specialty pharmacy if site of care isn't possible'), not the rows'
    lack of the marker; a drug with 'no code yet' is the eviCore letter's bullet."""
    return re.compile(phrasing_data()["sets_conditions"][key])


def _letter_lacked(q: Question) -> str:
    """'J' of 'which gene therapies don't have a J code' (phrasing.toml [rows_lacking_letter]), else ''."""
    lacked = _pattern("no_code").search(q.text)
    typed = re.search(phrasing_data()["rows_lacking_letter"]["letter"], lacked.group(0)) if lacked else None
    return typed["letter"].upper() if typed else ""


def _lacks(draft: Draft, x: Listing, marked: tuple[ProgramId, str] | None, letter: str = "") -> bool:
    if marked is not None:
        return not any(n.symbol == marked[1] for n in x.notes)
    codes = [draft.kb.codes[c] for c in x.codes if c in draft.kb.codes]
    return all(c.unclassified or not c.code.startswith(letter) for c in codes)


def _named(draft: Draft, rows: list[Listing]) -> str:
    names = list(dict.fromkeys(x.names[0] if x.names else (x.description or ", ".join(x.codes)) for x in rows))
    return named_first(names, MAX_NAMED, "and_more_below")


def _sentence(
    draft: Draft,
    program: ProgramId,
    rows: list[Listing],
    picked: list[Listing],
    marked: tuple[ProgramId, str] | None,
    letter: str = "",
) -> str:
    say, short = _sets(), draft.kb.program(program).short
    if marked is not None:
        note = next((n for x in rows for n in x.notes if n.symbol == marked[1]), None)
        if note is None:  # a symbol the list doesn't print: its rows lack nothing
            return say["no_symbol"].format(short=short, symbol=marked[1])
        lead = say["lacks_lead"].format(
            n=len(picked), total=len(rows), short=short, symbol=note.symbol, meaning=note.meaning
        )
        return f"{lead}: {_named(draft, picked)}." if picked else f"{lead}."
    lead = say["no_code_lead"].format(n=len(picked), total=len(rows), short=short)
    if letter:
        lead = phrasing_data()["rows_lacking_letter"]["lead"].format(
            n=len(picked), total=len(rows), short=short, letter=letter
        )
    if not picked:
        return f"{lead}."
    kb = draft.kb
    unclassified = [x for x in picked if x.codes and all(kb.codes[c].unclassified for c in x.codes if c in kb.codes)]
    other = [x for x in picked if x.codes and x not in unclassified]  # (a letter asked: Beqvez's C9172)
    uncoded = [x for x in picked if not x.codes]
    parts = []
    if other:
        how = phrasing_data()["rows_lacking_letter"]["other"].format(codes=", ".join(c for x in other for c in x.codes))
        parts.append(phrase("rows_with", count=len(other), how=how, names=_named(draft, other)))
    if unclassified:
        codes = ", ".join(sorted({c for x in unclassified for c in x.codes}))
        how = say["only_unclassified"].format(codes=codes)
        parts.append(phrase("rows_with", count=len(unclassified), how=how, names=_named(draft, unclassified)))
    if uncoded:
        parts.append(phrase("rows_with", count=len(uncoded), how=say["no_code_at_all"], names=_named(draft, uncoded)))
    return f"{lead} — " + "; ".join(parts) + "."
