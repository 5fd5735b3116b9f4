"""Start-up: process start to first answer, against a bare import of the libraries the bot is built
on, both timed the same way (spawn to exit, wall clock) in the same run, runs interleaved so a busy
moment on the machine hits both."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.questions import REPO_ROOT
from knowledge.cache import CACHE_ENV, OFF

FIRST_QUESTION = "does keytruda need evicore precert?"
FIRST_ANSWER = (
    f"import json\nfrom intents.engine import Engine\njson.dumps(Engine().ask({FIRST_QUESTION!r}).contract())\n"
)
BARE_IMPORT = "import slack_bolt, rapidfuzz, jellyfish, pydantic"


def commands() -> dict[str, list[str]]:
    python = sys.executable
    return {
        "first_answer": [python, "-c", FIRST_ANSWER],
        "bare_import": [python, "-c", BARE_IMPORT],
        "cli_ask": [python, "-m", "bot", "ask", FIRST_QUESTION],
        # For the record, not the target: a start on documents never read before (a new edition's first).
        "first_answer_unbuilt": [python, "-c", FIRST_ANSWER],
    }


# Commands run with the edition cache turned off.
UNBUILT = {"first_answer_unbuilt"}


def _wall(command: Sequence[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure_startup(runs: int, cwd: Path = REPO_ROOT) -> dict:
    plan = commands()
    with (
        tempfile.TemporaryDirectory(prefix="precert-bench-pycache-") as pycache,
        tempfile.TemporaryDirectory(prefix="precert-bench-editions-") as editions,
    ):
        # An installed bot runs from compiled bytecode; with PYTHONDONTWRITEBYTECODE set (as here) every
        # start would compile the project anew. A private cache keeps the tree untouched and treats
        # both commands alike. Likewise the built edition (knowledge/cache.py): a deployed bot has
        # read its documents before, so the first, unmeasured run builds it into a private folder.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = pycache
        env[CACHE_ENV] = editions
        envs = {name: {**env, CACHE_ENV: OFF} if name in UNBUILT else env for name in plan}
        for name, command in plan.items():
            _wall(command, cwd, envs[name])  # once unmeasured: fills the caches and the page cache
        samples: dict[str, list[float]] = {name: [] for name in plan}
        for _ in range(runs):
            for name, command in plan.items():
                samples[name].append(_wall(command, cwd, envs[name]))
    out: dict = {
        "runs": runs,
        "bytecode": "compiled once into a private cache, then reused",
        "edition": "built once into a private cache (knowledge/cache.py), then read back",
    }
    for name, seconds in samples.items():
        out[name] = {"median_s": statistics.median(seconds), "min_s": min(seconds), "max_s": max(seconds)}
    out["ratio"] = out["first_answer"]["median_s"] / out["bare_import"]["median_s"]
    out["cli_ratio"] = out["cli_ask"]["median_s"] / out["bare_import"]["median_s"]
    out["unbuilt_ratio"] = out["first_answer_unbuilt"]["median_s"] / out["bare_import"]["median_s"]
    return out
