"""Re-make the mutants that once survived the whole suite (issue #23; the embedded store's drain since)
and check a named test kills each.

    .venv/bin/python scripts/known_mutants.py [NAME ...]

Each mutant is one textual change to one module or data file, applied to a copy of the checkout in a temporary
folder (the checkout itself is never touched); the named tests then run in that copy and must fail.
A mutant whose `old` text is no longer in its module fails this script too: the code moved or
changed, and the mutant (and the test that kills it) must be re-aimed, not silently dropped.
A periodic check beside mutmut (scripts/mutate), not part of every CI run."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Mutant:
    name: str
    module: str
    old: str
    new: str
    tests: tuple[str, ...]


MUTANTS = (
    Mutant(
        "a not-listed verdict says precert isn't needed",
        "intents/wording.toml",
        'not-listed = "not on the {list}"',
        'not-listed = "not on the {list}, so precert isn\'t needed"',
        (
            "tests/intents/test_safety_properties.py::test_every_drug_not_on_a_list_asked_about_is_said_to_be_absent_with_the_caveat",
        ),
    ),
    Mutant(
        "the not-found headline loses its caveat",
        "intents/wording.toml",
        "not_found_headline = \"I couldn't find {words} in the loaded documents. That is not a yes or a no on prior "
        "authorization: check",
        "not_found_headline = \"I couldn't find {words} in the loaded documents. Check",
        ("tests/intents/test_safety_properties.py::test_a_name_no_document_has_is_not_found_with_the_caveat",),
    ),
    Mutant(
        "the outbox's claim never stands down for a twin",
        "bot/slack/outbox/redis.py",
        "return holder is None or holder.decode() == owner",
        "return True",
        (
            "tests/bot/slack/test_outbox_edges.py::test_twin_copies_of_a_request_are_answered_once_without_the_read_back",
        ),
    ),
    Mutant(
        "entries a drain cut short are acknowledged (lost)",
        "bot/slack/outbox/redis.py",
        "        if not finished:\n            return  # left claimed",
        "        if False:\n            return  # left claimed",
        ("tests/bot/slack/test_outbox_edges.py::test_a_drain_past_its_deadline_leaves_the_entry_for_the_next_reader",),
    ),
    Mutant(
        "rows a drain cut short are deleted from the embedded store (lost)",
        "bot/slack/outbox/sqlite.py",
        "            if finished:  # else left in the file",
        "            if True:  # else left in the file",
        (
            "tests/bot/slack/test_outbox_edges.py::test_a_drain_past_its_deadline_leaves_the_row_in_the_file_for_the_next_start",
        ),
    ),
    Mutant(
        "the JWT audience is the Host header's URL although a base URL is set",
        "bot/ehr/auth.py",
        "    if base_url:\n        return base_url",
        "    if False:\n        return base_url",
        ("tests/bot/ehr/test_auth.py",),
    ),
)


def copy_checkout(into: Path) -> None:
    listed = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]  # new files too
    files = subprocess.run(listed, cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)


def pytest_in(copy: Path, tests: tuple[str, ...]) -> int:
    # `python -m pytest` in the copy: its folders come first on sys.path, ahead of the editable install.
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    return subprocess.run(command, cwd=copy, capture_output=True, text=True).returncode


def killed(mutant: Mutant | None, tests: tuple[str, ...]) -> bool:
    """Whether `tests` fail on the checkout with `mutant` applied (None: as it is)."""
    with tempfile.TemporaryDirectory(prefix="precert-mutant-") as folder:
        copy = Path(folder)
        copy_checkout(copy)
        if mutant is not None:
            module = copy / mutant.module
            text = module.read_text(encoding="utf-8")
            if text.count(mutant.old) != 1:
                raise SystemExit(f"{mutant.name}: {mutant.module} no longer has the text to mutate; re-aim it")
            module.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
        return pytest_in(copy, tests) == 1  # tests failed (not: collection error, no tests, usage error)


def main(argv: list[str]) -> int:
    chosen = [m for m in MUTANTS if not argv or any(a in m.name for a in argv)]
    named = tuple(dict.fromkeys(t for m in chosen for t in m.tests))
    if killed(None, named):  # a test that fails anyway would "kill" every mutant
        raise SystemExit("the named tests fail on the unmutated checkout: fix them first")
    survivors = 0
    for mutant in chosen:
        caught = killed(mutant, mutant.tests)
        survivors += not caught
        print(f"{'killed ' if caught else 'SURVIVED'}  {mutant.name}  ({', '.join(mutant.tests)})")
    return 1 if survivors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
