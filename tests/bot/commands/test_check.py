"""`precert-bot check`, run as a user runs it: a file or standard input in; a table, CSV or JSON out."""

from __future__ import annotations

import csv
import io
import json

from tests.bot.commands.test_cli import run

SCHEDULE = "Chair,Patient,Drug\n1,Jane Roe,Keytruda\n\n2,John Doe,procardia\n3,Ann Poe,foobarzine\n"


def test_csv_has_one_row_per_input_row_with_the_other_columns_beside_it(tmp_path) -> None:
    path = tmp_path / "schedule.csv"
    path.write_text(SCHEDULE)
    out = run("check", "--csv", str(path))
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["status"] for r in rows] == ["auth-needed", "blank", "did-you-mean", "not-found"]
    assert rows[0]["Patient"] == "Jane Roe" and rows[0]["phone"] == "1.866.668.9250"
    assert rows[0]["line"] == "evicore-oncology-precert-2017-11.txt:164"
    assert rows[2]["did you mean"] == "Procrit"
    assert "Jane Roe" not in out.stderr


def test_json_from_standard_input_has_rows_and_a_summary() -> None:
    out = run("check", "--json", "-", stdin=SCHEDULE)
    data = json.loads(out.stdout)
    assert len(data["rows"]) == 4
    assert data["summary"]["text"].startswith("4 rows: 1 needs prior auth — 1 eviCore; 1 not in these documents")
    assert out.stderr == ""  # piped: no progress bar


def test_the_terminal_table_names_each_row_and_ends_with_the_summary() -> None:
    out = run("check", "-", stdin="Keytruda\nfoobarzine\n" * 300)
    assert out.returncode == 0
    assert "auth-needed" in out.stdout and "not-found" in out.stdout
    assert out.stdout.rstrip().splitlines()[-1] == (
        "600 rows: 300 need prior auth — 300 eviCore; 300 not in these documents"
    )
    assert out.stderr == ""  # standard error is not a terminal: no progress bar


def test_a_missing_file_is_one_clear_line() -> None:
    out = run("check", "/nonexistent/schedule.csv")
    assert out.returncode == 2
    assert out.stderr.startswith("precert-bot: cannot read /nonexistent/schedule.csv")


def test_a_large_file_shows_a_progress_bar_on_a_terminals_standard_error(tmp_path) -> None:
    import os
    import pty
    import subprocess
    import sys

    from tests.bot.commands.test_cli import ROOT

    path = tmp_path / "big.csv"
    path.write_text("Drug\n" + "Keytruda\nfoobarzine\n" * 1000)
    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot", "check", "--csv", str(path)],
            stdout=subprocess.PIPE,
            stderr=secondary,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(primary)
    assert done.returncode == 0
    assert done.stdout.decode().count("\n") == 2001  # the header and every row
    assert b"checking" in shown
