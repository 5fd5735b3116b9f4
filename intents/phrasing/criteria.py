"""A yes/no asking whether a case meets one of a printed list of criteria, any one of which is enough ('can a
pt with fluid overload concerns keep getting infusions at the hospital?' of the policy's 'Cigna covers
injectable treatment in a hospital outpatient setting … for an individual with ANY of the following:' and its
item '• … concerns regarding fluid overload status …'): the item is the documents' yes, said with its lead-in
(phrasing.toml [criteria_items]). Never for an item with an exception of its own ('unless …'), a negated or
wh-question, or an item that doesn't carry the question."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft
from intents.families.passages import passage_hits
from intents.phrasing.words import phrasing_data
from intents.reading.literal_gate import gated
from intents.reading.question import Question
from intents.reading.search import stem

MIN_ITEM_COVERAGE = 0.7  # the item carries most of the question (the quoted answer's own bar is lower)


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["criteria_items"][key], re.IGNORECASE))


def criteria_lead(draft: Draft, q: Question) -> bool:
    hits = passage_hits(q) if q.searcher is not None else []
    hit = hits[0] if hits else None
    if hit is None or not hit.in_scope or not hit.context or hit.coverage < MIN_ITEM_COVERAGE:
        return False
    lead_in = " ".join(c.text.strip() for c in hit.context)
    if not _pattern("lead_in").search(lead_in) or _pattern("exception").search(hit.sentence):
        return False
    text = q.text
    if _pattern("wh").match(text) or _pattern("negated").search(text):
        return False
    if not (_pattern("asks").search(text) and _pattern("setting").search(text)):
        return False
    say = phrasing_data()["criteria_items"]["yes"]
    draft.headline = say.format(lead_in=lead_in.rstrip(": "), headline=draft.headline)
    return True


def required_lead(draft: Draft, q: Question) -> bool:
    """'if a car-t center has REMS but no Cigna contract can they get reimbursed?' of 'A REMS-certified provider
    must be contracted as an Advanced Cellular Therapy Program provider … to be eligible …': what the quoted
    line makes a condition ('must be contracted'), denied by the question, is the documents' No."""
    hits = passage_hits(q) if q.searcher is not None else []
    hit = hits[0] if hits else None
    if hit is None or not hit.in_scope or hit.coverage < MIN_ITEM_COVERAGE:
        return False
    say = phrasing_data()["required_items"]
    must = re.search(say["must"], hit.sentence.lower())
    if must is None or _pattern("wh").match(q.text) or not re.search(say["asks"], q.text):
        return False
    need = stem(must.group("need"))
    denied = (m.group("after").split() for m in re.finditer(say["denied"], q.text))
    if not any(stem(w) == need for words in denied for w in words[: say["reach"]]):
        return False
    draft.headline = say["no"].format(headline=draft.headline)
    return True
