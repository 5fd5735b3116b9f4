"""What the documents' own text says, for questions no rule foresees: the line(s) that carry the fact,
quoted verbatim and cited ('who reviews eviCore requests — are they oncologists?')."""

from __future__ import annotations

from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.families.passages import (
    ANSWER_COVERAGE,
    MIN_TOPIC_CONCEPTS,
    answer_unsure,
    asks_program_rows,
    clear_winner,
    one_word_asked,
    sources_of_question,
)
from intents.reading.question import Question
from intents.reading.search import Concept
from intents.registry import NO_SUBJECT, intent
from intents.wording import quote, quote_items

# A word this rare in the documents (idf: printed in about three units of ~770) is a topic by itself.
SPECIFIC_WORD_WEIGHT = 5.0


def _asks_the_documents(q: Question) -> bool:
    # Unknown words, marker rows and described rows are tried first, by their own intents.
    if has_drugs(q) or q.found.codes:
        return False
    if q.asks_date and q.programs and not q.topic_words():
        return False  # 'when was the SCO list updated?': the documents' dates answer
    if asks_program_rows(q):
        return False  # 'which drugs need site-of-care review?': the lists answer
    hits = q.hits(sources_of_question(q))
    if not hits or (_one_broad_word(q) and not one_word_asked(q, hits[0])):
        # One topic word matched by one word is chance ('how long does Cigna take to approve a PA?' is
        # not the 30-day transition line that prints 'approval period').
        return False
    # Prose or a table row: a heading or a slogan ('Together, all the way.') that shares a word with
    # the question says nothing about it.
    return hits[0].passage or q.searcher.row_at(hits[0].citation) is not None


def _one_broad_word(q: Question) -> bool:
    """A question whose topic is one word the documents print often ('how long' is any duration): a
    line that has it is not thereby its answer. A rare word ('all-inclusive') is specific enough."""
    if q.searcher is None or q.programs:
        return False  # searched in the named program's documents only: its own lines, not the whole set
    names = q.name_stems()
    topic = [c for c in q.searcher.concepts(q.norm.clean) if not c.generic and not set(c.alternatives[0]) <= names]
    # A synonym group ('how long': days, months, minutes…) is broad by what it stands for.
    # A word no document prints is rare only because it is absent: a line then matches it through a
    # question people ask ('a limit on infusions per auth' is not 'is reimbursement limited').
    return len(topic) < MIN_TOPIC_CONCEPTS and all(
        len(c.alternatives) > 1 or c.weight < SPECIFIC_WORD_WEIGHT or not _printed(q, c) for c in topic
    )


def _printed(q: Question, c: Concept) -> bool:
    return q.searcher is not None and any(all(q.searcher.printed_stem(s) for s in a) for a in c.alternatives)


@intent(
    "document_search",
    order=75,
    when=_asks_the_documents,
    never=NO_SUBJECT,
)
def handle_document_search(draft: Draft, q: Question) -> None:
    hits = q.hits(sources_of_question(q))
    if not hits[0].in_scope or (
        hits[0].passage and hits[0].coverage < ANSWER_COVERAGE and (hits[0].unsaid or not clear_winner(hits))
    ):
        # Prose that carries only part of the question, when what it lacks is a word the documents never
        # print or another passage carries as much, is near the question, not its answer.
        answer_unsure(draft, q, sources_of_question(q))
        return
    draft.headline = " ".join([*quote(draft, hits[:1]), *quote_items(draft, hits[0])])
    quote(draft, [h for h in hits[1:] if h.citations[-1] not in {c for s in draft.statements for c in s.citations}])
    # Of the programs the quoted document holds, the one the question names is whom to call ('… CAR-T?').
    for program in sorted(draft.programs_used, key=lambda p: p not in q.programs):
        if program not in draft.contact_programs and draft.kb.contacts(program):
            draft.contact_programs.append(program)
            break
