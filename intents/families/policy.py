"""Site-of-care and program rules: hospital outpatient criteria, the 30-day transition, continuity, REMS."""

from __future__ import annotations

from intents.draft import Draft
from intents.drug_answer import has_drugs, topic_rules
from intents.families.help import handle_out_of_scope
from intents.families.passages import ANSWER_COVERAGE, CLEAR_MARGIN, sources_of_question
from intents.families.programs import handle_program_overview
from intents.families.rule_leads import quantity_lead, verdict_lead
from intents.phrasing.scope import scoped_rules
from intents.reading.question import Question
from intents.reading.search import MIN_COVERAGE
from intents.registry import Cue, intent
from intents.wording import not_said, quote
from intents.wording_table import sentence
from knowledge.models import Rule


@intent(
    "policy",
    order=60,
    when=lambda q: bool(q.topics) and not has_drugs(q) and not q.asks_contact,
    needs=Cue.TOPICS,
    never=Cue.DRUGS,
)
def handle_policy(draft: Draft, q: Question) -> None:
    scoped = scoped_rules(draft, q)
    if scoped is not None:
        # 'the 30-day transition is only for home infusion?': the lists printing the rule, against those named.
        rules, lead = scoped
        draft.add_rules(rules)
        draft.headline = f"{lead} {draft.statements[0].summary}"
        for program in dict.fromkeys(draft.kb.program(r.program).shares or r.program for r in rules):
            draft.contact_programs.append(program)
        return
    rules = topic_rules(draft, q)
    if not rules and q.programs:
        # 'what does SCO+ mean?': no rule on that topic, but the program itself is the question.
        draft.intent = "program_overview"
        handle_program_overview(draft, q)
        return
    if not rules:
        handle_out_of_scope(draft, q)
        return
    if q.searcher is not None and len(rules) > 1:
        # Several topics matched ('where can I find more about Embarc' is also 'where can'): the rule
        # whose lines carry most of the question leads.
        carried = {r.id: _rule_carries(q, r) for r in rules}
        # ... and of rules that carry it alike, the one whose lines print how it is asked ('a grace period
        # when a drug is newly added' is the continuation of impacted medications, not the transition).
        shaped = {r.id: q.searcher.shape_coverage(q.text, [c.text for c in r.citations]) for r in rules}
        rules = sorted(rules, key=lambda r: (-round(carried[r.id], 2), -round(shaped[r.id], 1)))
    draft.add_rules(rules)
    draft.headline = draft.statements[0].summary
    if not q.programs and len({draft.kb.program(r.program).shares or r.program for r in rules}) > 1:
        # Rules of several programs and none named ('how do I submit a PA to Cigna?'): the first says
        # whose rule it is; the others follow.
        whose = draft.kb.program(rules[0].program).short
        draft.headline = sentence("rule_of_program", program=whose, rule=draft.headline)
    leading = _beside_the_rules(draft, q, rules)
    if draft.status != "out_of_scope" and leading is None:
        # A number, date or yes/no asked of the rule: the printed sentence or the FAQ's own word first.
        verdict_lead(draft, q, rules)
        quantity_lead(draft, q, rules)
    if draft.status == "out_of_scope" and not q.programs:
        # The documents don't answer it and it names no program: the nearest rules are shown, but their
        # team is not whom to call about it ('per infusion hour' is not the Gene Therapy team's).
        draft.contact_programs.append(None)  # Cigna Customer Service
        return
    # The team to call is the answer's: the quoted line's document when a line the rules don't carry
    # answers ('are deleted codes eligible?' is the policy's line, never the Gene Therapy team's).
    owners = [p for p in draft.kb.program_ids if draft.kb.source_of(p).id == leading] if leading else []
    for program in owners or [rule.program for rule in rules]:
        program = draft.kb.program(program).shares or program  # SCO+ and the policy: the SCO team
        if program not in draft.contact_programs:
            draft.contact_programs.append(program)


def _rule_carries(q: Question, rule: Rule) -> float:
    """How much of the question a rule's lines carry, or its passages with the questions people ask
    about them ('a grace period for patients already on a newly added drug' is asked of the
    continuation's passage, though it never prints 'grace')."""
    assert q.searcher is not None
    cited = {(c.source, c.line) for c in rule.citations}
    ranked = q.searcher.ranked(q.norm.clean, set(sources_of_question(q) or ()), q.name_stems())
    own = [h.coverage for h in ranked if {(c.source, c.line) for c in h.citations} <= cited]
    return max([q.searcher.coverage(q.text, [c.text for c in rule.citations], q.name_stems()), *own])


def _beside_the_rules(draft: Draft, q: Question, rules: list[Rule]) -> str | None:
    """The rules answer the topic; the question may ask more ('per hour of chair time'). A line that
    carries what they don't is quoted beside them (first, when the rules don't carry the question);
    when neither does, the documents don't say it, and that is the answer's first sentence. Returns the
    document of a quoted line that leads the answer."""
    if q.searcher is None:
        return None
    cited = {(c.source, c.line) for r in rules for c in r.citations}
    carried = q.searcher.coverage(q.text, [c.text for r in rules for c in r.citations], q.name_stems())
    # The rules' own passages carry what people ask about them too (questions.toml): 'how do we submit
    # onc precert' is the how-to-request rule's, though its lines never say 'oncology'.
    ranked = q.searcher.ranked(q.norm.clean, set(sources_of_question(q) or ()), q.name_stems())
    carried = max([carried, *(h.coverage for h in ranked if {(c.source, c.line) for c in h.citations} <= cited)])
    # Prose only, from the documents of the programs the question names when it names any: a heading
    # ('How to request precertification') or another program's letter is not what the rules lack.
    new = [
        h
        for h in q.hits(sources_of_question(q))
        if h.passage and not {(c.source, c.line) for c in h.citations} <= cited
    ]
    if carried >= MIN_COVERAGE:
        quote(draft, new[:1])
        return None
    if new and new[0].in_scope and new[0].coverage >= max(ANSWER_COVERAGE, carried + CLEAR_MARGIN):
        lead = quote(draft, new[:1])
        draft.statements.insert(0, draft.statements.pop())
        draft.headline = " ".join(lead)
        return new[0].citation.source
    if new:
        # Not clearly nearer than the rules ('the max number of infusions during the transition' shares
        # 'transition' and 'allowed' with the redirection FAQ): the rules lead, the line follows.
        quote(draft, new[:1])
        return None
    if not q.unprinted_topic_words():
        return None  # every word asked is printed somewhere: the rules' topic stands, not a 'they don't say'
    draft.status = "out_of_scope"
    draft.headline = not_said(q.unmentioned_names()) + " " + sentence("nearest_topic_below")
    return None
