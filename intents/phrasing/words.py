"""The phrasing data (intents/phrasing/phrasing.toml), read and compiled once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Kinds of small talk, first the one that answers a message mixing them ('thanks, bye' is a goodbye), and
# the list of phrasing.toml [small_talk] holding each kind's phrases.
TALK_KINDS = {"about": "about", "farewell": "farewells", "thanks": "thanks", "greeting": "greetings"}


@dataclass(frozen=True)
class PhrasingWords:
    contractions: tuple[re.Pattern[str], dict[str, str]]
    talk: dict[str, frozenset[str]]  # kind of small talk ('greeting', 'thanks', 'farewell', 'about') -> phrases
    talk_replies: dict[str, str]
    filler: frozenset[str]
    greeting_examples: int
    yes_opener: re.Pattern[str]
    not_opener: re.Pattern[str]
    declarative: re.Pattern[str]
    yes_topic: re.Pattern[str]
    yes_veto: re.Pattern[str]
    alternatives: re.Pattern[str]
    outside: tuple[tuple[re.Pattern[str], str, bool], ...]  # (asked, what, said without a drug) none holds
    any_outside: re.Pattern[str]  # one search says whether any of them is asked (most questions: none)
    duration: re.Pattern[str]
    yes_statuses: frozenset[str]
    yes_intents: frozenset[str]
    coverage: re.Pattern[str]
    premise_tail: re.Pattern[str]
    premise_preface: re.Pattern[str]
    no_pa: re.Pattern[str]
    not_listed: re.Pattern[str]
    only: re.Pattern[str]
    condition: re.Pattern[str]
    listing_words: re.Pattern[str]  # the only words besides names an assertion a list confirms may have
    date_when: re.Pattern[str]
    weak_date_words: frozenset[str]
    sentences: dict[str, str]


def _contraction_pattern(data: dict) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every contraction (whole words, then endings after a letter) and what each spells."""
    spelled = {typed: out for typed, out in data["words"]} | {typed: out for typed, out in data["endings"]}
    whole = "|".join(re.escape(typed) for typed, _ in data["words"])
    endings = "|".join(re.escape(typed) for typed, _ in data["endings"])
    return re.compile(rf"\b(?:{whole})\b|(?<=[a-z])(?:{endings})\b"), spelled


@cache
def phrasing_data() -> dict:
    """The data file as read: each reader takes its own table."""
    return tomllib.loads(resources.files("intents.phrasing").joinpath("phrasing.toml").read_text("utf-8"))


@cache
def phrasing_words() -> PhrasingWords:
    data = phrasing_data()
    talk, yes, premise = data["small_talk"], data["yes_no"], data["premise"]
    sentences = {f"yes.{k}": v for k, v in yes.items() if k.startswith("lead")}
    sentences["coverage.lead"] = data["coverage"]["lead"]
    sentences["outside.lead"] = data["outside"]["lead"]
    sentences["outside.alone_lead"] = data["outside"]["alone_lead"]
    sentences |= {
        f"premise.{k}": premise[k]
        for k in (
            "correct",
            "not_so",
            "not_said",
            "partly",
            "no_condition",
            "set_exact",
            "set_more",
            "set_other",
            "not_on_named",
        )
    }
    return PhrasingWords(
        contractions=_contraction_pattern(data["contractions"]),
        talk={kind: frozenset(talk[key]) for kind, key in TALK_KINDS.items()},
        talk_replies={kind: talk[f"{kind}_reply"] for kind in TALK_KINDS},
        filler=frozenset(talk["filler"]),
        greeting_examples=int(talk["greeting_examples"]),
        yes_opener=re.compile(yes["opener"]),
        not_opener=re.compile(yes["not_opener"]),
        declarative=re.compile(yes["declarative"]),
        yes_topic=re.compile(yes["topic"]),
        yes_veto=re.compile(yes["veto"]),
        alternatives=re.compile(yes["alternatives"]),
        outside=tuple((re.compile(a["words"]), a["what"], bool(a.get("alone"))) for a in data["outside"]["asks"]),
        any_outside=re.compile("|".join(f"(?:{a['words']})" for a in data["outside"]["asks"])),
        duration=re.compile(data["when"]["duration"]),
        yes_statuses=frozenset(yes["yes_statuses"]),
        yes_intents=frozenset(yes["intents"]),
        coverage=re.compile(data["coverage"]["words"]),
        premise_tail=re.compile(premise["tail"]),
        premise_preface=re.compile(premise["preface"]),
        no_pa=re.compile(premise["no_pa"]),
        not_listed=re.compile(premise["not_listed"]),
        only=re.compile(premise["only"]),
        condition=re.compile(premise["condition"]),
        listing_words=re.compile(premise["listing_words"]),
        date_when=re.compile(data["when"]["dated"]),
        weak_date_words=frozenset(data["when"]["weak"]),
        sentences=sentences,
    )


def spell_out_contractions(text: str) -> str:
    """'doesn't' -> 'does not', 'we're' -> 'we are' (lowercase text, apostrophes already straight)."""
    if "'" not in text and _bare_contractions().isdisjoint(_WORD_CHARS.findall(text)):
        # Nothing to spell out: every ending, and every whole word with an apostrophe, has one, and a
        # whole word without ('dont', 'fx') is a whole run of word characters. One scan of the words,
        # not the pattern's alternatives tried at every letter (a tenth of reading a question).
        return text
    pattern, spelled = phrasing_words().contractions
    return pattern.sub(lambda m: spelled[m.group(0)], text)


_WORD_CHARS = re.compile(r"\w+")


@cache
def _bare_contractions() -> frozenset[str]:
    """The contractions typed without an apostrophe ('dont', 'wont', 'fx')."""
    return frozenset(typed for typed in phrasing_words().contractions[1] if "'" not in typed)
