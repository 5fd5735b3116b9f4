"""The intent registry: each intent is a record (name, when it applies, handler, examples, order).

Handlers live in `intents/families/`, one module per intent family. The `@intent` decorator only
attaches a record to the handler; `registry()` collects the records of every family module and sorts
them by `order`. The first record that applies to a question answers it. Help is generated from the
records.

A record also says which of a question's cues its `when` needs and which rule it out (`needs`, `never`:
a drug named, a code, a contact asked…). The cues are read once per question, and `choose` tries only
the records whose cues the question has, in the same order: the winner is the one the whole list would
pick, at the cost of a few predicates instead of fifty (tests/intents/test_dispatch.py holds every
record's cues true of its `when`). A record names only the cues its `when` is about (a drug, a code,
the contact asked), never an exclusion its wording may drop tomorrow.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntFlag, auto
from functools import cache
from typing import TypeVar

from intents.draft import Draft
from intents.reading.question import Question
from intents.wording_table import intent_words, intents_worded

Handler = Callable[[Draft, Question], None]
H = TypeVar("H", bound=Handler)

RECORDS_ATTR = "__intent_records__"  # where @intent keeps its records on the handler


class Cue(IntFlag):
    """What a question has, as `when` predicates test it (each exactly the expression named)."""

    DRUGS = auto()  # q.found.drugs or q.found.ambiguities (drug_answer.has_drugs)
    CODES = auto()  # q.found.codes
    SUBJECT = auto()  # q.has_subject: DRUGS or CODES
    UNKNOWN = auto()  # q.found.unknown
    DESCRIBED = auto()  # q.found.described
    PROGRAMS = auto()  # q.programs
    TOPICS = auto()  # q.topics
    CONTACT = auto()  # q.asks_contact
    CODE_ASKED = auto()  # q.asks_code
    DATE = auto()  # q.asks_date
    HELP = auto()  # q.asks_help
    CHANGE = auto()  # q.asks_change
    ASSERTED = auto()  # q.phrasing.asserted
    RANGES = auto()  # q.phrasing.ranges


NO_CUE = Cue(0)
NO_SUBJECT = Cue.DRUGS | Cue.CODES  # a `when` that opens with 'not (has_drugs(q) or q.found.codes)'


@dataclass(frozen=True)
class IntentRecord:
    """What @intent attaches: everything about an intent except the handler it is attached to."""

    name: str
    order: int  # lower is tried first; specific shapes before general ones
    summary: str
    applies: Callable[[Question], bool]
    examples: tuple[str, ...] = ()
    words: str = ""  # its key in intents/wording.toml [intents]
    needs: Cue = NO_CUE  # cues `applies` is never true without
    never: Cue = NO_CUE  # cues `applies` is never true with


@dataclass(frozen=True)
class IntentRule:
    name: str
    summary: str
    applies: Callable[[Question], bool]
    handler: Handler
    examples: tuple[str, ...] = ()
    order: int = 0
    words: str = ""  # its key in intents/wording.toml [intents]
    needs: Cue = NO_CUE
    never: Cue = NO_CUE


def intent(
    name: str,
    *,
    order: int,
    when: Callable[[Question], bool],
    words: str | None = None,
    needs: Cue = NO_CUE,
    never: Cue = NO_CUE,
) -> Callable[[H], H]:
    """Attach an intent record to a handler (stackable: one handler may answer several intents). Its
    summary and example questions are intents/wording.toml's [intents.<words>] (`words` defaults to the
    name; an intent answered by two records words each under its own key). `needs` and `never` are the
    cues `when` is never true without / with: the question's cues pick the records tried."""
    key = words or name
    summary, examples = intent_words(key)

    def attach(handler: H) -> H:
        records = getattr(handler, RECORDS_ATTR, ())
        record = IntentRecord(name, order, summary, when, examples, key, needs, never)
        setattr(handler, RECORDS_ATTR, (*records, record))
        return handler

    return attach


def _family_modules() -> list[object]:
    import intents.families as families

    return [
        importlib.import_module(f"{families.__name__}.{info.name}") for info in pkgutil.iter_modules(families.__path__)
    ]


@cache
def registry() -> tuple[IntentRule, ...]:
    rules: list[IntentRule] = []
    for module in _family_modules():
        for obj in vars(module).values():
            # A handler imported into another family module is that module's to register, not this one's.
            if not callable(obj) or getattr(obj, "__module__", None) != module.__name__:  # type: ignore[attr-defined]
                continue
            for r in getattr(obj, RECORDS_ATTR, ()):
                rules.append(
                    IntentRule(r.name, r.summary, r.applies, obj, r.examples, r.order, r.words, r.needs, r.never)
                )
    orders = [r.order for r in rules]
    if len(orders) != len(set(orders)):
        raise RuntimeError("two intent records share an order: which one answers would depend on import order")
    return tuple(sorted(rules, key=lambda r: r.order))


def intent_words_problems() -> list[str]:
    """What `kb check` says of intents/wording.toml [intents]: each entry words an intent (a missing one
    already fails at import)."""
    used = {rule.words for rule in registry()}
    return [f"intents/wording.toml: [intents.{key}] words no intent" for key in intents_worded() if key not in used]


def cues_of(q: Question) -> int:
    """The question's cues (Cue bits), read once before any record is tried."""
    found = q.found
    drugs = found.drugs or found.ambiguities
    shape = q.phrasing
    return (
        (_DRUGS | _SUBJECT if drugs else 0)
        | (_CODES | _SUBJECT if found.codes else 0)
        | (_UNKNOWN if found.unknown else 0)
        | (_DESCRIBED if found.described else 0)
        | (_PROGRAMS if q.programs else 0)
        | (_TOPICS if q.topics else 0)
        | (_CONTACT if q.asks_contact else 0)
        | (_CODE_ASKED if q.asks_code else 0)
        | (_DATE if q.asks_date else 0)
        | (_HELP if q.asks_help else 0)
        | (_CHANGE if q.asks_change else 0)
        | (_ASSERTED if shape.asserted else 0)
        | (_RANGES if shape.ranges else 0)
    )


(_DRUGS, _CODES, _SUBJECT, _UNKNOWN, _DESCRIBED, _PROGRAMS, _TOPICS) = map(int, list(Cue)[:7])
(_CONTACT, _CODE_ASKED, _DATE, _HELP, _CHANGE, _ASSERTED, _RANGES) = map(int, list(Cue)[7:])
# The cues that sort the records into tables ahead of time (every combination: 2^5); the others are
# tested record by record, two integer tests each.
_SORTING = int(Cue.DRUGS | Cue.CODES | Cue.UNKNOWN | Cue.PROGRAMS | Cue.CONTACT)

_Tried = tuple[tuple[int, int, IntentRule], ...]  # (needs, never, rule), in order


@cache
def _tables() -> dict[int, _Tried]:
    """For each combination of the sorting cues, the records that combination leaves possible."""
    rules = registry()
    combinations = {c & _SORTING for c in range(_SORTING + 1)}
    return {
        sorting: tuple(
            (int(r.needs), int(r.never), r)
            for r in rules
            if (r.needs & _SORTING) & ~sorting == 0 and r.never & sorting == 0
        )
        for sorting in combinations
    }


def choose(q: Question) -> IntentRule:
    """The first record, in order, whose `when` is true of the question, among those its cues allow."""
    cues = cues_of(q)
    for needs, never, rule in _tables()[cues & _SORTING]:
        if cues & needs == needs and not cues & never and rule.applies(q):
            return rule
    raise LookupError("no intent applies: the registry's last record applies to every question")
