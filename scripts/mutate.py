"""Run mutmut on one group of modules at a time (see scripts/mutate) and report the score and survivors.

Each group runs in a fresh copy of the checkout, build/mutation/GROUP, whose pyproject.toml gains the
group's only_mutate and test selection. The summary is
written to build/mutation/report.md: per group, killed / total and every surviving mutant's diff."""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "mutation"
RESULT = re.compile(r"^\s+(\S+): (.+)$")


def groups() -> dict[str, dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["precert-mutation"]


def checkout_copy(into: Path) -> None:
    """The checkout's files (new ones too) over the copy; mutmut's own state (mutants/) is kept."""
    listed = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    files = subprocess.run(listed, cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)


def configure(copy: Path, group: dict) -> None:
    pyproject = copy / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    added = (
        f"only_mutate = {json.dumps(group['modules'])}\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(group['tests'])}\n"
    )
    pyproject.write_text(text.replace("[tool.mutmut]\n", "[tool.mutmut]\n" + added, 1), encoding="utf-8")


def mutmut(copy: Path, *args: str, capture: bool = False) -> str:
    run = subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=copy, capture_output=capture, text=True)
    return run.stdout if capture else ""


# A mutant that makes a test hang is caught too: CI would fail it at its time limit.
DETECTED = {"killed", "timeout"}
# One process for every survivor's diff (`mutmut show` once each costs a start-up per mutant).
SHOW = """
import json, sys
from mutmut.__main__ import find_mutant, get_diff_for_mutant
print(json.dumps({n: get_diff_for_mutant(n, path=find_mutant(n).path) for n in json.loads(sys.stdin.read())}))
"""


def diffs(copy: Path, names: list[str]) -> dict[str, str]:
    if not names:
        return {}
    run = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=copy, input=json.dumps(names), capture_output=True, text=True, check=True
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


def run_group(name: str, group: dict, max_children: int) -> dict:
    copy = WORK / name
    # From scratch: mutmut keeps a mutant's result while its function is unchanged, even when the
    # tests that should kill it have changed since.
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir(parents=True)
    checkout_copy(copy)
    configure(copy, group)
    started = time.monotonic()
    # `mutants`: name patterns (fnmatch) narrowing a group to the functions its tests guard.
    patterns = group.get("mutants", [])
    mutmut(copy, "run", "--max-children", str(max_children), *patterns)
    statuses: dict[str, str] = {}
    for line in mutmut(copy, "results", "--all", "true", capture=True).splitlines():
        if (m := RESULT.match(line)) and (not patterns or any(fnmatch.fnmatch(m.group(1), p) for p in patterns)):
            statuses[m.group(1)] = m.group(2)
    survivors = diffs(copy, [k for k, v in statuses.items() if v not in DETECTED])
    return {"seconds": time.monotonic() - started, "statuses": statuses, "survivors": survivors}


def report(results: dict[str, dict]) -> str:
    lines = ["# Mutation testing", ""]
    killed = total = 0
    for name, r in results.items():
        n = len(r["statuses"])
        k = sum(v in DETECTED for v in r["statuses"].values())
        killed, total = killed + k, total + n
        lines.append(f"- {name}: {k}/{n} killed ({100 * k / max(n, 1):.1f}%) in {r['seconds']:.0f} s")
    lines += [
        "",
        f"Total: {killed}/{total} killed ({100 * killed / max(total, 1):.1f}%; a timeout counts as killed)",
        "",
    ]
    for name, r in results.items():
        for mutant, diff in r["survivors"].items():
            lines += [f"## {name}: {mutant} ({r['statuses'][mutant]})", "", "```diff", diff.strip(), "```", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("groups", nargs="*", help="group names (default: all)")
    parser.add_argument("--max-children", type=int, default=2)
    args = parser.parse_args()
    known = groups()
    chosen = args.groups or list(known)
    unknown = [g for g in chosen if g not in known]
    if unknown:
        parser.error(f"unknown groups {unknown}; known: {', '.join(known)}")
    results = {name: run_group(name, known[name], args.max_children) for name in chosen}
    text = report(results)
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "report.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
