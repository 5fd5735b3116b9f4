"""The shape of a question, read from its words (intents/phrasing/phrasing.toml): a yes/no question,
an assertion to confirm or correct (and what it asserts), coverage asked where the documents decide
prior authorization, small talk. Nothing here knows a drug or a list: the verdict is the answer's."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache
from typing import Literal

from intents.phrasing.ranges import CodeRange
from intents.phrasing.words import TALK_KINDS, phrasing_words
from intents.reading.literal_gate import may_match
from intents.reading.word_runs import WordRuns

Claim = Literal["no_pa", "not_listed", "listed", "only", "condition"]
Talk = Literal["greeting", "thanks", "farewell", "about"]

_WORD = re.compile(r"[a-z][a-z'-]*")
_WORDS = WordRuns(_WORD, string.ascii_lowercase, "'-")
MAX_SMALL_TALK = 80  # characters: a longer message says more than hello
_NEW_CLAUSE = re.compile(r"[,.;:!?)]|(?:and|but|also|so)\b")
MAX_TAIL = 40  # characters: '…, is that correct?' and the like


@dataclass(frozen=True)
class Shape:
    yes_no: bool = False  # 'does Tysabri need precert?': answered yes or no first
    claim: Claim | None = None  # what an assertion asserts ('…, right?', 'so no PA is needed')
    asserted: bool = False  # said as a statement to confirm, not asked
    coverage: bool = False  # 'will Cigna cover…': the documents decide prior authorization, not coverage
    talk: Talk | None = None  # 'hi', 'thanks!': small talk, not a question
    ranges: tuple[CodeRange, ...] = ()  # 'J7193 through J7203': the printed codes in between
    outside: str | None = None  # what is asked that no document holds ('is my patient approved…', a copay)
    outside_alone: bool = False  # ...and said so even for a question naming no drug
    lists: tuple[str, ...] = ()  # lists named exactly where the words name a group ('the SCO list')
    denied: tuple[str, ...] = ()  # lists an assertion names only to deny ('through Cigna, not eviCore')
    compared: tuple[str, ...] = ()  # two lists compared ('SCO+ drugs not on SCO'), in the order typed
    permission: bool = False  # 'is that ok with Cigna?', 'can we give…': never a bare yes
    vetoed: bool = False  # 'will the patient be moved…?': a yes/no the lists' yes doesn't answer
    named: tuple[str, ...] = ()  # lists a condition's words name, before every list of the drug's is added
    either: bool = False  # 'Zolgensma - gene therapy or cellular?': which, never a yes

    @property
    def leads_verdict(self) -> bool:
        """The answer may lead with the documents' verdict in this shape ('Yes — …', 'Correct — …')."""
        return (
            self.yes_no
            or self.permission
            or self.vetoed
            or self.either
            or self.claim is not None
            or self.coverage
            or self.outside is not None
        )


@cache
def _talk_vocabulary() -> frozenset[str]:
    words = phrasing_words()
    phrases = [p for kind in words.talk.values() for p in kind]
    return frozenset(w for phrase in (*phrases, *words.filler) for w in _WORD.findall(phrase))


@cache
def _talk_phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Longest first: 'thank you so much' before 'thank you'."""
    pairs = [(p, kind) for kind, phrases in phrasing_words().talk.items() for p in phrases]
    pairs.sort(key=lambda pair: -len(pair[0]))
    return tuple((re.compile(rf"\b{re.escape(p)}\b"), kind) for p, kind in pairs)


def small_talk(text: str) -> Talk | None:
    """'hi', 'hello team!', 'thanks so much', 'bye', 'are you a bot?': a message made only of small-talk
    phrases and filler."""
    tokens = _WORDS.findall(text)
    if not tokens or not set(tokens) <= _talk_vocabulary():  # most questions: one look-up each word
        return None
    rest, found = " ".join(tokens), set()
    for pattern, kind in _talk_phrases():
        if pattern.search(rest):
            found.add(kind)
            rest = pattern.sub(" ", rest)
    if not found or any(w not in phrasing_words().filler for w in rest.split()):
        return None
    return next(kind for kind in TALK_KINDS if kind in found)  # type: ignore[return-value]


def read_shape(text: str) -> Shape:
    """The shape of a lowercased, normalised question."""
    words = phrasing_words()
    talk = small_talk(text) if len(text) < MAX_SMALL_TALK else None
    if talk:
        return Shape(talk=talk)
    # The tail is at the end: searched there only (a pattern anchored at the end still tries every start).
    start = max(0, len(text) - MAX_TAIL)
    tail = words.premise_tail.search(text, start)
    if tail is None:
        tag = words.tag_tail.search(text, start)
        tail = tag if tag and not words.not_opener.search(text[: tag.start()]) and tag.start() > 0 else None
    preface = None if tail else words.premise_preface.match(text)
    if preface and text.rstrip().endswith("?") and words.yes_opener.search(text, preface.end()):
        preface = None  # 'so we got a referral for Entyvio, does it need a precert?': a question after all
    asserted = bool(tail or preface)
    body = text[: tail.start()] if tail else text
    claim: Claim | None = None
    asks_which = not asserted and bool(
        words.not_opener.match(body.lstrip())
    )  # 'when is eviCore not needed for Prolia?'
    if asks_which:
        pass  # a 'wh' question asks under which conditions: it asserts nothing to confirm or correct
    elif words.no_pa.search(body):
        claim = "no_pa"
    elif words.condition.search(body):
        claim = "condition"
    elif asserted and words.only.search(body):
        claim = "only"
    elif words.not_listed.search(body):  # 'is Opdivo not on the eviCore list?': checked, never a bare yes
        claim = "not_listed"
    elif asserted:
        claim = "listed"
    opener = words.yes_opener.search(body)
    asks_yes = (
        # (a yes/no opening a clause of its own after a wh-question: 'S9359 what is it and does it need PA')
        not words.not_opener.search(body[: opener.start()]) or _NEW_CLAUSE.match(opener.group(0)) is not None
        if opener is not None
        else not words.not_opener.match(body) and bool(words.declarative.search(text))  # (the cheap test first)
    )
    listed_ending = bool(words.list_ending.search(text)) and not words.not_opener.search(body)
    topic = not listed_ending and bool(words.yes_topic.search(body))  # (searched once, when it decides)
    asks_list = (asks_yes or listed_ending) and (listed_ending or topic)
    about_a_list = asks_list or topic  # (without a yes/no opener too: 'Keytruda and Yervoy - one precert or two?')
    vetoed = about_a_list and bool(words.yes_veto.search(body))
    either = about_a_list and not vetoed and bool(words.alternatives.search(body))
    yes_no = asks_list and not vetoed and not either
    asked = next((o for o in words.outside if o[0].search(body)), None) if may_match(words.any_outside, body) else None
    outside = asked[1] if asked else None
    return Shape(
        yes_no=yes_no and claim not in ("no_pa", "not_listed") and outside is None,
        claim=claim,
        asserted=asserted,
        coverage=bool(words.coverage.search(body)),
        outside=outside,
        outside_alone=bool(asked and asked[2]),
        permission=claim is None and outside is None and bool(words.permission.search(body)),
        vetoed=vetoed,
        either=either,
    )
