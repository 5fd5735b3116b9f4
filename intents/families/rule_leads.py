"""What a rule's answer says first when the question asks a number, a date or a yes/no (#19 item 1):
the rule's summary is the documents' point in plain words, but 'how many minutes does the eviCore
portal take?' is answered by the printed sentence holding 'two to five minutes', and 'is PA needed
for every gene therapy?' by the FAQ's own 'Yes.' (data: intents/families/rule_leads.toml)."""

from __future__ import annotations

import re

from intents.draft import Draft
from intents.families.asked_quantity import asked_quantity, rule_leads_data
from intents.families.passages import ANSWER_COVERAGE, sources_of_question
from intents.reading.question import Question
from intents.reading.search import (
    FAQ_VERDICT_SHARE,
    Hit,
    asks_universal,
    asks_yes_or_no,
    demand_unmet,
    document_lines,
)
from intents.wording import quote
from knowledge.models import Citation, Rule

MAX_LEADING_HITS = 3  # the ranking's first few: one further down is not what the question asks
FAQ_LOOKBACK = 3  # lines above an FAQ answer where its question is printed


def quantity_lead(draft: Draft, q: Question, rules: list[Rule]) -> None:
    """A question asking a duration, date or time of a rule whose answer doesn't lead with one: the
    quoted sentence of the rule's passages (or one carrying the whole question) that prints it leads."""
    printed = asked_quantity(q.text)
    if printed is None or printed.search(draft.headline):
        return
    cited = {(c.source, c.line) for r in rules for c in r.citations}
    hit = next((h for h in q.hits(sources_of_question(q))[:MAX_LEADING_HITS] if _holds(h, printed, cited)), None)
    if hit is None:
        # 'how many days does the SCO team take to redirect?': no time frame is printed; said first.
        missing = demand_unmet(q.text, draft.headline)
        if missing:
            draft.headline = f"{missing} {draft.headline}"
        return
    said = f"“{hit.sentence}”"
    already = next((s for s in draft.statements if s.summary == said), None)
    if already is not None:
        draft.statements.remove(already)  # quoted beside the rules: it leads instead
    lead = quote(draft, [hit])
    draft.statements.insert(0, draft.statements.pop())
    draft.headline = " ".join(lead)


def _holds(hit: Hit, printed: re.Pattern[str], cited: set[tuple[str, int]]) -> bool:
    if not (hit.passage and hit.in_scope and printed.search(hit.sentence)):
        return False
    return {(c.source, c.line) for c in hit.citations} <= cited or hit.coverage >= ANSWER_COVERAGE


def verdict_lead(draft: Draft, q: Question, rules: list[Rule]) -> None:
    """An FAQ answer's own 'Yes.' or 'No.' leads the first rule's answer to a yes/no question asking what
    the FAQ asks ('No.' only when the question asks of all, as the FAQ's question does)."""
    # ('we're REMS certified, does that mean we're in the program?': whether one thing makes another)
    implies = re.search(rule_leads_data()["verdict_implies"]["asks"], q.text.lower()) is not None
    if not rules or not rules[0].citations or q.searcher is None or not (implies or asks_yes_or_no(q.text)):
        return
    answer = rules[0].citations[0]
    verdict = re.match(rule_leads_data()["verdict"]["opens"], answer.text.strip())
    if verdict is None or (verdict.group(1) == "No" and not (implies or asks_universal(q.text))):
        return
    faq = _faq_question(draft, answer)
    if faq is None:
        return
    share = q.searcher.coverage(q.text, [faq, answer.text], q.name_stems())
    if share >= max(FAQ_VERDICT_SHARE, rule_leads_data()["verdict"]["faq_share"]):
        draft.headline = rule_leads_data()["verdict"]["lead"].format(verdict=verdict.group(1), headline=draft.headline)


def _faq_question(draft: Draft, answer: Citation) -> str | None:
    """The FAQ question an answer line answers: the printed question just above it."""
    lines = document_lines(draft.kb).get(answer.source, [])
    for n in range(answer.line - 2, max(answer.line - 2 - FAQ_LOOKBACK, -1), -1):
        if 0 <= n < len(lines) and lines[n].strip():
            return lines[n] if lines[n].rstrip().endswith("?") else None
    return None
