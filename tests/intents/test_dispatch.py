"""The registry's dispatch by cues: `choose` tries only the records the question's cues allow, and must
pick what trying every record in order picks. Held two ways over a wide set of questions (the golden
questions and conversations, the questions people ask about every passage, the intents' examples, and
those mixed with drug names, codes, lists and Slack chatter): each record's `needs`/`never` are true of
every question its `when` is true of (so no record is ever skipped that could have applied), and the
winner is the same."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import intents.engine as engine_module
from intents.engine import Engine
from intents.reading.question import Question
from intents.registry import Cue, IntentRule, choose, cues_of, registry
from knowledge.kb import KnowledgeBase
from tests.golden.questions import conversations

SEED = 19
MIXED_PER_ASKED = 1  # each asked question once more, with a drug, a code or chatter around it


class _Checked:
    """Stands in for the engine's `choose`: checks every record's cues against its `when`, and the
    dispatched winner against the scan's, on the question exactly as the engine reads it."""

    def __init__(self) -> None:
        self.questions = 0
        self.problems: list[str] = []

    def __call__(self, q: Question) -> IntentRule:
        self.questions += 1
        cues = cues_of(q)
        scanned = None
        for rule in registry():
            if not rule.applies(q):
                continue
            scanned = scanned or rule
            missing, ruled_out = rule.needs & ~cues, rule.never & cues
            if missing or ruled_out:
                self.problems.append(
                    f"{rule.name} (order {rule.order}) applies to {q.norm.original!r} though it "
                    f"lacks {Cue(missing)!r} / has {Cue(ruled_out)!r}"
                )
        chosen = choose(q)
        if chosen is not scanned:
            self.problems.append(f"{q.norm.original!r}: dispatched {chosen.name}, scan {scanned and scanned.name}")
        return chosen


def _mixed(kb: KnowledgeBase, questions: list[str]) -> Iterator[str]:
    rnd = random.Random(SEED)
    drugs = [d.name for d in kb.drugs.values()]
    codes = [c for d in kb.drugs.values() for c in d.codes]
    lists = [p.short for p in kb.programs.values()]
    for q in questions:
        for _ in range(MIXED_PER_ASKED):
            yield rnd.choice(
                [
                    f"{q.rstrip('?')} for {rnd.choice(drugs)}?",
                    f"{q.rstrip('?')} {rnd.choice(codes)}?",
                    f"{rnd.choice(lists)}: {q.lower()}",
                    f"hey team quick q - {q.lower()} thx!!",
                    f"{q} who do I call?",
                ]
            )


@pytest.fixture(scope="module")
def checked(kb: KnowledgeBase) -> Iterator[_Checked]:
    check = _Checked()
    original = engine_module.choose
    engine_module.choose = check  # type: ignore[assignment]
    try:
        yield check
    finally:
        engine_module.choose = original  # type: ignore[assignment]


def test_every_record_is_tried_whenever_it_could_apply_and_the_winner_is_the_scans(
    kb: KnowledgeBase, engine: Engine, checked: _Checked
) -> None:
    for n, conversation in enumerate(conversations(kb)):
        for question in conversation:
            engine.ask(question, f"dispatch-{n}" if len(conversation) > 1 else None)
        engine.forget_questions()
    asked = [q for a in kb.asked for q in a.questions]
    examples = [e for rule in registry() for e in rule.examples]
    for question in [*asked, *examples, *_mixed(kb, [*asked, *examples])]:
        engine.forget_questions()
        engine.ask(question)
    assert checked.questions > 2000
    assert not checked.problems, "\n".join(checked.problems[:20])


_WORDS = st.sampled_from(
    [
        "keytruda", "opdivo", "j9271", "j7193", "through", "j7203", "sco+", "evicore", "home", "infusion", "gene",
        "therapy", "car-t", "list", "lists", "which", "drugs", "how", "many", "fax", "phone", "who", "call",
        "when", "added", "2022", "changed", "right?", "correct", "not", "no", "pa", "precert", "prior", "auth",
        "need", "does", "is", "the", "help", "hi", "thanks", "code", "codes", "billing", "unit", "per", "mg",
        "asterisk", "footnote", "oral", "iv", "both", "only", "version", "current", "documents", "oldest",
        "hospital", "outpatient", "site", "of", "care", "grace", "period", "flurbo", "humana", "tpn", "ivig",
        "877-865-6492", "immune", "globulin", "?", "and", "or", "what", "about", "it",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(_WORDS, min_size=1, max_size=9))
def test_any_mix_of_the_documents_words_is_dispatched_as_the_scan_would(
    engine: Engine, checked: _Checked, words: list[str]
) -> None:
    before = len(checked.problems)
    engine.forget_questions()
    engine.ask(" ".join(words))
    assert checked.problems[before:] == []
