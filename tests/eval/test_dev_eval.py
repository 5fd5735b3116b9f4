"""The answer checker on the shared sample questions (kept outside the repo, next to the checkout).
Without them the test is skipped on a developer's machine and fails in CI (tests/conftest.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import shared_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("samples", ["dev.jsonl", "dev2.jsonl"])
def test_sample_questions_pass_with_nothing_confidently_wrong(samples: str) -> None:
    grade, cases = shared_path("eval", "grade.py"), shared_path("eval", samples)
    out = subprocess.run(
        [sys.executable, str(grade), str(cases), "--", sys.executable, "-m", "bot", "ask", "--jsonl"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    summary = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    m = re.search(r"passed \(([\d.]+)%\), confidently wrong: (\d+)", summary)
    assert m, out.stdout + out.stderr
    # The team's bar (GUIDE.md): every sample passes, none confidently wrong.
    assert float(m.group(1)) == 100.0 and int(m.group(2)) == 0, out.stdout
