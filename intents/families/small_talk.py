"""'hi', 'thanks!': a hello with two example questions, or a short reply; never the out-of-scope
paragraph. The words and the replies are data (intents/phrasing/phrasing.toml)."""

from __future__ import annotations

from intents.draft import Draft
from intents.families.help import help_examples
from intents.phrasing.words import phrasing_words
from intents.reading.question import Question
from intents.registry import intent


@intent(
    "small_talk",
    order=5,
    # Every word is a greeting, thanks or filler (read_shape checks): one unknown to the documents
    # ('hiya') is still small talk.
    when=lambda q: q.phrasing.talk is not None and not q.has_subject,
)
def handle_small_talk(draft: Draft, q: Question) -> None:
    words = phrasing_words()
    talk = q.phrasing.talk or "greeting"
    draft.status = "help"
    draft.headline = words.talk_replies[talk]
    if talk in ("greeting", "about"):
        draft.examples = help_examples()[: words.greeting_examples]
