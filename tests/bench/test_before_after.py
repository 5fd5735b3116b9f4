"""bench/before_after.py's table: every figure for both sides, a section not run left out."""

from __future__ import annotations

from bench.before_after import FLOOR_LABEL, render


def _results(with_redis: bool) -> dict:
    sides = ("before (2bb2cc9)", "after (abc1234)")
    slack = {FLOOR_LABEL: {"p50_ms": 2.0, "server_cpu_ms_per_event": 1.5}}
    slack |= {
        s: {"p50_ms": 3.0 + i, "server_cpu_ms_per_event": None, "ratio_p50": 1.5 + i} for i, s in enumerate(sides)
    }
    out = {
        "engine": {s: {"p50_ms": 0.25, "cpu_p50_ms": 0.24} for s in sides},
        "slack": slack,
        "startup": {
            s: {
                "ask_s": 0.3,
                "ask_cpu_s": 0.29,
                "ratio": 1.8,
                "cpu_ratio": 1.7,
                "ratio_packages": 3.1,
                "cpu_ratio_packages": 3.0,
            }
            for s in sides
        },
    }
    if with_redis:
        out["slack_redis"] = slack
    return out


def test_the_table_gives_each_figure_for_both_sides() -> None:
    table = render(_results(with_redis=False), ["before (2bb2cc9)", "after (abc1234)"])
    assert "before (2bb2cc9)" in table and "after (abc1234)" in table
    assert "1.50x" in table and "2.50x" in table  # the Slack ratios, side by side
    assert "0.300 (0.290)" in table  # start-up: wall (CPU)
    assert "with Redis" not in table  # not run: not shown
    cpu_row = next(line for line in table.splitlines() if line.startswith("  server CPU per event"))
    assert cpu_row.split()[-2:] == ["-", "-"]  # not measurable here: said so, not zero


def test_the_redis_run_has_rows_and_a_floor_of_its_own() -> None:
    table = render(_results(with_redis=True), ["before (2bb2cc9)", "after (abc1234)"])
    assert "Slack path with Redis" in table and "minimal Bolt app, with Redis run" in table
