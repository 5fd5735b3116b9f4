"""The rows a marker or footnote picks out: 'which eviCore drugs are pharmacy benefit only?'."""

from __future__ import annotations

from intents.answer import Statement
from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.reading.question import Question
from intents.registry import intent
from intents.wording import row_statement
from intents.wording_table import named_first, phrase, sentence

MAX_MARKED_IN_HEADLINE = 12


@intent(
    "marked_rows",
    order=30,
    when=lambda q: bool(q.marked) and not has_drugs(q) and not q.found.codes,
)
def handle_marked_rows(draft: Draft, q: Question) -> None:
    heads = []
    for program, symbol in q.marked:
        rows = [x for x in draft.kb.listings if x.program == program and any(n.symbol == symbol for n in x.notes)]
        if not rows:
            continue
        note = next(n for n in rows[0].notes if n.symbol == symbol)
        draft.use_program(program)
        draft.contact_programs.append(program)
        draft.statements.append(
            Statement(summary=f"{phrase('marker_label', symbol=symbol)}: {note.meaning}.", citations=[note.citation])
        )
        draft.statements += [row_statement(draft, x) for x in rows]
        names = list(dict.fromkeys(n for x in rows for n in x.names[:1]))
        shown = named_first(names, MAX_MARKED_IN_HEADLINE)
        short = draft.kb.program(program).short
        heads.append(
            sentence("rows_marked", count=len(rows), list=short, symbol=symbol, meaning=note.meaning, names=shown)
        )
    draft.headline = " ".join(heads)
