"""Growth: the engine over a knowledge base grown to N times the real one's names, one process per
size so memory and warm caches don't carry from one size to the next.

    python -m bench.growth --scale 100 < questions.json   # prints one JSON object
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Sequence

from bench.memory import current_rss_mib, peak_rss_mib
from bench.timing import one_core, summarize_blocks, time_each

WARMUP_PASSES = 1
MIN_PASSES = 2


def measure_scale(scale: int, questions: Sequence[str], min_seconds: float, max_rounds: int) -> dict:
    from bench.synthetic import grown_kb, name_count
    from intents.engine import Engine
    from knowledge.kb import default_kb

    imported_mib = current_rss_mib()
    start = time.perf_counter()
    kb = grown_kb(default_kb(), scale)
    kb_s = time.perf_counter() - start
    engine = Engine(kb=kb)
    built_s = time.perf_counter() - start - kb_s
    loaded_peak_mib = peak_rss_mib()

    def ask(question: str) -> str:
        return engine.ask(question).contract_json()

    samples: list[list[float]] = []  # one block per pass
    with one_core():
        for _ in range(WARMUP_PASSES):
            time_each(ask, questions, 1)
        started = time.perf_counter()
        # Whole passes until enough time has gone by: many at small sizes, few at 1000x, but at least
        # two, so that a p99 over a hundred questions is not simply the slowest one.
        passes = 0
        while passes < min(MIN_PASSES, max_rounds) or (
            passes < max_rounds and time.perf_counter() - started < min_seconds
        ):
            samples.append(time_each(ask, questions, 1))
            passes += 1
    return {
        "scale": scale,
        "drugs": len(kb.drugs),
        "names": name_count(kb),
        "kb_load_s": kb_s,  # parse the documents and generate the extra drugs
        "engine_build_s": built_s,
        "latency": summarize_blocks(samples),
        "rss_after_imports_mib": imported_mib,
        "peak_rss_after_load_mib": loaded_peak_mib,
        "peak_rss_after_questions_mib": peak_rss_mib(),
    }


def run_in_subprocess(scale: int, questions: Sequence[str], min_seconds: float, max_rounds: int) -> dict:
    command = [sys.executable, "-m", "bench.growth", "--scale", str(scale)]
    command += ["--min-seconds", str(min_seconds), "--max-rounds", str(max_rounds)]
    done = subprocess.run(command, input=json.dumps(list(questions)), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"growth worker for {scale}x failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, required=True)
    parser.add_argument("--min-seconds", type=float, default=1.0)
    parser.add_argument("--max-rounds", type=int, default=20)
    args = parser.parse_args(argv)
    questions = json.loads(sys.stdin.read())
    print(json.dumps(measure_scale(args.scale, questions, args.min_seconds, args.max_rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
