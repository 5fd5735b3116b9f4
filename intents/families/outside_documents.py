"""'Can you check eligibility for my patient?', 'what's the copay?': what no document holds, asked without
a drug or a code, is said plainly with what the documents do hold, never answered from a passage that
shares a word ('eligible'). The words are data (phrasing.toml [outside], the asks marked `alone`)."""

from __future__ import annotations

from intents.draft import Draft
from intents.phrasing.words import phrasing_words
from intents.reading.question import Question
from intents.registry import Cue, intent


@intent(
    "outside_documents",
    order=8,
    # A question naming a list ('do eviCore reviewers take peer to peer calls?') gets that list's nearest
    # passages and team (intents/families/passages.py) instead.
    when=lambda q: q.phrasing.outside_alone and not (q.has_subject or q.found.unknown or q.programs),
    never=Cue.SUBJECT,
)
def handle_outside_documents(draft: Draft, q: Question) -> None:
    draft.status = "out_of_scope"
    draft.headline = phrasing_words().sentences["outside.alone_lead"].format(what=q.phrasing.outside)
    draft.contact_programs.append(None)  # Cigna's general line
