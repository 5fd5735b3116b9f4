"""'How many oncology drugs need precert through eviCore?': a count of a named list's rows is the list's
overview (its row count, its names), ahead of the document search that would quote a line sharing the
question's words. The words are data (intents/phrasing/phrasing.toml [sets] counts)."""

from __future__ import annotations

import re
from functools import cache

from intents.answer import Statement
from intents.draft import Draft, listing_citations
from intents.drug_answer import has_drugs
from intents.families.programs import handle_program_overview, programs_named
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import intent

MAX_NAMED = 20  # drugs named in the sentence (the gene and cellular lists); longer lists are counted
MAX_CITED = 45  # rows cited one by one (every row of the SCO+ list)


@cache
def _counts() -> re.Pattern[str]:
    return re.compile(phrasing_data()["sets"]["counts"])


def _asks_a_count(q: Question) -> bool:
    named = [p for p in q.programs if p not in q.context_programs]
    if not named or has_drugs(q) or q.found.codes or q.marked or q.asks_date:  # 'added in 2021': the dates'
        return False
    return bool(_counts().search(q.text))


@intent(
    "row_count",
    order=52,
    when=_asks_a_count,
)
def handle_row_count(draft: Draft, q: Question) -> None:
    say = phrasing_data()["sets"]
    heads = []
    for program in list(q.phrasing.lists) or programs_named(draft.kb, q):
        draft.use_program(program)
        draft.contact_programs.append(program)
        record = draft.kb.program(program)
        rows = [x for x in draft.kb.listings if x.program == program]
        drugs = sorted((d.name for d in draft.kb.drugs.values() if d.listings_for(program)), key=str.lower)
        named = say["count_names"].format(names=", ".join(drugs)) if len(drugs) <= MAX_NAMED else ""
        heads.append(
            say["count_lead"].format(
                short=record.short,
                date=draft.kb.source_of(program).date_note,
                rows=len(rows),
                drugs=len(drugs),
                names=named,
                requirement=record.requirement,
            )
        )
        citations = [c for x in rows for c in listing_citations(x)] if len(rows) <= MAX_CITED else []
        draft.statements.append(Statement(summary=heads[-1], citations=citations))
        draft.add_rules(list(record.rules))
    draft.headline = " ".join(heads)


@cache
def _current() -> re.Pattern[str]:
    return re.compile(phrasing_data()["when"]["current"])


@intent(
    "list_date",
    order=53,
    when=lambda q: bool(q.programs) and not has_drugs(q) and not q.found.codes and bool(_current().search(q.text)),
)
def handle_list_date(draft: Draft, q: Question) -> None:
    q.asks_date = True
    handle_program_overview(draft, q)
