"""`precert-bot kb check` and `kb diff`, as an operator runs them (a real process)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.support import editions as ed
from tests.support.editions import FROZEN, Edition, drill_edition


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "kb", *args], capture_output=True, text=True, timeout=120, env=env
    )


def test_check_passes_on_the_frozen_folder_and_names_its_editions() -> None:
    out = run("check", str(FROZEN))
    assert out.returncode == 0, out.stdout + out.stderr
    assert re.search(r"^sco +105 rows$", out.stdout, re.MULTILINE)
    assert "edition sco_2022: May 2022" in out.stdout


def test_check_lists_one_line_per_problem_and_fails(tmp_path: Path) -> None:
    e = Edition(tmp_path)
    e.replace(ed.SCO, "J1300\tSOLIRIS®\teculizumab\tMay 2017", "J1300\tSOLIRIS®\t \tMay 2017")
    e.replace(ed.EVICORE, "J9271\tKEYTRUDA\tPEMBROLIZUMAB", "J9271\t****KEYTRUDA\t****PEMBROLIZUMAB")
    out = run("check", str(tmp_path))
    assert out.returncode == 1
    lines = out.stdout.strip().split("\n")
    assert len(lines) == 2, lines
    assert lines[0].startswith("evicore-oncology-precert-2017-11.txt:164: marker '****' has no legend")
    assert lines[1].startswith("sco-site-of-care-drug-list-2022-05.txt:233: empty generic name")


def test_diff_as_json(tmp_path: Path) -> None:
    drill_edition(tmp_path)
    out = run("diff", str(FROZEN), str(tmp_path), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {r["label"] for r in data["rows_removed"]} == {"Aduhelm", "ZANOSAR"}
    assert data["contacts_changed"][0]["new"] == ed.NEW_PHONE
    text = run("diff", str(FROZEN), str(tmp_path)).stdout
    assert "TYSABRI: codes J2323 -> J2324" in text and "Rows added (6):" in text


def test_diff_refuses_a_folder_that_fails_the_check(tmp_path: Path) -> None:
    Edition(tmp_path).replace(ed.EVICORE, "J9299\tOPDIVO\tNIVOLUMAB", "J9299\tOPDIVO†\tNIVOLUMAB")
    out = run("diff", str(FROZEN), str(tmp_path))
    assert out.returncode == 1 and "marker '†' has no legend" in out.stderr


def test_asking_with_a_folder_that_fails_the_check_lists_its_problems(tmp_path: Path) -> None:
    Edition(tmp_path).replace(ed.EVICORE, "J9299\tOPDIVO\tNIVOLUMAB", "J9299\tOPDIVO†\tNIVOLUMAB")
    env = {**os.environ, "PRECERT_SOURCES": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "keytruda?"], capture_output=True, text=True, timeout=120, env=env
    )
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "marker '†' has no legend" in out.stderr


def test_check_strict_fails_on_a_passage_without_questions(tmp_path: Path) -> None:
    e = Edition(tmp_path)
    # A new FAQ answer nobody has written questions for: fine for loading, a gap for --strict.
    e.insert_after(
        ed.SCO,
        "Providers should call the SCO team at **877.865.6492** if they have questions.",
        "",
        "The SCO and SCO+ lists are reviewed by Cigna pharmacists every year.",
    )
    assert run("check", str(tmp_path)).returncode == 0
    out = run("check", "--strict", str(tmp_path))
    assert out.returncode == 1
    assert out.stdout.startswith("questions.toml: no questions for passage sco_2022:49"), out.stdout
    assert run("check", "--strict", str(FROZEN)).returncode == 0
