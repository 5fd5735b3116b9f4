"""Two checkouts measured in one sitting (#20: "`python -m bench` is no slower — engine p50, Slack path,
start-up — in one run before and after"): the engine's p50, the Slack path's p50 against the minimal
Bolt app, and the CLI's start-up against a bare import of its libraries, each taken for both
checkouts in turns, so that a busy moment on the machine lands on both alike.

    python -m bench.before_after --before DIR --before-python DIR/../venv/bin/python [--after DIR ...]

scripts/bench_before_after.sh makes the "before" checkout (a temporary git worktree with a venv of its
own) and runs this. The measuring code is this checkout's, for both sides: each side runs only its own
`intents.engine`, `python -m bot ask` and `python -m bot serve --http`. Besides wall-clock time, CPU
time is given wherever it can be had (the engine's thread time per question, the server's CPU per event,
the CLI's CPU per start): on a shared machine it moves far less than the wall clock."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from bench.questions import OWN_QUESTIONS, REPO_ROOT, all_questions, load_dev_cases
from bench.slack_fake import FakeWebApi
from bench.slack_path import FLOOR_LABEL, WARMUP_EVENTS, Server, _post_event, redis_server, serving
from bench.startup import CLI_ASK, FIRST_QUESTION, bare_import, library_modules, packages
from knowledge.cache import CACHE_ENV

# Per question: the answer as JSON (what the bench's engine figure times), wall and thread CPU time.
ENGINE_PROBE = """
import json, sys, time
from intents.engine import Engine
questions = json.load(open(sys.argv[1]))
engine = Engine()
def one(q):
    return engine.ask(q).contract_json()
for _ in range(3):
    for q in questions:
        one(q)
wall, cpu = [], []
for _ in range(int(sys.argv[2])):
    for q in questions:
        w, c = time.perf_counter(), time.thread_time()
        one(q)
        cpu.append(time.thread_time() - c)
        wall.append(time.perf_counter() - w)
print(json.dumps({"wall": wall, "cpu": cpu}))
"""


@dataclass
class Side:
    label: str
    tree: Path
    python: str
    # Private caches: each side's bytecode and built edition (knowledge/cache.py keeps one edition per
    # kind, so two checkouts sharing a folder would rebuild at every start).
    scratch: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="precert-before-after-")))

    def caches(self) -> dict[str, str]:
        return {"PYTHONPYCACHEPREFIX": str(self.scratch / "pycache"), CACHE_ENV: str(self.scratch / "editions")}

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
        return env | self.caches()


def _median_of_blocks(blocks: list[list[float]]) -> float:
    return statistics.median(statistics.median(block) for block in blocks) * 1000


def measure_engine(sides: Sequence[Side], questions: list[str], blocks: int, passes: int) -> dict:
    """Engine p50 (ms): the median over blocks (a process each, sides in turns) of each block's p50."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(questions, f)
    samples: dict[str, dict[str, list[list[float]]]] = {s.label: {"wall": [], "cpu": []} for s in sides}
    try:
        for _ in range(blocks):
            for side in sides:
                command = [side.python, "-c", ENGINE_PROBE, f.name, str(passes)]
                out = subprocess.run(command, cwd=side.tree, env=side.env(), check=True, capture_output=True, text=True)
                block = json.loads(out.stdout)
                samples[side.label]["wall"].append(block["wall"])
                samples[side.label]["cpu"].append(block["cpu"])
    finally:
        os.unlink(f.name)
    return {
        label: {"p50_ms": _median_of_blocks(s["wall"]), "cpu_p50_ms": _median_of_blocks(s["cpu"])}
        for label, s in samples.items()
    }


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a running process (Linux's /proc), None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _serve(stack: ExitStack, side: Side, api: FakeWebApi, redis: bool) -> Server:
    env = side.caches()
    if redis:  # a Redis of its own: the sides share nothing
        url = stack.enter_context(redis_server())
        if url is None:
            raise RuntimeError("--redis: redis-server is not installed")
        env["REDIS_URL"] = url
    args = ["bot", "serve", "--http"]
    return stack.enter_context(serving(side.label, args, api.api_url, env, python=side.python, cwd=side.tree))


def measure_slack(sides: Sequence[Side], questions: list[str], events: int, redis: bool = False) -> dict:
    """Reply p50 (ms) of each side's `serve --http` and of the minimal Bolt app (this checkout's), each
    question sent to all of them in turn; the ratio to the minimal app; each server's CPU per event.
    redis: each side's server keeps its outbox, de-duplication and contexts in a Redis of its own (what
    replicas run), else in its default store."""
    with FakeWebApi() as api, ExitStack() as stack:
        floor = stack.enter_context(serving(FLOOR_LABEL, ["bench.minimal_bolt"], api.api_url))
        servers = {FLOOR_LABEL: floor, **{side.label: _serve(stack, side, api, redis) for side in sides}}
        cycle = itertools.cycle(questions)
        for _ in range(WARMUP_EVENTS):
            question = next(cycle)
            for server in servers.values():
                _post_event(server.port, question, api)
        replies: dict[str, list[float]] = {label: [] for label in servers}
        cpu_before = {label: _cpu_seconds(s.process.pid) for label, s in servers.items()}
        for _ in range(events):
            question = next(cycle)
            for label, server in servers.items():
                replies[label].append(_post_event(server.port, question, api)[1])
        cpu_after = {label: _cpu_seconds(s.process.pid) for label, s in servers.items()}
    out: dict = {}
    for label in servers:
        used = None if cpu_before[label] is None else (cpu_after[label] or 0.0) - cpu_before[label]
        out[label] = {
            "p50_ms": statistics.median(replies[label]) * 1000,
            "server_cpu_ms_per_event": None if used is None else used / events * 1000,
        }
    for side in sides:
        out[side.label]["ratio_p50"] = out[side.label]["p50_ms"] / out[FLOOR_LABEL]["p50_ms"]
    return out


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run; runs are one at a time, so the children's usage is its."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure_startup(sides: Sequence[Side], runs: int) -> dict:
    """`python -m bot ask` against a bare import of the library modules it loads (and of their top-level
    packages), medians of `runs` spawns, every command of both sides in turns."""
    plans: dict[str, dict[str, list[str]]] = {}
    for side in sides:
        modules = library_modules(CLI_ASK, side.tree, side.env(), python=side.python)
        plans[side.label] = {
            "ask": [side.python, "-m", "bot", "ask", FIRST_QUESTION],
            "bare": bare_import(modules, python=side.python),
            "bare_packages": bare_import(packages(modules), python=side.python),
        }
    by_side = {side.label: side for side in sides}
    samples = {label: {name: [] for name in plan} for label, plan in plans.items()}
    for round_ in range(runs + 1):  # the first round fills the caches and is not counted
        for label, plan in plans.items():
            for name, command in plan.items():
                timing = _timed(command, by_side[label].tree, by_side[label].env())
                if round_:
                    samples[label][name].append(timing)
    out: dict = {}
    for label, per_command in samples.items():
        wall = {name: statistics.median(w for w, _ in runs_) for name, runs_ in per_command.items()}
        cpu = {name: statistics.median(c for _, c in runs_) for name, runs_ in per_command.items()}
        out[label] = {
            "ask_s": wall["ask"],
            "ask_cpu_s": cpu["ask"],
            "ratio": wall["ask"] / wall["bare"],
            "cpu_ratio": cpu["ask"] / cpu["bare"],
            "ratio_packages": wall["ask"] / wall["bare_packages"],
            "cpu_ratio_packages": cpu["ask"] / cpu["bare_packages"],
        }
    return out


ROWS = (
    ("engine p50, ms", "engine", "p50_ms", "{:.3f}"),
    ("  thread CPU p50, ms", "engine", "cpu_p50_ms", "{:.3f}"),
    ("Slack path p50 / minimal Bolt app's", "slack", "ratio_p50", "{:.2f}x"),
    ("  reply p50, ms", "slack", "p50_ms", "{:.2f}"),
    ("  server CPU per event, ms", "slack", "server_cpu_ms_per_event", "{:.2f}"),
    ("Slack path with Redis / minimal Bolt app's", "slack_redis", "ratio_p50", "{:.2f}x"),
    ("  reply p50, ms", "slack_redis", "p50_ms", "{:.2f}"),
    ("  server CPU per event, ms (Redis's not counted)", "slack_redis", "server_cpu_ms_per_event", "{:.2f}"),
    ("CLI start-up / bare import of its library modules", "startup", "ratio", "{:.2f}x"),
    ("  same, CPU time", "startup", "cpu_ratio", "{:.2f}x"),
    ("  / bare import of their top-level packages", "startup", "ratio_packages", "{:.2f}x"),
    ("  same, CPU time", "startup", "cpu_ratio_packages", "{:.2f}x"),
    ("  `ask`, s (CPU s)", "startup", "ask_s", "{:.3f}"),
)


def render(results: dict, labels: Sequence[str]) -> str:
    def cell(section: str, key: str, fmt: str, label: str) -> str:
        value = results.get(section, {}).get(label, {}).get(key)
        if key == "ask_s" and value is not None:
            return f"{value:.3f} ({results[section][label]['ask_cpu_s']:.3f})"
        return "-" if value is None else fmt.format(value)

    width = 52
    lines = ["".ljust(width) + "".join(label[:22].rjust(24) for label in labels)]
    for title, section, key, fmt in ROWS:
        if section not in results:
            continue
        lines.append(title.ljust(width) + "".join(cell(section, key, fmt, label).rjust(24) for label in labels))
    for section, which in (("slack", "Slack path"), ("slack_redis", "with Redis")):
        if section in results:
            floor = results[section][FLOOR_LABEL]
            cpu = floor["server_cpu_ms_per_event"]
            lines.append(
                f"(minimal Bolt app, {which} run: reply p50 {floor['p50_ms']:.2f} ms, server CPU per event "
                f"{'-' if cpu is None else f'{cpu:.2f}'} ms)"
            )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.before_after", description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the earlier checkout")
    parser.add_argument("--before-python", required=True, help="the interpreter of a venv that installs it")
    parser.add_argument("--before-label", default="before")
    parser.add_argument("--after", type=Path, default=REPO_ROOT, help="default: this checkout")
    parser.add_argument("--after-python", default=sys.executable)
    parser.add_argument("--after-label", default="after")
    parser.add_argument("--engine-blocks", type=int, default=5, help="processes per side (default %(default)s)")
    parser.add_argument("--engine-passes", type=int, default=4, help="passes over the questions per block")
    parser.add_argument("--events", type=int, default=300, help="Slack events per server (default %(default)s)")
    parser.add_argument("--redis", action="store_true", help="the Slack path again, each side with a Redis of its own")
    parser.add_argument("--starts", type=int, default=7, help="start-ups per command (default %(default)s)")
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sides = [
        Side(args.before_label, args.before.resolve(), args.before_python),
        Side(args.after_label, args.after.resolve(), args.after_python),
    ]
    questions = all_questions(load_dev_cases(), OWN_QUESTIONS)
    started = time.perf_counter()
    try:
        results = {
            "engine": measure_engine(sides, questions, args.engine_blocks, args.engine_passes),
            "slack": measure_slack(sides, questions, args.events),
            **({"slack_redis": measure_slack(sides, questions, args.events, redis=True)} if args.redis else {}),
            "startup": measure_startup(sides, args.starts),
        }
    finally:
        for side in sides:
            shutil.rmtree(side.scratch, ignore_errors=True)
    results["meta"] = {
        "sides": {s.label: str(s.tree) for s in sides},
        "questions": len(questions),
        "load_average": os.getloadavg(),
        "seconds": time.perf_counter() - started,
    }
    print(render(results, [s.label for s in sides]))
    print(f"({len(questions)} questions; load average {os.getloadavg()[0]:.1f}; {results['meta']['seconds']:.0f} s)")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
