"""CI refuses to pass without what it checks against: .ci/run on a checkout with no ../shared beside
it fails, saying what is missing, before running anything; and a test needing ../shared fails rather
than skips where CI requires it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NEEDED = ["eval/grade.py", "eval/dev.jsonl", "eval/dev2.jsonl", "sources"]


def checkout_in(folder: Path) -> Path:
    """.ci/run in a bare checkout whose scripts/test only leaves a mark that it ran."""
    checkout = folder / "checkout"
    (checkout / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "run", checkout / ".ci" / "run")
    (checkout / "scripts").mkdir()
    (checkout / "scripts" / "test").write_text("touch ran-the-tests\n")
    return checkout


def ci_run(checkout: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", ".ci/run"], cwd=checkout, capture_output=True, text=True, timeout=60)


def test_ci_fails_on_a_checkout_without_shared_beside_it(tmp_path: Path) -> None:
    checkout = checkout_in(tmp_path)
    run = ci_run(checkout)
    assert run.returncode != 0
    assert "../shared" in run.stderr and "is missing" in run.stderr, run.stderr
    assert not (checkout / "ran-the-tests").exists()


def test_ci_fails_when_any_one_of_the_shared_files_is_missing(tmp_path: Path) -> None:
    checkout = checkout_in(tmp_path)
    for missing in NEEDED:
        shared = tmp_path / "shared"
        shutil.rmtree(shared, ignore_errors=True)
        for needed in NEEDED:
            if needed != missing:
                path = shared / needed
                if "." in path.name:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text("")
                else:
                    path.mkdir(parents=True)
        run = ci_run(checkout)
        assert run.returncode != 0 and missing in run.stderr, (missing, run.stderr)
    (shared / missing).mkdir(parents=True)  # all there: CI goes on to the tests
    assert ci_run(checkout).returncode == 0 and (checkout / "ran-the-tests").exists()


def test_a_test_needing_shared_fails_instead_of_skipping_in_ci(tmp_path: Path) -> None:
    """The shared-folder helper, run where ../shared is absent: skipped for a developer, failed in CI."""
    probe = tmp_path / "test_probe.py"
    probe.write_text(
        "import tests.conftest as c\n"
        "from pathlib import Path\n"
        f"c.SHARED = Path({str(tmp_path / 'no-shared')!r})\n"
        "def test_needs_shared():\n"
        "    c.shared_path('eval', 'grade.py')\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PRECERT_REQUIRE_SHARED")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(ROOT), str(probe)]
    skipped = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert skipped.returncode == 0 and "1 skipped" in skipped.stdout, skipped.stdout
    for flag in ({"CI": "true"}, {"PRECERT_REQUIRE_SHARED": "1"}):
        failed = subprocess.run(command, cwd=ROOT, env=env | flag, capture_output=True, text=True, timeout=120)
        assert failed.returncode == 1 and "1 failed" in failed.stdout, (flag, failed.stdout)
        assert "not beside this checkout" in failed.stdout
