"""Start-up: process start to first answer, each against a bare import of the very libraries that
process loads, timed the same way (spawn to exit, wall clock) in the same run, runs interleaved so a
busy moment on the machine hits both sides.

Two figures, because the two ways the bot starts load different libraries:

- the CLI (`python -m bot ask`), against its own third-party imports (no slack_bolt: it never loads it);
- `serve`: the serving modules imported (slack_bolt and the rest), an engine and a first answer,
  against a bare import of the libraries that loads, slack_bolt among them on both sides.

Which libraries each loads is read from the process itself (sys.modules at exit), not listed here, so
the bare side can't drift from what the bot imports. The bare side imports every module of those
libraries the process had loaded, not only their top-level packages: pydantic and rapidfuzz load most
of their modules lazily (`import pydantic` runs 41 of the 94 that the CLI ends up loading from its
libraries), and what a library loads to do its work is the library's cost. The figure against the
top-level packages alone is kept beside it (`cli_ratio_packages`, `serve_ratio_packages`)."""

from __future__ import annotations

import json
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
FIRST_ANSWER = f"from intents.engine import Engine\nEngine().ask({FIRST_QUESTION!r}).contract_json()\n"
SERVE_FIRST_ANSWER = "import bot.commands.serve\n" + FIRST_ANSWER
# `python -m bot ask …`, as code a probe can run (the probe needs `-c`).
CLI_ASK = (
    f"import runpy, sys\nsys.argv = ['bot', 'ask', {FIRST_QUESTION!r}]\nrunpy.run_module('bot', run_name='__main__')\n"
)
# Written at exit by a probe run: the modules the process loaded. Extension modules register
# pseudo-modules (cython_runtime) that no import statement can name, and some modules sit in
# sys.modules under a second name (an alias): only a module under its own name is listed.
PROBE = (
    "import atexit, json, os, sys\n"
    "atexit.register(lambda: open(os.environ['PRECERT_BENCH_PROBE'], 'w').write(json.dumps(sorted(\n"
    "    n for n, m in list(sys.modules.items()) if getattr(getattr(m, '__spec__', None), 'name', None) == n))))\n"
)


def library_modules(code: str, cwd: Path, env: dict[str, str], python: str = sys.executable) -> list[str]:
    """The third-party modules `python -c code` imports (stdlib and the project's own left out)."""
    with tempfile.TemporaryDirectory(prefix="precert-bench-probe-") as folder:
        out = Path(folder) / "modules.json"
        command = [python, "-c", PROBE + code]
        subprocess.run(command, cwd=cwd, env={**env, "PRECERT_BENCH_PROBE": str(out)}, check=True, capture_output=True)
        modules = json.loads(out.read_text())
    own = project_packages(cwd)
    return sorted(
        name
        for name in modules
        if (top := name.split(".")[0]) not in sys.stdlib_module_names and top not in own and not top.startswith("_")
    )


def project_packages(tree: Path) -> set[str]:
    """The checkout's own top-level packages (bot, intents, knowledge, …): not libraries."""
    return {path.parent.name for path in tree.glob("*/__init__.py")}


def packages(modules: list[str]) -> list[str]:
    return sorted({name.split(".")[0] for name in modules})


def bare_import(names: list[str], python: str = sys.executable) -> list[str]:
    return [python, "-c", "import " + ", ".join(names)]


def commands(cli_modules: list[str], serve_modules: list[str]) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "cli_ask": [python, "-m", "bot", "ask", FIRST_QUESTION],
        "cli_bare_import": bare_import(cli_modules),
        "cli_bare_import_packages": bare_import(packages(cli_modules)),
        "serve_first_answer": [python, "-c", SERVE_FIRST_ANSWER],
        "serve_bare_import": bare_import(serve_modules),
        "serve_bare_import_packages": bare_import(packages(serve_modules)),
        # For the record, not a target: a start on documents never read before (a new edition's first).
        "first_answer_unbuilt": [python, "-c", FIRST_ANSWER],
    }


# Commands run with the edition cache turned off.
UNBUILT = {"first_answer_unbuilt"}


def _wall(command: Sequence[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure_startup(runs: int, cwd: Path = REPO_ROOT) -> dict:
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
        cli_modules = library_modules(CLI_ASK, cwd, env)
        serve_modules = library_modules(SERVE_FIRST_ANSWER, cwd, env)
        plan = commands(cli_modules, serve_modules)
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
        "cli_libraries": packages(cli_modules),
        "serve_libraries": packages(serve_modules),
        "cli_library_modules": len(cli_modules),
        "serve_library_modules": len(serve_modules),
    }
    for name, seconds in samples.items():
        out[name] = {"median_s": statistics.median(seconds), "min_s": min(seconds), "max_s": max(seconds)}
    out["cli_ratio"] = out["cli_ask"]["median_s"] / out["cli_bare_import"]["median_s"]
    out["serve_ratio"] = out["serve_first_answer"]["median_s"] / out["serve_bare_import"]["median_s"]
    out["cli_ratio_packages"] = out["cli_ask"]["median_s"] / out["cli_bare_import_packages"]["median_s"]
    out["serve_ratio_packages"] = out["serve_first_answer"]["median_s"] / out["serve_bare_import_packages"]["median_s"]
    out["unbuilt_ratio"] = out["first_answer_unbuilt"]["median_s"] / out["cli_bare_import"]["median_s"]
    return out
