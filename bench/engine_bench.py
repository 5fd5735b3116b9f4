"""In-process latency of the whole pipeline (each question at first sight, and asked again), of our
matcher alone, and of the baselines, on the same questions; and entity accuracy of all three on the
dev cases."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from bench.accuracy import judge_engine, judge_guess, tally
from bench.baselines import DifflibBaseline, RapidfuzzBaseline
from bench.questions import Case
from bench.timing import one_core, summarize_blocks, throughput, time_each
from intents.engine import Engine
from intents.reading.normalize import normalize

WARMUP_PASSES = 3
BLOCKS = 5
FIRST_SIGHT_PASSES = 5  # each a block: p50 and p99 are the median over passes (see summarize_blocks)


def _latency(fn: Callable[[str], Any], questions: Sequence[str], rounds: int) -> dict:
    """`rounds` passes over the questions, in up to BLOCKS blocks of whole passes."""
    for _ in range(WARMUP_PASSES):
        time_each(fn, questions, 1)
    per_block = max(1, rounds // BLOCKS)
    with one_core() as cpu:
        stats = summarize_blocks([time_each(fn, questions, per_block) for _ in range(rounds // per_block)])
    return {**stats, "passes": rounds // per_block * per_block, "cpu": cpu}


def first_sight(engine: Engine, questions: Sequence[str], passes: int = FIRST_SIGHT_PASSES) -> dict:
    """Each question as if never asked before: whatever is kept by question text (intents/reading/
    understood.py, the search's rankings) forgotten before each; what is kept per word and per edition
    stays, as in a running server. This is the engine's figure: a question people type is mostly new."""

    def fresh_answer(question: str) -> str:
        engine.forget_questions()
        return engine.ask(question).contract_json()

    with one_core() as cpu:
        stats = summarize_blocks([time_each(fresh_answer, questions, 1) for _ in range(passes)])
        # The same, as the CPU time each answer took: on a shared machine, wall time also counts the
        # other processes' turns on this core.
        thread = summarize_blocks([time_each(fresh_answer, questions, 1, time.thread_time) for _ in range(passes)])
    engine.forget_questions()
    return {**stats, "passes": passes, "cpu": cpu, "thread_cpu": thread}


def measure_engine(engine: Engine, questions: Sequence[str], rounds: int, throughput_seconds: float) -> dict:
    """The engine's figures are each question at first sight, on a warmed engine (a server warms before
    its first question: bot/commands/serve.py); `repeated` is the same questions asked many times over,
    each from the second asking on answered from what its first asking read."""

    def answer_json(question: str) -> str:
        return engine.ask(question).contract_json()

    engine.warm()
    stats = first_sight(engine, questions, max(1, min(FIRST_SIGHT_PASSES, rounds)))
    stats["repeated"] = _latency(answer_json, questions, rounds)
    with one_core():
        stats["qps"] = throughput(answer_json, questions, throughput_seconds)
    return stats


def measure_matcher(engine: Engine, questions: Sequence[str], rounds: int) -> dict:
    """Normalize and resolve only: the part of the pipeline the baselines do."""

    def resolve(question: str) -> object:
        return engine.matcher.resolve(normalize(question))

    return _latency(resolve, questions, rounds)


def compare(
    engine: Engine,
    cases: Sequence[Case],
    questions: Sequence[str],
    rounds: int,
    baseline_rounds: int,
    throughput_s: float,
) -> dict:
    """Engine and baselines side by side: latency on every question, accuracy on the dev cases."""
    engine_stats = measure_engine(engine, questions, rounds, throughput_s)
    engine_stats["accuracy"] = tally(cases, lambda c: judge_engine(engine.ask(c.question), c)).as_dict()
    out = {"engine": engine_stats, "matcher_only": measure_matcher(engine, questions, rounds), "baselines": {}}
    for name, baseline in (("difflib", DifflibBaseline(engine.kb)), ("rapidfuzz", RapidfuzzBaseline(engine.kb))):
        stats = _latency(baseline.predict, questions, baseline_rounds)
        stats["label"] = baseline.label
        stats["names"] = len(baseline.names)
        stats["accuracy"] = tally(cases, lambda c, b=baseline: judge_guess(b.predict(c.question), c)).as_dict()
        stats["engine_speedup_p50"] = stats["p50_ms"] / engine_stats["p50_ms"]
        stats["engine_speedup_mean"] = stats["mean_ms"] / engine_stats["mean_ms"]
        out["baselines"][name] = stats
    return out
