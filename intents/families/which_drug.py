"""'does it need precert at home?' with nothing before it: the question is about a drug it doesn't name,
so which drug or code is asked back, never a passage or a list's overview instead. Words and the
question back: phrasing.toml [pronoun]."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import Cue, intent


@cache
def _pronoun_subject() -> re.Pattern[str]:
    return re.compile(phrasing_data()["pronoun"]["subject"])


# A pronoun object refers to nothing only in a short question: in a longer one a noun before it may be
# what it means ('…a gene therapy contracted to give it').
MAX_OBJECT_ONLY_WORDS = 7


@cache
def _pronoun_object() -> re.Pattern[str]:
    data = phrasing_data()["pronoun"]
    return re.compile(f"(?:{data['object']})|(?:{data['follow_up']})")


def refers_to_an_unnamed_drug(q: Question) -> bool:
    """'does it need precert?', 'what's the code for it?', 'and that one?': a drug asked about only by a
    pronoun (in a conversation, the drug before)."""
    if len(q.text.split()) <= MAX_OBJECT_ONLY_WORDS and _pronoun_object().search(q.text) is not None:
        return True  # nothing before the pronoun in a question this short says which
    return (q.asks_pa or q.phrasing.yes_no or bool(q.programs)) and _pronoun_subject().search(q.text) is not None


def _asks_of_an_unnamed_drug(q: Question) -> bool:
    if q.has_subject or q.found.unknown or q.found.described or q.phrasing.talk:
        return False
    return refers_to_an_unnamed_drug(q)


@intent("which_drug", order=14, when=_asks_of_an_unnamed_drug, never=Cue.SUBJECT)
def handle_which_drug(draft: Draft, q: Question) -> None:
    draft.status = "clarify"
    draft.headline = phrasing_data()["pronoun"]["ask_back"]
    for program in q.programs:
        draft.use_program(program)
