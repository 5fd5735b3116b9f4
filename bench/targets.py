"""The issue's targets, checked against one run's results. A target whose measurement did not run
(--quick skips 1000x, --skip-slack the Slack path) is reported as not measured, never as met."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    id: str
    text: str
    value: float | None
    unit: str
    met: bool | None  # None: not measured in this run

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _growth_row(results: dict, scale: int) -> dict | None:
    return next((row for row in results.get("growth", []) if row["scale"] == scale), None)


def _check(id: str, text: str, unit: str, read: Callable[[], float | None], ok: Callable[[float], bool]) -> Target:
    try:
        value = read()
    except (KeyError, TypeError, ZeroDivisionError):
        value = None
    return Target(id, text, value, unit, None if value is None else ok(value))


def check_targets(results: dict) -> list[Target]:
    engine = results["engine"]
    baselines = results["baselines"]
    right = engine["accuracy"]["right"]
    row_1000 = _growth_row(results, 1000)
    slack = results.get("slack")
    schedules = results.get("schedules") or {}
    worst = results.get("worst_case")
    throughput = results.get("slack_throughput") or {}
    size = results.get("answer_size") or {}
    return [
        # At first sight: each question as never asked before (bench/engine_bench.py first_sight).
        _check("engine_p50", "engine p50 <= 0.3 ms (first sight)", "ms", lambda: engine["p50_ms"], lambda v: v <= 0.3),
        _check("engine_p99", "engine p99 <= 1.5 ms (first sight)", "ms", lambda: engine["p99_ms"], lambda v: v <= 1.5),
        _check(
            "engine_qps",
            "engine >= 2,000 questions/s on one core (asked again)",
            "q/s",
            lambda: engine["qps"],
            lambda v: v >= 2000,
        ),
        _check(
            "vs_difflib",
            ">= 10x faster per question (p50) than the difflib baseline",
            "x",
            lambda: baselines["difflib"]["engine_speedup_p50"],
            lambda v: v >= 10,
        ),
        _check(
            "accuracy",
            "more dev cases right than both baselines",
            "right",
            lambda: right if engine["accuracy"]["total"] else None,  # no dev cases: nothing to compare
            lambda v: all(v > b["accuracy"]["right"] for b in baselines.values()),
        ),
        _check(
            "startup_cli",
            "CLI start-up <= 2x a bare import of its libraries",
            "x",
            lambda: results["startup"]["cli_ratio"],
            lambda v: v <= 2,
        ),
        _check(
            "startup_serve",
            "serve start-up <= 2x a bare import of its libraries (slack_bolt on both sides)",
            "x",
            lambda: results["startup"]["serve_ratio"],
            lambda v: v <= 2,
        ),
        _check(
            "growth_1000x_p99",
            "p99 <= 10 ms at 1000x names",
            "ms",
            lambda: row_1000["latency"]["p99_ms"] if row_1000 else None,
            lambda v: v <= 10,
        ),
        _check(
            "slack_p50_ratio",
            "Slack path p50 <= 1.5x the minimal Bolt app's",
            "x",
            lambda: slack["ratio_p50"] if slack else None,
            lambda v: v <= 1.5,
        ),
        _check(
            "check_rows_per_s",
            "check >= 2,000 rows/s on the 10,000-row schedule",
            "rows/s",
            lambda: schedules["check"]["rows_per_s"] if schedules["check"]["rows"] >= 10_000 else None,
            lambda v: v >= 2000,
        ),
        _check(
            "cds_hooks_p99",
            "CDS Hooks order-sign p99 <= 50 ms",
            "ms",
            lambda: schedules["cds_hooks"]["p99_ms"],
            lambda v: v <= 50,
        ),
        _check(
            "answer_single_p50",
            "single-drug answer text p50 <= 700 characters",
            "chars",
            lambda: size["single_drug"]["p50_chars"],
            lambda v: v <= 700,
        ),
        _check(
            "answer_single_p90",
            "single-drug answer text p90 <= 1,200 characters",
            "chars",
            lambda: size["single_drug"]["p90_chars"],
            lambda v: v <= 1200,
        ),
        _check(
            "number_in_lead",
            "number to call in the first 300 characters (answers with a contact) >= 95%",
            "%",
            lambda: 100 * size["contact"]["share_in_lead"],
            lambda v: v >= 95,
        ),
        _check(
            "slack_message_fits",
            "largest Slack message within Slack's limits, no item cut",
            "chars",
            lambda: size["slack"]["largest_json_chars"],
            lambda v: size["slack"]["within_limits"] and size["slack"]["items_cut"] == 0,
        ),
        _check(
            "slack_events_per_s_ratio",
            "one replica with Redis >= 0.7x the minimal Bolt app's events/s",
            "x",
            lambda: throughput["events_per_s_ratio"] if throughput.get("events", 0) >= 1000 else None,
            lambda v: v >= 0.7,
        ),
        _check(
            "slack_embedded_events_per_s_ratio",
            "one replica with the embedded store (SQLite, no Redis) >= 0.7x the minimal Bolt app's events/s",
            "x",
            lambda: throughput["embedded_events_per_s_ratio"] if throughput.get("events", 0) >= 1000 else None,
            lambda v: v >= 0.7,
        ),
        _check(
            "slack_ack_p50_ratio",
            "ack p50 with Redis <= 1.5x the minimal Bolt app's, same run",
            "x",
            lambda: throughput["ack_p50_ratio"] if throughput.get("events", 0) >= 1000 else None,
            lambda v: v <= 1.5,
        ),
        _check(
            "worst_case_input",
            "every worst-case input <= 50 ms through the Slack answer path",
            "ms",
            lambda: worst["slowest"]["max_ms"] if worst else None,
            lambda v: v <= 50,
        ),
    ]
