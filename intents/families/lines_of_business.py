"""'Is the home infusion list for commercial only?': the line of business each named list's rows print,
counted from the rows (a list printing none says so). Sentences and words: phrasing.toml [lob]."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import intent
from intents.wording import row_statement

CITED_PER_VALUE = 3  # rows cited for each line of business a list prints


@cache
def _asks() -> re.Pattern[str]:
    return re.compile(phrasing_data()["lob"]["asks"])


def _asks_line_of_business(q: Question) -> bool:
    named = [p for p in q.programs if p not in q.context_programs]
    return bool(named) and not has_drugs(q) and not q.found.codes and bool(_asks().search(q.text))


@intent("lines_of_business", order=32, when=_asks_line_of_business)
def handle_lines_of_business(draft: Draft, q: Question) -> None:
    say = phrasing_data()["lob"]
    parts = []
    for program in [p for p in q.programs if p not in q.context_programs]:
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
