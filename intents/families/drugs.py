"""Does a drug need prior authorization, and through whom: one intent per program a question names
(generated from intents/wording.toml), and the general one that reports every program listing the drug."""

from __future__ import annotations

from collections.abc import Callable

from intents.draft import Draft
from intents.drug_answer import answer_drugs, has_drugs
from intents.reading.question import Question
from intents.registry import Cue, intent
from intents.wording_table import program_intents


@intent(
    "prior_auth",
    order=160,
    when=has_drugs,
    needs=Cue.DRUGS,
)
def handle_drug(draft: Draft, q: Question) -> None:
    answer_drugs(draft, q, q.programs or None)


def _names_one_of(programs: tuple[str, ...]) -> Callable[[Question], bool]:
    return lambda q: has_drugs(q) and any(p in q.programs for p in programs)


# The per-program intents, from intents/wording.toml: a new program is a row there, not code here.
for _spec in program_intents():
    handle_drug = intent(
        _spec["name"],
        order=_spec["order"],
        when=_names_one_of(tuple(_spec["programs"])),
        needs=Cue.DRUGS | Cue.PROGRAMS,
    )(handle_drug)
