"""A term the documents print only about some lists, asked of a drug on none of them ('does Tysabri need
REMS?': REMS is printed only in the advanced cellular therapy FAQ). Never a 'No' from absence: the
documents don't say it for that drug, and the one line that does mention the term is quoted, cited, before
the drug's own answer (phrasing.toml [scoped_terms])."""

from __future__ import annotations

import re
from functools import cache

from intents.answer import Statement
from intents.draft import Draft, edition_memo
from intents.phrasing.shape import Shape
from intents.phrasing.words import phrasing_data
from intents.reading.literal_gate import gated
from intents.reading.question import Question
from knowledge.kb import KnowledgeBase
from knowledge.models import ProgramId
from knowledge.passages import Passage, split_sentences


@cache
def _terms() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((gated(re.compile(t["words"])), t["what"]) for t in phrasing_data()["scoped_terms"]["terms"])


@cache
def _any_term() -> re.Pattern[str]:
    return gated(re.compile("|".join(f"(?:{t['words']})" for t in phrasing_data()["scoped_terms"]["terms"])))


def asks_a_term(text: str) -> bool:
    return _any_term().search(text) is not None


def _printed(kb: KnowledgeBase, words: re.Pattern[str]) -> tuple[tuple[Passage, frozenset[ProgramId]], ...]:
    """The passages printing the term, each with the lists it is about: those its words name, else its
    document's."""
    out = []
    for p in kb.passages:
        if words.search(p.text.lower()):
            text = p.text.lower()
            named = {q for e in kb.vocabulary.programs for q in e.programs if re.search("|".join(e.words), text)}
            own = {q for q in kb.program_ids if kb.source_of(q).id == p.citations[0].source}
            out.append((p, frozenset(named & own or own)))
    return tuple(out)


def term_lead(draft: Draft, q: Question, shape: Shape) -> bool:
    """The term's line quoted first, for drugs on none of the lists it is printed about."""
    term = next(((words, what) for words, what in _terms() if words.search(q.text)), None)
    if term is None or not q.found.drugs:
        return False
    words, what = term
    printed = edition_memo(draft.kb, ("scoped_term", words.pattern), _printed, draft.kb, words)
    drugs = [draft.kb.drugs[m.drug_id] for m in q.found.drugs]
    lists = {p for _, programs in printed for p in programs}
    if not printed or any(set(d.programs()) & lists for d in drugs):
        return False
    passage = printed[0][0]
    said = next((s for s in split_sentences(passage.text) if words.search(s.lower())), passage.text)
    draft.statements.insert(0, Statement(summary=f"“{said}”", citations=[*passage.context, *passage.citations]))
    say = phrasing_data()["scoped_terms"]
    names = list(dict.fromkeys(d.name for d in drugs))
    key = "asserted" if shape.asserted else "asked"
    verb = say["verb_one"] if len(names) == 1 else say["verb_more"]
    draft.headline = say[key].format(
        what=what, drugs=" and ".join(names), verb=verb, quote=said, headline=draft.headline
    )
    return True
