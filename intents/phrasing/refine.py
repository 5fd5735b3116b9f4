"""Read a question's phrasing into it before an intent is chosen: the shape (yes/no, assertion,
coverage, small talk), code ranges expanded, 'when' that asks a condition rather than a date, the
lists an assertion's drug is on, and the drugs of a quoted earlier message when the question names
none."""

from __future__ import annotations

import dataclasses

from intents.phrasing.ranges import code_ranges, expand_ranges
from intents.phrasing.shape import read_shape
from intents.phrasing.slack_text import Message
from intents.phrasing.words import phrasing_words
from intents.reading.entities import DrugMatch, Matcher
from intents.reading.normalize import normalize
from intents.reading.question import DATE_WORDS, Question
from knowledge.kb import KnowledgeBase


def refine(q: Question, kb: KnowledgeBase, matcher: Matcher, message: Message) -> list[str]:
    """Set `q.phrasing` and adjust what the question asks for; returns readings to show the asker."""
    readings: list[str] = []
    shape = read_shape(q.text)
    ranges = code_ranges(q.text, kb) if q.found.codes else []  # a range names at least its first code
    if ranges:
        expand_ranges(q.found, ranges)
        shape = dataclasses.replace(shape, ranges=tuple(ranges))
    q.phrasing = shape
    if shape.asserted:
        # '…, right?': the tail asks for a verdict; it is no word to search the documents for.
        q.norm = dataclasses.replace(q.norm, clean=phrasing_words().premise_tail.sub("", q.text).strip())
    if q.asks_date and not _asks_a_date(q.text):
        q.asks_date = False  # 'when does Keytruda need precert?' asks under which conditions
    if shape.claim in ("no_pa", "condition") and q.programs and q.found.drugs:
        # 'X isn't on the eviCore list, so no PA is needed', 'only if given in the hospital': every list
        # the drug is on answers that; for a condition, the drug's own lists lead.
        own = [p for m in q.found.drugs for p in kb.drugs[m.drug_id].programs()]
        first, then = (q.programs, own) if shape.claim == "no_pa" else (own, q.programs)
        q.programs = list(dict.fromkeys([*first, *then]))
    if message.quoted and not (q.has_subject or q.found.unknown):
        readings += _from_quote(q, kb, matcher, message.quoted)
    if message.struck:
        readings.append(f"I left out the struck-through {', '.join(f'“{w}”' for w in message.struck)}.")
    return readings


def _asks_a_date(text: str) -> bool:
    """A date word other than 'when' or 'since', or one of them beside a date ('when was Ocrevus added?')."""
    weak = phrasing_words().weak_date_words
    others = [m.group(0) for m in DATE_WORDS.finditer(text) if m.group(0) not in weak]
    return bool(others) or bool(phrasing_words().date_when.search(text))


def _from_quote(q: Question, kb: KnowledgeBase, matcher: Matcher, quoted: str) -> list[str]:
    """'> does Rituxan need PA?' above 'and the fax?': the quote's drugs are what the question is about."""
    found = matcher.resolve(normalize(quoted))
    names = []
    for m in found.drugs:
        if all(d.drug_id != m.drug_id for d in q.found.drugs):
            q.found.drugs.append(DrugMatch(m.drug_id, "context", 100.0, m.text, 0, 0))
            names.append(kb.drugs[m.drug_id].name)
    return [f"I read the quoted message as being about {', '.join(names)}."] if names else []
