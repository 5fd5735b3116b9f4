"""python -m bench: every measurement of the performance issue in one run, on the same questions.

Prints a table with each target met or missed and writes the results as JSON to
bench/results/latest.json (and to --out). --quick is a tiny run for the smoke test.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.accuracy import scorable
from bench.answer_size import measure_answer_size
from bench.engine_bench import compare
from bench.growth import run_in_subprocess
from bench.machine import describe
from bench.questions import DEV2_CASES, DEV_CASES, OWN_QUESTIONS, all_questions, load_dev_cases
from bench.report import render, write_json
from bench.schedule_bench import measure_schedules
from bench.slack_path import measure_slack, measure_throughput
from bench.socket_mode_path import measure_socket_mode
from bench.startup import measure_startup
from bench.targets import check_targets
from bench.worst_case import measure_worst_case
from intents.engine import Engine

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
SOCKET_MODE_MIN_EVENTS = 100


@dataclass(frozen=True)
class Plan:
    mode: str
    dev_cases: int | None  # None: all
    own_questions: int | None
    rounds: int  # passes over the questions for engine latency
    baseline_rounds: int  # the baselines are slow; fewer passes give as many ms of samples
    throughput_s: float
    startup_runs: int
    scales: tuple[int, ...]
    growth_min_s: float
    growth_max_rounds: int
    slack_events: int
    check_rows: int  # rows of the schedule `check` reads
    cds_requests: int  # CDS Hooks order-sign calls timed
    worst_case_rounds: int  # runs of each crafted input (the slowest is reported)
    throughput_events: int  # signed events at concurrency 20 per app (minimal Bolt vs precert-bot + Redis)


FULL = Plan("full", None, None, 20, 3, 2.0, 7, (1, 10, 100, 1000), 2.0, 20, 300, 10_000, 300, 5, 2000)
QUICK = Plan("quick", 6, 3, 3, 1, 0.2, 1, (1, 10), 0.05, 1, 20, 500, 20, 1, 40)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="precert-bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny input: few questions, 10x growth, 20 Slack events")
    parser.add_argument(
        "--skip-slack", action="store_true", help="leave out the Slack path (loopback HTTP and Socket Mode)"
    )

    parser.add_argument("--out", type=Path, help="also write the JSON results here")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the JSON results; default: %(default)s")
    parser.add_argument("--dev", type=Path, default=DEV_CASES, help="dev cases (JSON lines); default: %(default)s")
    return parser.parse_args(argv)


def run(plan: Plan, dev: Path, skip_slack: bool) -> dict:
    started = time.perf_counter()
    cases = load_dev_cases(dev)
    if plan.dev_cases is not None:
        # Spread over the file, so a quick run still sees more than one category.
        cases = cases[:: max(1, len(cases) // plan.dev_cases)][: plan.dev_cases]
    own = OWN_QUESTIONS if plan.own_questions is None else OWN_QUESTIONS[: plan.own_questions]
    questions = all_questions(cases, own)
    results: dict = {
        "meta": {**describe(), "mode": plan.mode, "dev_file": str(dev) if cases else None},
        "questions": {
            "total": len(questions),
            "dev": len(cases),
            "own": len(questions) - len(cases),
            "scored": len(scorable(cases)),
        },
    }
    results |= compare(Engine(), cases, questions, plan.rounds, plan.baseline_rounds, plan.throughput_s)
    # Answer size reads every sample question there is (dev2 beside dev when present): it is cheap.
    sized = questions if plan.dev_cases is not None else all_questions([*cases, *load_dev_cases(DEV2_CASES)], own)
    results["answer_size"] = measure_answer_size(Engine(), sized)
    results["startup"] = measure_startup(plan.startup_runs)
    results["growth"] = [
        run_in_subprocess(scale, questions, plan.growth_min_s, plan.growth_max_rounds) for scale in plan.scales
    ]
    by_scale = {row["scale"]: row for row in results["growth"]}
    results["memory"] = {
        f"peak_rss_after_load_{scale}x_mib": row["peak_rss_after_load_mib"] for scale, row in by_scale.items()
    }
    if skip_slack:
        results["slack_skipped"] = "--skip-slack"
    else:
        results["slack"] = measure_slack(questions, plan.slack_events)
        results["slack_throughput"] = measure_throughput(questions, plan.throughput_events)
        # At least 100 envelopes even in a quick run: a p99 needs them, and they take well under a second.
        results["socket_mode"] = measure_socket_mode(questions, max(SOCKET_MODE_MIN_EVENTS, plan.slack_events))
    results["schedules"] = measure_schedules(plan.check_rows, plan.cds_requests)
    results["worst_case"] = measure_worst_case(plan.worst_case_rounds)
    results["meta"]["seconds"] = time.perf_counter() - started
    return results


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(QUICK if args.quick else FULL, args.dev, args.skip_slack)
    targets = check_targets(results)
    results["targets"] = [t.as_dict() for t in targets]
    print(render(results, targets))
    paths = [args.results, *([args.out] if args.out else [])]
    write_json(results, *paths)
    print(f"\nresults: {', '.join(str(p) for p in paths)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
