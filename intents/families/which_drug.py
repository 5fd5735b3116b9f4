"""'does it need precert at home?' with nothing before it: the question is about a drug it doesn't name,
so which drug or code is asked back, never a passage or a list's overview instead. Words and the
question back: phrasing.toml [pronoun]."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import intent


@cache
def _pronoun_subject() -> re.Pattern[str]:
    return re.compile(phrasing_data()["pronoun"]["subject"])


def _asks_of_an_unnamed_drug(q: Question) -> bool:
    if q.has_subject or q.found.unknown or q.found.described or q.phrasing.talk:
        return False
    return (q.asks_pa or q.phrasing.yes_no) and _pronoun_subject().search(q.text) is not None


@intent("which_drug", order=14, when=_asks_of_an_unnamed_drug)
def handle_which_drug(draft: Draft, q: Question) -> None:
    draft.status = "clarify"
    draft.headline = phrasing_data()["pronoun"]["ask_back"]
    for program in q.programs:
        draft.use_program(program)
