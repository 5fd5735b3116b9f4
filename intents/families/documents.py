"""What the documents' own text says, for questions no rule foresees: the line(s) that carry the fact,
quoted verbatim and cited ('who reviews eviCore requests — are they oncologists?')."""

from __future__ import annotations

from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.families.passages import ANSWER_COVERAGE, answer_unsure, clear_winner
from intents.reading.question import Question
from intents.registry import intent
from intents.wording import quote


def _asks_the_documents(q: Question) -> bool:
    # Unknown words, marker rows and described rows are tried first, by their own intents.
    if has_drugs(q) or q.found.codes:
        return False
    if q.asks_date and q.programs and not q.topic_words():
        return False  # 'when was the SCO list updated?': the documents' dates answer
    return bool(q.hits(sources_of_question(q)))


def sources_of_question(q: Question) -> frozenset[str] | None:
    if q.searcher is None or not q.programs:
        return None
    return frozenset(q.searcher.source_of_program[p] for p in q.programs)


@intent(
    "document_search",
    order=75,
    summary="What the documents' letters, FAQs and policy text say, quoted line by line",
    when=_asks_the_documents,
    examples=("are urgent pediatric requests reviewed by eviCore?",),
)
def handle_document_search(draft: Draft, q: Question) -> None:
    hits = q.hits(sources_of_question(q))
    if hits[0].passage and hits[0].coverage < ANSWER_COVERAGE and (hits[0].unsaid or not clear_winner(hits)):
        # Prose that carries only part of the question, when what it lacks is a word the documents never
        # print or another passage carries as much, is near the question, not its answer.
        answer_unsure(draft, q, sources_of_question(q))
        return
    draft.headline = " ".join(quote(draft, hits[:1]))
    quote(draft, hits[1:])
    for program in draft.programs_used:
        if program not in draft.contact_programs and draft.kb.contacts(program):
            draft.contact_programs.append(program)
            break
