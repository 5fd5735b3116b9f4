"""The intent registry: each intent is a record (name, when it applies, handler, examples, order).

Handlers live in `intents/families/`, one module per intent family. The `@intent` decorator only
attaches a record to the handler; `registry()` collects the records of every family module and sorts
them by `order`. The first record that applies to a question answers it. Help is generated from the
records.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from intents.draft import Draft
from intents.reading.question import Question
from intents.wording_table import intent_words, intents_worded

Handler = Callable[[Draft, Question], None]
H = TypeVar("H", bound=Handler)

RECORDS_ATTR = "__intent_records__"  # where @intent keeps its records on the handler


@dataclass(frozen=True)
class IntentRecord:
    """What @intent attaches: everything about an intent except the handler it is attached to."""

    name: str
    order: int  # lower is tried first; specific shapes before general ones
    summary: str
    applies: Callable[[Question], bool]
    examples: tuple[str, ...] = ()
    words: str = ""  # its key in intents/wording.toml [intents]


@dataclass(frozen=True)
class IntentRule:
    name: str
    summary: str
    applies: Callable[[Question], bool]
    handler: Handler
    examples: tuple[str, ...] = ()
    order: int = 0
    words: str = ""  # its key in intents/wording.toml [intents]


def intent(
    name: str,
    *,
    order: int,
    when: Callable[[Question], bool],
    words: str | None = None,
) -> Callable[[H], H]:
    """Attach an intent record to a handler (stackable: one handler may answer several intents). Its
    summary and example questions are intents/wording.toml's [intents.<words>] (`words` defaults to the
    name; an intent answered by two records words each under its own key)."""
    key = words or name
    summary, examples = intent_words(key)

    def attach(handler: H) -> H:
        records = getattr(handler, RECORDS_ATTR, ())
        setattr(handler, RECORDS_ATTR, (*records, IntentRecord(name, order, summary, when, examples, key)))
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
                rules.append(IntentRule(r.name, r.summary, r.applies, obj, r.examples, r.order, r.words))
    orders = [r.order for r in rules]
    if len(orders) != len(set(orders)):
        raise RuntimeError("two intent records share an order: which one answers would depend on import order")
    return tuple(sorted(rules, key=lambda r: r.order))


def intent_words_problems() -> list[str]:
    """What `kb check` says of intents/wording.toml [intents]: each entry words an intent (a missing one
    already fails at import)."""
    used = {rule.words for rule in registry()}
    return [f"intents/wording.toml: [intents.{key}] words no intent" for key in intents_worded() if key not in used]


def choose(q: Question) -> IntentRule:
    return next(rule for rule in registry() if rule.applies(q))
