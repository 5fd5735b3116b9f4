"""'hi', 'thanks!', '👍': a hello with two example questions, or a short reply; never the out-of-scope
paragraph. The words, the emoji and the replies are data (intents/phrasing/phrasing.toml)."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft
from intents.families.help import help_examples
from intents.phrasing.words import phrasing_words
from intents.reading.question import Question
from intents.registry import intent
from knowledge.data_files import package_toml

_SHORTCODE = re.compile(r":[a-z0-9_+\-']+:")


@cache
def _emoji_kinds() -> tuple[tuple[str, frozenset[str]], ...]:
    talk = package_toml("intents.phrasing", "phrasing.toml")["small_talk"]
    return (("thanks", frozenset(talk["thanks_emoji"])), ("greeting", frozenset(talk["greeting_emoji"])))


def emoji_talk(q: Question) -> str | None:
    """'👍', ':pray: :pray:': a message of emoji alone (no word, code or number) that says thanks or hello."""
    norm = q.norm
    if norm.tokens or norm.codes or norm.numbers:
        return None
    raw = norm.original
    marks = set(_SHORTCODE.findall(raw.lower())) | {ch for ch in raw if not ch.isascii()}
    return next((kind for kind, emoji in _emoji_kinds() if marks & emoji), None)


@intent(
    "small_talk",
    order=5,
    # Every word is a greeting, thanks or filler (read_shape checks): one unknown to the documents
    # ('hiya') is still small talk.
    when=lambda q: (q.phrasing.talk is not None and not q.has_subject) or emoji_talk(q) is not None,
)
def handle_small_talk(draft: Draft, q: Question) -> None:
    words = phrasing_words()
    talk = q.phrasing.talk or emoji_talk(q) or "greeting"
    draft.status = "help"
    draft.headline = words.talk_replies[talk]
    if talk in ("greeting", "about"):
        draft.examples = help_examples()[: words.greeting_examples]
