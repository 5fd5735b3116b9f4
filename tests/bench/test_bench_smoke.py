"""The benchmark still runs end to end (tiny input, every section including the Slack path) and
still reports what the README's Performance section is built from. Shapes only: timings on a shared
CI machine prove nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
TARGET_IDS = {
    "engine_p50",
    "engine_p99",
    "engine_qps",
    "vs_difflib",
    "accuracy",
    "startup_cli",
    "startup_serve",
    "growth_1000x_p99",
    "slack_p50_ratio",
    "check_rows_per_s",
    "cds_hooks_p99",
    "worst_case_input",
    "answer_single_p50",
    "answer_single_p90",
    "number_in_lead",
    "slack_message_fits",
    "slack_events_per_s_ratio",
    "slack_embedded_events_per_s_ratio",
    "slack_ack_p50_ratio",
}
LATENCY_KEYS = {"n", "p50_ms", "p99_ms", "max_ms", "mean_ms"}
SECTIONS = {
    "meta",
    "questions",
    "engine",
    "matcher_only",
    "baselines",
    "startup",
    "growth",
    "memory",
    "slack",
    "socket_mode",
    "schedules",
    "worst_case",
    "answer_size",
}


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict, dict]:
    out = tmp_path_factory.mktemp("bench")
    command = [sys.executable, "-m", "bench", "--quick", "--results", str(out / "latest.json")]
    command += ["--out", str(out / "copy.json")]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    latest = json.loads((out / "latest.json").read_text())
    copy = json.loads((out / "copy.json").read_text())
    return done.stdout, latest, copy


def test_writes_the_same_results_to_both_paths(quick_run: tuple[str, dict, dict]) -> None:
    _, latest, copy = quick_run
    assert latest == copy


def test_results_have_every_section(quick_run: tuple[str, dict, dict]) -> None:
    _, results, _ = quick_run
    assert set(results) >= SECTIONS
    assert set(results["meta"]) >= {"cpus", "cpu_model", "python", "commit", "mode"}
    assert results["meta"]["mode"] == "quick"
    assert set(results["engine"]) >= LATENCY_KEYS | {"qps", "accuracy", "repeated"}
    # The engine's figures are first sight; the same questions asked again are their own line.
    assert set(results["engine"]["repeated"]) >= LATENCY_KEYS
    assert set(results["engine"]["thread_cpu"]) >= LATENCY_KEYS  # first sight as CPU time too
    assert results["engine"]["passes"] >= 1
    assert set(results["engine"]["accuracy"]) >= {"right", "asked", "wrong", "total", "accuracy"}
    assert set(results["baselines"]) == {"difflib", "rapidfuzz"}
    for baseline in results["baselines"].values():
        assert set(baseline) >= LATENCY_KEYS | {"accuracy", "engine_speedup_p50"}
    startup = results["startup"]
    assert set(startup) >= {"cli_ask", "cli_bare_import", "serve_first_answer", "serve_bare_import"}
    assert startup["cli_ratio"] > 0 and startup["serve_ratio"] > 0
    # Each figure against the libraries its own process loads: slack_bolt on serve's side only.
    assert "slack_bolt" in startup["serve_libraries"] and "slack_bolt" not in startup["cli_libraries"]
    for libraries in (startup["cli_libraries"], startup["serve_libraries"]):
        assert {"rapidfuzz", "jellyfish", "pydantic"} <= set(libraries)
    assert [row["scale"] for row in results["growth"]] == [1, 10]
    for row in results["growth"]:
        assert set(row["latency"]) >= LATENCY_KEYS
        assert row["peak_rss_after_load_mib"] > 0
    assert results["growth"][1]["names"] == 10 * results["growth"][0]["names"]


def test_slack_path_is_measured_against_the_floor(quick_run: tuple[str, dict, dict]) -> None:
    _, results, _ = quick_run
    slack = results["slack"]
    assert slack["events"] == 20
    for app in ("floor", "bot"):
        assert slack[app]["n"] == 20
        assert set(slack[app]) >= LATENCY_KEYS
    assert set(slack) >= {"ratio_p50", "ratio_p99"}
    throughput = results["slack_throughput"]
    assert throughput["events"] == 40 and throughput["concurrency"] == 20
    # The embedded store needs no Redis: measured in every run; the replica with Redis where it is installed.
    apps = ("floor", "embedded") if "redis_skipped" in throughput else ("floor", "bot", "embedded")
    for app in apps:
        assert throughput[app]["events_per_s"] > 0 and set(throughput[app]["ack"]) >= LATENCY_KEYS
    assert set(throughput) >= {"embedded_events_per_s_ratio", "embedded_ack_p50_ratio"}
    if "bot" in apps:
        assert set(throughput) >= {"events_per_s_ratio", "ack_p50_ratio"}
    # 40 events is a smoke run, not the measurement: the targets say so.
    measured = {t["id"]: t["met"] for t in results["targets"]}
    assert measured["slack_events_per_s_ratio"] is None and measured["slack_ack_p50_ratio"] is None
    assert measured["slack_embedded_events_per_s_ratio"] is None


def test_socket_mode_ack_and_reply_are_measured_over_100_envelopes(quick_run: tuple[str, dict, dict]) -> None:
    stdout, results, _ = quick_run
    socket_mode = results["socket_mode"]
    assert socket_mode["events"] == 100
    for measure in ("ack", "reply"):
        assert socket_mode[measure]["n"] == 100 and set(socket_mode[measure]) >= LATENCY_KEYS
    assert socket_mode["exit_status"] == 0  # stopped with SIGTERM: drained and exited cleanly
    assert "Socket Mode: envelope -> ack on the socket" in stdout
    assert "HTTP mode: request -> chat.postMessage" in stdout


def test_check_throughput_and_cds_hooks_latency_are_measured(quick_run: tuple[str, dict, dict]) -> None:
    _, results, _ = quick_run
    check, cds = results["schedules"]["check"], results["schedules"]["cds_hooks"]
    assert check["rows"] == check["rows_out"] == check["cli_rows_out"] == 500  # every row kept
    assert sum(check["statuses"].values()) == 500
    assert check["rows_per_s"] > 0
    assert cds["n"] == cds["requests"] == 20 and set(cds) >= LATENCY_KEYS
    assert cds["cards"] > 0
    check_target = next(t for t in results["targets"] if t["id"] == "check_rows_per_s")
    assert check_target["met"] is None  # 500 rows is not the 10,000-row file: not measured


def test_answer_size_is_measured(quick_run: tuple[str, dict, dict]) -> None:
    stdout, results, _ = quick_run
    size = results["answer_size"]
    assert size["answers"] == results["questions"]["total"]
    assert set(size) >= {"single_drug", "all", "contact", "slack"}
    assert 0 <= size["contact"]["number_in_lead"] <= size["contact"]["n"]
    assert size["slack"]["largest_json_chars"] > 0
    assert "Answer size: the `text` of" in stdout


def test_every_target_is_reported(quick_run: tuple[str, dict, dict]) -> None:
    stdout, results, _ = quick_run
    assert {t["id"] for t in results["targets"]} == TARGET_IDS
    growth_1000x = next(t for t in results["targets"] if t["id"] == "growth_1000x_p99")
    assert growth_1000x["met"] is None  # --quick does not grow to 1000x: not measured, never 'met'
    for heading in (
        "engine: ask -> JSON",
        "baseline: difflib",
        "Start-up",
        "Growth",
        "Slack path",
        "Schedules",
        "CDS Hooks",
        "Worst-case input",
        "Targets",
    ):
        assert heading in stdout
    assert "[n/a   ] p99 <= 10 ms at 1000x names" in stdout
