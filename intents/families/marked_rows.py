"""The rows a marker or footnote picks out: 'which eviCore drugs are pharmacy benefit only?'."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache

from intents.answer import Statement
from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import NO_SUBJECT, intent
from intents.wording import row_statement
from intents.wording_table import named_first, phrase, sentence
from knowledge.kb import KnowledgeBase
from knowledge.models import Citation, Note

MAX_MARKED_IN_HEADLINE = 12


@cache
def _consequence() -> re.Pattern[str]:
    return re.compile(phrasing_data()["when"]["consequence"])


def _asks_a_rule(q: Question) -> bool:
    """'what happens to patients already on it', 'any grace period for drugs just added': the rule."""
    return bool(_consequence().search(q.text) or re.search(phrasing_data()["marker_words"]["rule_asked"], q.text))


def _asks_other_than_rows(q: Question) -> bool:
    """A drug or code named, two lists compared, a rule asked, or a date relation ('added after 2018'):
    not the marked rows."""
    return bool(has_drugs(q) or q.found.codes or _compares(q) or _asks_a_rule(q) or date_relation(q.text))


def _compares(q: Question) -> bool:
    """'drugs on both SCO and SCO+': two lists compared by their drugs, not a marker's rows."""
    return len(q.phrasing.compared) == 2


_DATE_TYPED = re.compile(r"\b(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+)?(20[0-9]{2})\b")


def date_relation(text: str) -> tuple[dict, int, int | None] | None:
    """A date typed with a relation before it ('added since March 2021', 'after 2018'): the relation
    (phrasing.toml [when] year_relations), the year and the month (None for a year alone)."""
    typed = _DATE_TYPED.search(text)
    if typed is None:
        return None
    before = text[: typed.start()]
    relation = next((r for r in phrasing_data()["when"]["year_relations"] if re.search(r["words"], before)), None)
    if relation is None:
        return None
    month = datetime.strptime(typed[1][:3], "%b").month if typed[1] else None
    return relation, int(typed[2]), month


def legend_dates(note: Note) -> list[tuple[int, int]]:
    """The (year, month) dates a marker's legend prints ('beginning 01/01/2018')."""
    return [(int(y), int(m)) for m, y in re.findall(phrasing_data()["additions"]["legend_date"], note.meaning)]


def dated_line(kb: KnowledgeBase, note: Note) -> Citation | None:
    """The line of the marker's own document that says the same date in words ('effective January 1, 2018,
    we will add 53 … codes'): what the legend's date is."""
    for year, month in legend_dates(note):
        said = f"{datetime(year, month, 1):%B} "
        for passage in kb.passages:
            if passage.source == note.citation.source:
                found = next((c for c in passage.citations if said in c.text and str(year) in c.text), None)
                if found is not None:
                    return found
    return None


@cache
def _symbol_words() -> tuple[tuple[tuple[re.Pattern[str], str], ...], re.Pattern[str], re.Pattern[str]]:
    data = phrasing_data()
    spelled = tuple((re.compile(s["words"]), s["symbol"]) for s in data["marker_words"]["spelled"])
    return spelled, re.compile(data["sets"]["symbol"]), re.compile(data["marker_words"]["rows_asked"])


def asked_markers(q: Question) -> list[tuple[str, str]]:
    """The (list, symbol) pairs a listing question asks the rows of: by the manifest's words, or by the
    symbol named in words ('footnote 4', 'a double asterisk') on the lists named, else on every list
    printing it."""
    named = [p for p in q.programs if p not in q.context_programs]
    if q.marked or q.searcher is None:
        # ('the SCO+ list has 37 codes right?': the eviCore marker's '53 codes' words ask no other list's rows.)
        return [(p, symbol) for p, symbol in q.marked if not named or p in named]
    spelled, by_symbol, rows_asked = _symbol_words()
    if not rows_asked.search(q.text):  # most questions: no rows asked for
        return []
    symbol = next((s for pattern, s in spelled if pattern.search(q.text)), None)
    typed = by_symbol.search(q.text) if symbol is None else None
    if typed:
        symbol = next((g for g in typed.groups() if g), None)
    if symbol is None:
        return []
    printing = list(dict.fromkeys(x.program for x in q.searcher.kb.listings for n in x.notes if n.symbol == symbol))
    return [(p, symbol) for p in ([p for p in named if p in printing] if named else printing)]


@intent(
    "marked_rows",
    order=30,
    # ('what happens to patients already on a drug when it gets added to eviCore?' asks the rule.)
    when=lambda q: not (has_drugs(q) or q.found.codes) and bool(asked_markers(q)) and not _asks_other_than_rows(q),
    never=NO_SUBJECT,
)
def handle_marked_rows(draft: Draft, q: Question) -> None:
    heads = []
    for program, symbol in asked_markers(q):
        rows = [x for x in draft.kb.listings if x.program == program and any(n.symbol == symbol for n in x.notes)]
        if not rows:
            continue
        note = next(n for n in rows[0].notes if n.symbol == symbol)
        draft.use_program(program)
        draft.contact_programs.append(program)
        draft.statements.append(
            Statement(summary=f"{phrase('marker_label', symbol=symbol)}: {note.meaning}.", citations=[note.citation])
        )
        said = dated_line(draft.kb, note)
        if said is not None:
            draft.statements.append(Statement(summary=f"“{said.text}”", citations=[said]))
        draft.statements += [row_statement(draft, x) for x in rows]
        names = list(dict.fromkeys(n for x in rows for n in x.names[:1]))
        shown = named_first(names, MAX_MARKED_IN_HEADLINE)
        short = draft.kb.program(program).short
        heads.append(
            sentence("rows_marked", count=len(rows), list=short, symbol=symbol, meaning=note.meaning, names=shown)
        )
    draft.headline = " ".join(heads)
