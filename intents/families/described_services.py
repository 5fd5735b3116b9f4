"""Home infusion services and products the list describes rather than names (TPN, enteral, factor VIII)."""

from __future__ import annotations

from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.families.contacts import no_contact_fallback
from intents.reading.dictionary import is_english
from intents.reading.question import Question
from intents.reading.vocabulary import STOPWORDS
from intents.registry import NO_SUBJECT, Cue, intent
from intents.wording import row_statement, unknown_notes
from intents.wording_table import joined, phrase

MAX_DESCRIBED_IN_HEADLINE = 6


def _asks_about_described_rows(q: Question) -> bool:
    if not q.found.described or has_drugs(q) or q.found.codes:
        return False
    if q.found.unknown and all(w in STOPWORDS for w in q.found.described_by):
        # 'Skyrizi IV at home': the question is about the drug no document names; 'iv' is how it is
        # given, not a service to list rows for.
        return False
    # An ordinary word ('pump', 'factor') is about a procedure list only when the question names that list.
    named = any(x.program in q.programs for x in q.found.described)
    return named or not all(is_english(w) for w in q.found.described_by)


@intent(
    "home_infusion_service",
    order=40,
    when=_asks_about_described_rows,
    needs=Cue.DESCRIBED,
    never=NO_SUBJECT,
)
def handle_described_rows(draft: Draft, q: Question) -> None:
    rows = q.found.described
    programs = list(dict.fromkeys(x.program for x in rows))  # the procedure lists whose rows these are
    for program in programs:
        draft.use_program(program)
    for x in rows:
        draft.statements.append(row_statement(draft, x))
    shown = []
    for x in rows[:MAX_DESCRIBED_IN_HEADLINE]:
        what = (x.status_note or x.requirement or "").rstrip(".")
        shown.append(f"{x.codes[0] if x.codes else phrase('no_code_parenthesised')} “{x.description}”: {what}")
    draft.headline = phrase(
        "described_rows",
        lists=joined(draft.kb.program(p).short for p in programs),
        have=phrase("has" if len(programs) == 1 else "have"),
        count=len(rows),
        s="s" if len(rows) > 1 else "",
        words=" ".join(q.found.described_by),
        rows="; ".join(shown),
        more=phrase("more_below", count=len(rows) - len(shown)) if len(rows) > len(shown) else "",
    )
    draft.contact_programs += programs
    no_contact_fallback(draft)
    unknown_notes(draft, q)
