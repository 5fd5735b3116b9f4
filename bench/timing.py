"""Latency samples and their summaries. Percentiles are nearest-rank on the sorted samples: with a
few thousand samples the p99 is a real observed latency, not an interpolation."""

from __future__ import annotations

import gc
import math
import os
import statistics
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any


def percentile(sorted_samples: Sequence[float], q: float) -> float:
    if not sorted_samples:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(sorted_samples)))
    return sorted_samples[rank - 1]


def summarize_ms(samples_s: Iterable[float]) -> dict[str, float]:
    """p50/p99/max/mean in milliseconds, from samples in seconds."""
    ordered = sorted(samples_s)
    if not ordered:
        return {"n": 0, "p50_ms": math.nan, "p99_ms": math.nan, "max_ms": math.nan, "mean_ms": math.nan}
    return {
        "n": len(ordered),
        "p50_ms": percentile(ordered, 50) * 1e3,
        "p99_ms": percentile(ordered, 99) * 1e3,
        "max_ms": ordered[-1] * 1e3,
        "mean_ms": sum(ordered) / len(ordered) * 1e3,
    }


def summarize_blocks(blocks: Sequence[Sequence[float]]) -> dict[str, float]:
    """p50 and p99 as the median over blocks of samples taken one after another, mean and max over all.

    The machine is shared (2 cores, other people's test runs): a burst of load spoils the block it
    lands in, and the median block is what the code does on a quiet machine."""
    per_block = [summarize_ms(block) for block in blocks if block]
    pooled = summarize_ms(s for block in blocks for s in block)
    return {
        **pooled,
        "p50_ms": statistics.median(b["p50_ms"] for b in per_block),
        "p99_ms": statistics.median(b["p99_ms"] for b in per_block),
        "blocks": len(per_block),
        "pooled_p50_ms": pooled["p50_ms"],
        "pooled_p99_ms": pooled["p99_ms"],
    }


def time_each(
    fn: Callable[[str], Any], items: Sequence[str], rounds: int, clock: Callable[[], float] = time.perf_counter
) -> list[float]:
    """Seconds per call, every item once per round. The order is the same each round, so a slow
    question is slow in every round rather than averaged away. `clock`: time.thread_time for the CPU
    a call took, whatever else the machine runs."""
    samples: list[float] = []
    for _ in range(rounds):
        for item in items:
            start = clock()
            fn(item)
            samples.append(clock() - start)
    return samples


def throughput(fn: Callable[[str], Any], items: Sequence[str], min_seconds: float, blocks: int = 3) -> float:
    """Calls per second in a tight loop (no per-call clock), over whole passes of `items`; the median of
    `blocks` such loops sharing `min_seconds`, for the reason given in summarize_blocks."""
    return statistics.median(_throughput(fn, items, min_seconds / blocks) for _ in range(blocks))


def _throughput(fn: Callable[[str], Any], items: Sequence[str], min_seconds: float) -> float:
    clock = time.perf_counter
    calls = 0
    start = clock()
    while True:
        for item in items:
            fn(item)
        calls += len(items)
        elapsed = clock() - start
        if elapsed >= min_seconds:
            return calls / elapsed


@contextmanager
def one_core() -> Iterator[int | None]:
    """Pin this thread to one CPU while measuring, so 'per core' means one core; the collector is
    run first so a collection left over from set-up doesn't land in the samples."""
    gc.collect()
    if not hasattr(os, "sched_setaffinity"):
        yield None
        return
    before = os.sched_getaffinity(0)
    cpu = max(before)  # any one will do; the same one every run keeps runs comparable
    os.sched_setaffinity(0, {cpu})
    try:
        yield cpu
    finally:
        os.sched_setaffinity(0, before)
