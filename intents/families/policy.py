"""Site-of-care and program rules: hospital outpatient criteria, the 30-day transition, continuity, REMS."""

from __future__ import annotations

from intents.answers import Draft
from intents.drug_answer import has_drugs, topic_rules
from intents.families.help import handle_out_of_scope
from intents.families.programs import handle_program_overview
from intents.question import Question
from intents.registry import intent
from knowledge.models import ProgramId

SITE_OF_CARE: tuple[ProgramId, ...] = ("sco", "sco_plus", "site_of_care_policy")


@intent(
    "policy",
    order=60,
    summary=(
        "Site-of-care and program rules (hospital outpatient criteria, 30-day transition, six-month continuity, REMS)"
    ),
    when=lambda q: bool(q.topics) and not has_drugs(q) and not q.asks_contact,
    examples=(
        "is there a transition period for patients moving from hospital outpatient?",
        "what are the criteria for hospital outpatient infusion?",
    ),
)
def handle_policy(draft: Draft, q: Question) -> None:
    rules = topic_rules(draft, q)
    if not rules and q.programs:
        # 'what does SCO+ mean?': no rule on that topic, but the program itself is the question.
        draft.intent = "program_overview"
        handle_program_overview(draft, q)
        return
    if not rules:
        handle_out_of_scope(draft, q)
        return
    draft.add_rules(rules)
    draft.headline = draft.statements[0].summary
    for rule in rules:
        program = draft.kb.program(rule.program).shares or rule.program  # SCO+ and the policy: the SCO team
        if program not in draft.contact_programs:
            draft.contact_programs.append(program)
