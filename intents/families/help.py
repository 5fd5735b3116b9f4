"""Help, and the answer for anything outside the documents' scope."""

from __future__ import annotations

from intents.draft import Draft
from intents.families.passages import answer_unsure
from intents.reading.question import Question
from intents.registry import Cue, intent, registry
from intents.wording import not_said
from intents.wording_table import sentence, wording_table

MAX_OUT_OF_SCOPE_EXAMPLES = 4
# A passage carrying this share of what an unanswered question asks about is worth offering, with its
# team, instead of the list of what the bot covers ('does an auth expire?' is near the one-time 30-day
# approval of hospital outpatient requests).
HELPFUL_NEAR_COVERAGE = 0.5


@intent(
    "help",
    order=10,
    when=lambda q: q.asks_help,
    needs=Cue.HELP,
)
def handle_help(draft: Draft, q: Question) -> None:
    draft.status = "help"
    draft.headline = sentence("help_headline")
    # The questions people ask most come first: help shows five and keeps the rest behind a button.
    for rule in _ranked_rules():
        draft.examples.append(f"{rule.examples[0]} — {rule.summary}")
    for program in draft.kb.program_ids:
        draft.use_program(program)


def _ranked_rules() -> list:
    return sorted((r for r in registry() if r.examples and r.name != "help"), key=_help_rank)


def help_examples() -> list[str]:
    """The example questions people ask most, first."""
    return [rule.examples[0] for rule in _ranked_rules()]


def _help_rank(rule: object) -> int:
    first = wording_table()["help_first"]  # intents/wording.toml
    name = getattr(rule, "name", "")
    return first.index(name) if name in first else len(first)


@intent("out_of_scope", order=1000, when=lambda q: True)
def handle_out_of_scope(draft: Draft, q: Question) -> None:
    if q.searcher is not None and q.topic_words() and not q.has_subject and not q.found.unknown:
        near = q.searcher.nearest(q.norm.clean, None, q.name_stems())
        if near and near[0].coverage >= HELPFUL_NEAR_COVERAGE:
            answer_unsure(draft, q)
            # Near is not the answer: whom to call about what nothing answers is Cigna's general line,
            # not the near passage's team ('per infusion hour' is not eviCore's to answer).
            draft.contact_programs[:] = [None]
            return
    draft.status = "out_of_scope"
    # The lists loaded, as the manifest names them: a further list is named here with no code change.
    programs = ", ".join(draft.kb.programs[p].short for p in draft.kb.program_ids)
    draft.headline = sentence("out_of_scope_headline", programs=programs)
    words = q.topic_words()
    if words:  # asked about something: say the documents don't say it, before what they do cover
        draft.headline = f"{not_said(q.unmentioned_names())} {draft.headline}"
    draft.examples = [rule.examples[0] for rule in registry() if rule.examples][:MAX_OUT_OF_SCOPE_EXAMPLES]
