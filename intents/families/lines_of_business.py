"""'Is the home infusion list for commercial only?': the line of business each named list's rows print,
counted from the rows (a list printing none says so). Sentences and words: phrasing.toml [lob]."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.phrasing.words import phrasing_data
from intents.reading.literal_gate import gated
from intents.reading.question import Question
from intents.registry import NO_SUBJECT, intent
from intents.wording import row_statement
from knowledge.data_files import package_toml

CITED_PER_VALUE = 3  # rows cited for each line of business a list prints


@cache
def _plan_types() -> frozenset[str]:
    """Payers that are plan types ('Medicare'), a line of business a row may print; not other insurers."""
    return frozenset(p["name"] for p in package_toml("intents.reading", "payers.toml")["payer"] if p.get("plan_type"))


@cache
def _asks() -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["lob"]["asks"]))


def _asks_line_of_business(q: Question) -> bool:
    # ('does the home infusion list apply to Medicare Advantage members?': another payer named beside a
    # list asks whose plans its rows are for.)
    named = [p for p in q.programs if p not in q.context_programs]
    if not named or has_drugs(q) or q.found.codes or not (_asks().search(q.text) or q.other_payers):
        return False
    # 'do all CAR-T products need prior auth regardless of plan type?': prior authorization is asked; a
    # list printing no line of business has only its prose to answer that.
    return not re.search(phrasing_data()["lob_beside_pa"]["pa"], q.text) or _prints_line_of_business(q, named)


def _prints_line_of_business(q: Question, programs: list[str]) -> bool:
    if q.searcher is None:
        return True
    return any(x.line_of_business for x in q.searcher.kb.listings if x.program in programs)


@intent("lines_of_business", order=32, when=_asks_line_of_business, never=NO_SUBJECT)
def handle_lines_of_business(draft: Draft, q: Question) -> None:
    say = phrasing_data()["lob"]
    parts = []
    for program in list(q.phrasing.lists) or [p for p in q.programs if p not in q.context_programs]:
        rows = [x for x in draft.kb.listings if x.program == program]
        short = draft.kb.program(program).short
        draft.use_program(program)
        draft.contact_programs.append(draft.kb.program(program).shares or program)
        printed = Counter(x.line_of_business for x in rows if x.line_of_business)
        if not printed:
            parts.append(say["none"].format(list=short))
            continue
        for lob, n in printed.most_common():
            key = "all" if n == len(rows) else "some"
            parts.append(say[key].format(n=n, total=len(rows), list=short, lob=lob))
            draft.statements += [row_statement(draft, x) for x in rows if x.line_of_business == lob][:CITED_PER_VALUE]
    draft.headline = " ".join(parts)


def rows_for_plans(draft: Draft, q: Question) -> None:
    """A drug or code asked about with a line of business or another payer ('J0129 for Medicare?',
    'Ocrevus precert for commercial?'): what the answer's own rows print of it, after the verdict — a row
    naming the payer (the policy's 'Code may be used for Medicare when…'), a row's line of business."""
    plan_types = _plan_types()
    lob_asked = bool(_asks().search(q.text)) or any(p in plan_types for p in q.other_payers)
    if not draft.drugs or not (q.other_payers or lob_asked):
        return
    say = phrasing_data()["lob"]
    cited = {(c.file, c.line) for f in draft.findings if f.listed for c in f.citations}
    rows = [x for x in draft.kb.listings if (x.citation.file, x.citation.line) in cited]
    said = []
    for x in rows:
        short, code = draft.kb.program(x.program).short, ", ".join(x.codes)
        payer = next((p for p in q.other_payers if x.description and p.lower() in x.description.lower()), None)
        if payer:
            said.append(say["payer_row"].format(list=short, code=code, payer=payer, description=x.description))
        elif x.line_of_business and lob_asked:
            said.append(say["row"].format(list=short, code=code, lob=x.line_of_business))
    if said:
        draft.headline = " ".join([draft.headline, *dict.fromkeys(said)])
