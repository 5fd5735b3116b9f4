"""Behaviour unchanged: every recorded question (tests/golden/answers.jsonl.gz) gets the same answer JSON
today. An intended change is re-recorded (`python -m tests.golden.record`) and named in its commit."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase
from tests.golden.record import TODAY, answer_conversation, read_recording

MAX_SHOWN = 5  # differing questions listed in a failure


def _differences(recorded: object, live: object, where: str = "") -> list[str]:
    """The paths at which two JSON values differ (the first few)."""
    if isinstance(recorded, dict) and isinstance(live, dict):
        out = []
        for key in sorted(set(recorded) | set(live)):
            out += _differences(recorded.get(key), live.get(key), f"{where}.{key}")
        return out
    if isinstance(recorded, list) and isinstance(live, list) and len(recorded) == len(live):
        out = []
        for i, (a, b) in enumerate(zip(recorded, live, strict=True)):
            out += _differences(a, b, f"{where}[{i}]")
        return out
    return [] if recorded == live else [f"{where}: {recorded!r} -> {live!r}"[:400]]


@pytest.fixture(scope="module")
def recorded() -> list[dict]:
    return read_recording()


def test_the_recording_covers_the_documents(recorded: list[dict], kb: KnowledgeBase) -> None:
    asked = {q for entry in recorded for q in entry["questions"]}
    assert all(drug.name in asked for drug in kb.drugs.values())
    assert all(code in asked for code in kb.codes)
    assert len(recorded) > 1000


def test_every_answer_is_as_recorded(recorded: list[dict], kb: KnowledgeBase) -> None:
    engine = Engine(kb=kb, today=TODAY)  # its own conversations, not the shared engine's
    failures = []
    for n, entry in enumerate(recorded):
        live = answer_conversation(engine, tuple(entry["questions"]), f"golden-{n}")
        diffs = _differences(entry["answers"], live)
        if diffs:
            failures.append(f"{entry['questions']!r}:\n    " + "\n    ".join(diffs[:3]))
    assert not failures, (
        f"{len(failures)} of {len(recorded)} answers differ from tests/golden/answers.jsonl.gz "
        "(re-record with `python -m tests.golden.record` only for an intended change):\n"
        + "\n".join(failures[:MAX_SHOWN])
    )
