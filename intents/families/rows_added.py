"""When rows were added, read from the rows' own dates: the newest or oldest additions of a list ('what's
the newest drug added to the SCO+ list', 'oldest SCO+ addition?'), and what was added in a month or year
with no list named ('how many codes were added in jan 2018'): every list printing that date answers, by
its date-added column or a marker whose legend dates rows (eviCore's 'beginning 01/01/2018'). The words
are data (intents/phrasing/phrasing.toml [additions])."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache

from intents.answer import Statement
from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.families.marked_rows import date_relation, dated_line, legend_dates
from intents.families.programs import MONTH_YEAR, programs_named
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import NO_SUBJECT, intent
from intents.wording import row_statement
from intents.wording_table import named_first, phrase, sentence
from knowledge.kb import KnowledgeBase
from knowledge.models import Listing, Note, ProgramId

MAX_NAMED = 12  # rows named in a sentence; the statements cite every one
MAX_NAMED_ADDED = 30  # rows named per list among those added in a month or year
YEAR = re.compile(r"\b(20[0-9]{2})\b")


def _say() -> dict:
    return phrasing_data()["additions"]


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(_say()[key].replace("{rows}", _say()["rows"]))


@cache
def _consequence() -> re.Pattern[str]:
    return re.compile(phrasing_data()["when"]["consequence"])


@cache
def _batch() -> re.Pattern[str]:
    return re.compile(phrasing_data()["count_asserted"]["asserted"])


def _when(row: Listing) -> tuple[int, int] | None:
    """A row's date added as (year, month): 'March 2021' → (2021, 3)."""
    try:
        moment = datetime.strptime((row.date_added or "").strip(), "%B %Y")
    except ValueError:
        return None
    return moment.year, moment.month


def _extreme(q: Question) -> str | None:
    which = "newest" if _pattern("newest").search(q.text) else "oldest" if _pattern("oldest").search(q.text) else None
    if which is None:  # most questions: asked neither
        return None
    if _pattern("edition").search(q.text) or _consequence().search(q.text) or _pattern("not_extreme").search(q.text):
        return None  # 'the newest version', 'pts already on a newly added drug', 'added last year'
    return which


def _how_many(q: Question) -> int | None:
    """'the 5 newest', 'last three added': how many rows are asked for."""
    found = _pattern("how_many").search(q.text)
    if found is None:
        return None
    typed = next(g for g in found.groups() if g)
    return int(typed) if typed.isdigit() else int(phrasing_data()["premise"]["number_words"].get(typed, 0)) or None


def _named(kb: KnowledgeBase, q: Question) -> list[ProgramId]:
    named = [p for p in (q.phrasing.lists or programs_named(kb, q)) if p not in q.context_programs]
    return named or [p for p in kb.program_ids if any(_when(x) for x in kb.listings if x.program == p)]


@intent(
    "rows_added_first_last",
    order=44,
    when=lambda q: not has_drugs(q) and not q.found.codes and _extreme(q) is not None,
    never=NO_SUBJECT,
)
def handle_newest_oldest(draft: Draft, q: Question) -> None:
    which = _extreme(q) or "newest"
    heads = []
    named = _named(draft.kb, q)
    dated = [p for p in named if any(_when(x) for x in draft.kb.listings if x.program == p)]
    for program in dated or named:  # 'SCO' names the policy too, which dates no row
        draft.use_program(program)
        draft.contact_programs.append(program)
        rows = [(x, when) for x in draft.kb.listings if x.program == program and (when := _when(x))]
        heads.append(_edge_rows(draft, program, rows, which, _how_many(q)) if rows else _undated(draft, program) + ".")
    draft.headline = " ".join(heads)


def _edge_rows(draft: Draft, program: ProgramId, rows: list, which: str, count: int | None) -> str:
    """The newest (oldest) rows of a list: every row of the edge month, or the `count` nearest it."""
    short, date = draft.kb.program(program).short, draft.kb.source_of(program).date_note
    ordered = sorted(rows, key=lambda pair: pair[1], reverse=which == "newest")  # stable: the list's order
    if count:
        picked = [x for x, _ in ordered[:count]]
        draft.statements += [row_statement(draft, x) for x in picked]
        items = [_say()["dated_item"].format(name="/".join(x.names), when=x.date_added) for x in picked]
        return _say()[f"{which}_n"].format(n=len(picked), list=short, date=date, names=", ".join(items))
    edge = ordered[0][1]
    picked = [x for x, when in ordered if when == edge]
    draft.statements += [row_statement(draft, x) for x in picked]
    names = named_first(list(dict.fromkeys(x.names[0] for x in picked if x.names)), MAX_NAMED)
    s = "" if len(picked) == 1 else "s"
    return _say()[f"{which}_lead"].format(s=s, list=short, date=date, names=names, when=picked[0].date_added)


def _undated(draft: Draft, program: ProgramId) -> str:
    """A list printing no date-added column: a marker whose legend prints a date dates its rows."""
    line = _say()["undated"].format(list=draft.kb.program(program).short)
    for note, rows in _dated_markers(draft.kb, program):
        line += _say()["undated_marked"].format(count=len(rows), symbol=note.symbol, meaning=note.meaning)
        _cite_marked(draft, note, rows)
    return line


def _dated_markers(kb: KnowledgeBase, program: ProgramId) -> list[tuple[Note, list[Listing]]]:
    """The markers of a list whose legend prints a date, with the rows each marks."""
    found: dict[str, tuple[Note, list[Listing]]] = {}
    for x in kb.listings:
        for note in x.notes:
            if x.program == program and re.search(_say()["legend_date"], note.meaning):
                found.setdefault(note.symbol, (note, []))[1].append(x)
    return list(found.values())


def _cite_marked(draft: Draft, note: Note, rows: list[Listing]) -> None:
    label = phrase("marker_label", symbol=note.symbol)
    legend = Statement(summary=f"{label}: {note.meaning}.", citations=[note.citation])
    said = dated_line(draft.kb, note)
    worded = [Statement(summary=f"“{said.text}”", citations=[said])] if said is not None else []
    draft.statements += [legend, *worded, *(row_statement(draft, x) for x in rows)]


def _relative_year(text: str) -> int | None:
    return next((r["offset"] for r in _say()["relative_years"] if re.search(r["words"], text)), None)


def _asks_added(q: Question) -> bool:
    """A month or year (or 'last year') asked with 'added' (or 'changed', 'new'), no drug or code named, and
    no list named unless the question says no date word the lists' overview reads ('anything new on SCO+
    in 2022')."""
    if has_drugs(q) or q.found.codes or q.asks_change or not _pattern("asks_added").search(q.text):
        return False
    relative = _relative_year(q.text) is not None or bool(_pattern("changed").search(q.text))
    if not (YEAR.search(q.text) or relative) or _consequence().search(q.text):
        return False
    # ('what was added to SCO+ in 2022' is the lists' overview's, by its own date words; several years,
    # 'new', 'changed', a relation or a year relative to today are read here.)
    overview = (
        q.asks_date
        and len(YEAR.findall(q.text)) == 1
        and _pattern("added_word").search(q.text)
        and date_relation(q.text) is None
    )
    if q.programs and overview and not relative:
        return False
    return not re.search(phrasing_data()["when"]["duration"], q.text)  # 'how long … after the 2018 change?'


@intent(
    "rows_added_in",
    order=46,
    when=_asks_added,
    never=NO_SUBJECT,
)
def handle_added_in(draft: Draft, q: Question) -> None:
    kb = draft.kb
    typed_year = YEAR.search(q.text)
    offset = _relative_year(q.text)
    year = draft.today.year + offset if offset is not None else int(typed_year[1])  # type: ignore[index]
    named = [p for p in (q.phrasing.lists or programs_named(kb, q)) if p not in q.context_programs]
    programs = named or list(kb.program_ids)
    relation = date_relation(q.text)
    if relation is not None:  # 'added since March 2021', 'after 2018'
        draft.headline = _added_relative(draft, programs, *relation)
        return
    if _batch_counted(draft, q, programs):
        return
    used: list[ProgramId] = []
    heads = []
    for asked_year, month in _periods(q, year):
        dated = [
            x
            for x in kb.listings
            if x.program in programs and (w := _when(x)) and w[0] == asked_year and month in (None, w[1])
        ]
        marked = [
            (program, note, rows)
            for program in programs
            for note, rows in _dated_markers(kb, program)
            if _legend_in(note, asked_year, month)
        ]
        when = f"{datetime(asked_year, month, 1):%B %Y}" if month else str(asked_year)
        heads += _added_heads(draft, dated, marked, when)
        used += [*(x.program for x in dated), *(p for p, _, _ in marked)]
    draft.headline = " ".join(heads)
    for program in dict.fromkeys(used or programs):
        draft.use_program(program)
        draft.contact_programs.append(program)


def _batch_counted(draft: Draft, q: Question, programs: list[ProgramId]) -> bool:
    """'the 53 codes were added in 2019, right?': a batch the documents count (the letter's 53 codes its
    legend dates) is what is asked, whatever year is said; not every row other lists added that year."""
    said = _batch().search(q.text)
    marked = [
        (program, note, rows)
        for program in programs
        for note, rows in _dated_markers(draft.kb, program)
        if said and len(rows) == int(said["n"])
    ]
    if not marked:
        return False
    draft.headline = " ".join(_added_heads(draft, [], marked, ""))
    for program in dict.fromkeys(p for p, _, _ in marked):
        draft.use_program(program)
        draft.contact_programs.append(program)
    return True


def _periods(q: Question, year: int) -> list[tuple[int, int | None]]:
    """The months or years asked, in the order typed ('in 2021 vs 2022'); one picked out by 'just' or
    'only' ('… - just the 2022 ones') alone."""
    picked = _pattern("just_year").search(q.text)
    if picked:
        return [(int(picked[1]), None)]
    months = [(int(y), datetime.strptime(m[:3], "%b").month) for m, y in MONTH_YEAR.findall(q.text)]
    years = [int(y) for y in YEAR.findall(q.text) if not any(int(y) == my for my, _ in months)]
    typed = months + [(y, None) for y in dict.fromkeys(years)]
    return typed or [(year, None)]


def _added_heads(draft: Draft, dated: list[Listing], marked: list, when: str) -> list[str]:
    kb, heads = draft.kb, []
    for program, note, rows in marked:  # a batch a legend dates leads: a letter's 'we will add 53 codes'
        short = kb.program(program).short
        heads.append(
            sentence("rows_marked_dated", count=len(rows), list=short, symbol=note.symbol, meaning=note.meaning)
        )
        _cite_marked(draft, note, rows)
    if dated:
        heads.append(_added_lead(kb, dated, when))
        draft.statements += [row_statement(draft, x) for x in dated]
    return heads or [sentence("none_added_in", when=when)]


def _legend_in(note: Note, year: int, month: int | None) -> bool:
    return any(y == year and month in (None, m) for y, m in legend_dates(note))


def _added_lead(kb: KnowledgeBase, dated: list[Listing], when: str, key: str = "added_lead") -> str:
    """The rows added, counted, grouped by list."""
    by_list: dict[ProgramId, list[str]] = {}
    for x in dated:
        by_list.setdefault(x.program, []).append("/".join(x.names))
    groups = "; ".join(
        _say()["added_group"].format(list=kb.program(p).short, n=len(names), names=named_first(names, MAX_NAMED_ADDED))
        for p, names in by_list.items()
    )
    return _say()[key].format(when=when, count=len(dated), groups=groups)


_TESTS = {"<": lambda a, b: a < b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "!=": lambda a, b: a != b}


def _added_relative(draft: Draft, programs: list[ProgramId], relation: dict, year: int, month: int | None) -> str:
    """The rows whose date added passes the relation asked, to the month when one is typed; a marker's
    legend date too."""
    test = _TESTS[relation["test"]]

    def passes(when: tuple[int, int]) -> bool:
        return test(when if month else when[0], (year, month) if month else year)

    kb = draft.kb
    dated = [x for x in kb.listings if x.program in programs and (w := _when(x)) and passes(w)]
    marked = [
        (program, note, rows)
        for program in programs
        for note, rows in _dated_markers(kb, program)
        if any(passes(d) for d in legend_dates(note))
    ]
    when = relation["said"].format(year=f"{datetime(year, month, 1):%B %Y}" if month else year)
    heads = []
    for program, note, rows in marked:
        short = kb.program(program).short
        heads.append(
            sentence("rows_marked_dated", count=len(rows), list=short, symbol=note.symbol, meaning=note.meaning)
        )
        _cite_marked(draft, note, rows)
    if dated:
        heads.append(_added_lead(kb, dated, when, key="added_rel_lead"))
        draft.statements += [row_statement(draft, x) for x in dated]
    for program in dict.fromkeys([*(x.program for x in dated), *(p for p, _, _ in marked)] or programs):
        draft.use_program(program)
        draft.contact_programs.append(program)
    return " ".join(heads or [sentence("none_added_when", when=when)])
