"""The answer checker on the shared sample questions (kept outside the repo, next to the checkout)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval"


@pytest.mark.skipif(not (EVAL / "grade.py").is_file(), reason="../shared/eval is not beside this checkout")
def test_sample_questions_pass_with_nothing_confidently_wrong() -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(EVAL / "grade.py"),
            str(EVAL / "dev.jsonl"),
            "--",
            sys.executable,
            "-m",
            "bot",
            "ask",
            "--jsonl",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    summary = out.stdout.strip().splitlines()[-1]
    m = re.search(r"passed \(([\d.]+)%\), confidently wrong: (\d+)", summary)
    assert m, out.stdout + out.stderr
    assert float(m.group(1)) >= 97.0 and int(m.group(2)) == 0, out.stdout
