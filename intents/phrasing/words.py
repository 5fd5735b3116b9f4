"""The phrasing data (intents/phrasing/phrasing.toml), read and compiled once."""

from __future__ import annotations

import re
import string
from functools import cache, cached_property

from intents.reading.literal_gate import gated
from intents.reading.word_runs import WordRuns
from knowledge.data_files import package_toml

# Kinds of small talk, first the one that answers a message mixing them ('thanks, bye' is a goodbye), and
# the list of phrasing.toml [small_talk] holding each kind's phrases.
TALK_KINDS = {"about": "about", "farewell": "farewells", "thanks": "thanks", "greeting": "greetings"}


# The [premise] sentences that lead an answer to an assertion (read by intents/phrasing/lead.py).
PREMISE_SENTENCES = (
    "correct",
    "not_so",
    "not_said",
    "partly",
    "no_condition",
    "set_exact",
    "set_more",
    "set_other",
    "not_on_named",
    "code_other",
    "class_all",
    "class_more",
    "all_marked",
    "some_marked",
    "marked_all",
    "marked_some",
    "marked_none",
)


OUTSIDE_GATE = 128  # needed strings any_outside's gate may check


class _Pattern:
    """A pattern of the data file (its keys), compiled at its first use and then kept on the instance:
    a one-shot question compiles only the patterns its reading uses."""

    def __init__(self, *keys: str):
        self.keys = keys

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, words: PhrasingWords, owner: type | None = None) -> re.Pattern[str]:
        value = words.data
        for key in self.keys:
            value = value[key]
        compiled = gated(re.compile(value))
        words.__dict__[self.name] = compiled  # found before this descriptor from now on
        return compiled


class PhrasingWords:
    """phrasing.toml, read: word sets and sentences at once, each pattern at its first use."""

    yes_opener = _Pattern("yes_no", "opener")
    not_opener = _Pattern("yes_no", "not_opener")
    declarative = _Pattern("yes_no", "declarative")
    yes_topic = _Pattern("yes_no", "topic")
    yes_veto = _Pattern("yes_no", "veto")
    alternatives = _Pattern("yes_no", "alternatives")
    duration = _Pattern("when", "duration")
    coverage = _Pattern("coverage", "words")
    premise_tail = _Pattern("premise", "tail")
    premise_preface = _Pattern("premise", "preface")
    no_pa = _Pattern("premise", "no_pa")
    not_listed = _Pattern("premise", "not_listed")
    only = _Pattern("premise", "only")
    condition = _Pattern("premise", "condition")
    # The only words besides names an assertion a list confirms may have.
    listing_words = _Pattern("premise", "listing_words")
    date_when = _Pattern("when", "dated")
    permission = _Pattern("yes_no", "permission")  # 'is that ok with Cigna?': never a bare yes
    list_ending = _Pattern("yes_no", "list_ending")  # 'J9310 evicore?'
    tag_tail = _Pattern("premise", "tag_tail")  # '…, does it?'

    def __init__(self, data: dict):
        self.data = data
        talk, yes = data["small_talk"], data["yes_no"]
        self.talk = {kind: frozenset(talk[key]) for kind, key in TALK_KINDS.items()}  # kind -> phrases
        self.talk_replies = {kind: talk[f"{kind}_reply"] for kind in TALK_KINDS}
        self.filler = frozenset(talk["filler"])
        self.greeting_examples = int(talk["greeting_examples"])
        self.yes_statuses = frozenset(yes["yes_statuses"])
        self.yes_intents = frozenset(yes["intents"])
        self.weak_date_words = frozenset(data["when"]["weak"])
        self.sentences = _sentences(data)

    @cached_property
    def contractions(self) -> tuple[re.Pattern[str], dict[str, str]]:
        return _contraction_pattern(self.data["contractions"])

    @cached_property
    def outside(self) -> tuple[tuple[re.Pattern[str], str, bool], ...]:
        """(asked, what, said without a drug) each: compiled once any_outside's gate lets one through."""
        asks = self.data["outside"]["asks"]
        return tuple((gated(re.compile(a["words"])), a["what"], bool(a.get("alone"))) for a in asks)

    @cached_property
    def any_outside(self) -> re.Pattern[str]:
        """Their union, for its gate only (literal_gate.may_match): its ~90 needed strings say in one check
        that none of them is asked (most questions), and the rest search each behind its own gate."""
        union = re.compile("|".join(f"(?:{a['words']})" for a in self.data["outside"]["asks"]))
        return gated(union, limit=OUTSIDE_GATE)


def _contraction_pattern(data: dict) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every contraction (whole words, then endings after a letter) and what each spells."""
    spelled = {typed: out for typed, out in data["words"]} | {typed: out for typed, out in data["endings"]}
    whole = "|".join(re.escape(typed) for typed, _ in data["words"])
    endings = "|".join(re.escape(typed) for typed, _ in data["endings"])
    return re.compile(rf"\b(?:{whole})\b|(?<=[a-z])(?:{endings})\b"), spelled


@cache
def phrasing_data() -> dict:
    """The data file as read: each reader takes its own table."""
    return package_toml("intents.phrasing", "phrasing.toml")


@cache
def phrasing_words() -> PhrasingWords:
    return PhrasingWords(phrasing_data())


def _sentences(data: dict) -> dict[str, str]:
    yes, premise = data["yes_no"], data["premise"]
    sentences = {f"yes.{k}": v for k, v in yes.items() if k.startswith("lead")}
    sentences["coverage.lead"] = data["coverage"]["lead"]
    sentences["outside.lead"] = data["outside"]["lead"]
    sentences["outside.alone_lead"] = data["outside"]["alone_lead"]
    sentences |= {f"premise.{k}": premise[k] for k in PREMISE_SENTENCES}
    return sentences


def spell_out_contractions(text: str) -> str:
    """'doesn't' -> 'does not', 'we're' -> 'we are' (lowercase text, apostrophes already straight)."""
    if "'" not in text and _bare_contractions().isdisjoint(_WORD_RUNS.findall(text)):
        # Nothing to spell out: every ending, and every whole word with an apostrophe, has one, and a
        # whole word without ('dont', 'fx') is a whole run of word characters. One scan of the words,
        # not the pattern's alternatives tried at every letter (a tenth of reading a question).
        return text
    pattern, spelled = phrasing_words().contractions
    return pattern.sub(lambda m: spelled[m.group(0)], text)


_WORD_CHARS = re.compile(r"\w+")
_WORD_RUNS = WordRuns(_WORD_CHARS, string.ascii_letters + string.digits + "_")  # \w of an ASCII text


@cache
def _bare_contractions() -> frozenset[str]:
    """The contractions typed without an apostrophe ('dont', 'wont', 'fx')."""
    return frozenset(typed for typed in phrasing_words().contractions[1] if "'" not in typed)
