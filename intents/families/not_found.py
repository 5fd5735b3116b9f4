"""Names no document has: said to be not found, never a yes or a no."""

from __future__ import annotations

from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.reading.question import Question
from intents.registry import Cue, intent
from intents.wording import MAX_NAMED_UNKNOWN, listed_words
from intents.wording_table import sentence


@intent(
    "not_found",
    order=50,
    when=lambda q: bool(q.found.unknown) and not has_drugs(q),
    needs=Cue.UNKNOWN,
    never=Cue.DRUGS,
)
def handle_not_found(draft: Draft, q: Question) -> None:
    draft.status = "not_found"
    words = listed_words(q.found.unknown) or ", ".join(c.code for c in q.found.codes[:MAX_NAMED_UNKNOWN])
    draft.headline = sentence("not_found_headline", words=words)
    for program in q.programs or draft.kb.program_ids:
        draft.use_program(program)
    # 'methotrexate evicore': the letter's list is not the whole rule; what it says of unlisted
    # chemotherapy is the one sourced thing there is to say.
    draft.add_rules([r for r in draft.kb.rules(topic="unlisted") if r.program in q.programs])
