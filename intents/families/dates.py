"""When a drug was added to a list."""

from __future__ import annotations

import re

from intents.draft import Draft
from intents.drug_answer import answer_drugs, drugs_in, has_drugs
from intents.reading.question import Question
from intents.registry import Cue, intent
from intents.wording_table import sentence

DATED = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b(?:19|20)\d{2}\b")


@intent(
    "dates",
    order=90,
    when=lambda q: has_drugs(q) and q.asks_date,
    needs=Cue.DRUGS | Cue.DATE,
)
def handle_dates(draft: Draft, q: Question) -> None:
    code_lines = answer_drugs(draft, q, q.programs or None)
    if draft.status != "answered":
        return
    lines = list(code_lines)
    for drug, _ in drugs_in(draft, q):
        facts = []
        for x in drug.listings:
            if q.programs and x.program not in q.programs:
                continue
            short = draft.kb.program(x.program).short
            if x.date_added:
                facts.append(sentence("date_added", list=short, date=x.date_added))
            for note in x.notes:
                if DATED.search(note.meaning):  # a marker that dates the row ('*** … beginning 01/01/2018')
                    facts.append(sentence("date_marked", list=short, meaning=note.meaning, symbol=note.symbol))
        if facts:
            lines.append(f"{drug.name}: " + "; ".join(dict.fromkeys(facts)) + ".")
        else:
            lines.append(sentence("date_not_printed", drug=drug.name))
    draft.headline = " ".join(lines)
