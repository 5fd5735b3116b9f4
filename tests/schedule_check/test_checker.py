"""Checking a schedule: every row in is a row out with one status; statuses, programs, contacts and
cited lines come from the answers; messy files (blank lines, codes in any spelling, look-alikes,
unknown drugs, odd delimiters, 10,000 rows) lose nothing."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intents.engine import Engine
from knowledge.kb import KnowledgeBase
from schedule_check.checker import Checker, CheckRow, RowStatus, summarize
from schedule_check.tabular import decode, read_table

STATUSES = set(RowStatus.__args__)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def checker(engine: Engine) -> Checker:
    return Checker(engine)


def check(checker: Checker, text: str, filename: str | None = None) -> list[CheckRow]:
    return list(checker.check_table(read_table(text, filename)))


def test_a_header_names_the_drug_and_code_columns_and_the_rest_pass_through(checker: Checker) -> None:
    rows = check(checker, "Chair,Time,Drug,HCPCS,Patient\n1,08:00,Ocrevus,J2350,Smith\n")
    (row,) = rows
    assert row.input == "Ocrevus J2350"
    assert row.columns == {"Chair": "1", "Time": "08:00", "Patient": "Smith"}
    assert (row.drug, row.read_as, row.codes) == ("Ocrevus", "exact", ["J2350"])


def test_without_a_header_the_first_column_is_the_drug_and_the_first_line_a_row(checker: Checker) -> None:
    rows = check(checker, "Keytruda\t08:00\nZolgensma\t09:00\n")
    assert [r.drug for r in rows] == ["Keytruda", "Zolgensma"]
    assert rows[0].columns == {"column 2": "08:00"}


def test_a_precert_list_row_says_who_to_call_and_cites_its_line(checker: Checker, kb: KnowledgeBase) -> None:
    (row,) = check(checker, "drug\nKeytruda\n")
    assert row.status == "auth-needed"
    assert row.program == kb.program("evicore_oncology").short
    assert row.contact is not None and row.contact.phone == "1.866.668.9250"
    assert row.source is not None and row.source.line == 164
    assert row.source.document == kb.sources["evicore_oncology_2017"].title
    assert row.source.date == "November 2017"


def test_cited_lines_are_verbatim(checker: Checker) -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for row in check(checker, "drug\nKeytruda\nZolgensma\nOcrevus\nRemicade\nJ9271\n"):
        assert row.source is not None
        assert (root / row.source.file).read_text("utf-8").splitlines()[row.source.line - 1] == row.source.text


@pytest.mark.parametrize("spelling", ["J9271", "j9271", "J-9271", "j 9271", " J9271 ", "J9271."])
def test_codes_in_any_spelling_read_as_the_code(checker: Checker, spelling: str) -> None:
    (row,) = check(checker, f"HCPCS\n{spelling}\n")
    assert (row.drug, row.read_as, row.status) == ("Keytruda", "code", "auth-needed")


def test_rows_it_cannot_read_say_so(checker: Checker) -> None:
    rows = check(checker, "drug\nocrevis\nprocardia\nfoobarzine\nJ3490\n\n")
    # Ocrevus's row leads with the SCO list, as `ask` does (not the home infusion list after it).
    assert [r.status for r in rows] == [
        "site-of-care-review",
        "did-you-mean",
        "not-found",
        "unclassified-code",
        "blank",
    ]
    assert rows[0].read_as == "corrected spelling" and rows[0].drug == "Ocrevus"
    assert rows[1].candidates == ["Procrit"] and rows[1].message.startswith("Did you mean Procrit?")
    assert rows[2].message.startswith("Not in these documents.") and rows[2].drug is None
    assert rows[4].message == "no drug or code in this row"


def test_blank_lines_and_ragged_rows_are_kept(checker: Checker) -> None:
    text = "Drug,Chair\r\n\r\nKeytruda\r\n,\r\nZolgensma,2,extra\r\n\r\n"
    rows = check(checker, text)
    assert [r.status for r in rows] == ["blank", "auth-needed", "blank", "auth-needed", "blank"]
    assert rows[3].columns == {"Chair": "2", "column 3": "extra"}


def test_delimiters_encodings_and_stray_quotes(checker: Checker) -> None:
    assert read_table("drug;chair\nKeytruda;1\n").delimiter == ";"
    assert read_table("Keytruda\n", "schedule.tsv").delimiter == "\t"
    assert decode("Drug\nKeytruda\n".encode("utf-8-sig")) == "Drug\nKeytruda\n"
    assert decode(b"drug\nR\xe9mi\n") == "drug\nRémi\n"  # Windows-1252, not a crash
    rows = check(checker, 'drug\n"Keytruda\nOpdivo"\nKey"truda\n\0Zolgensma\n')
    assert len(rows) == 3 and all(r.status in STATUSES for r in rows)


def test_ten_thousand_rows_keep_every_row_and_one_status_each(checker: Checker) -> None:
    cells = ["Keytruda", "j-9271", "ocrevis", "procardia", "foobarzine", "", "J3490", "Zolgensma", "Q5103", "x"]
    rng = random.Random(15)
    picked = [rng.choice(cells) for _ in range(10_000)]
    text = "Time,Drug\n" + "".join(f"{i},{c}\n" for i, c in enumerate(picked))
    rows = check(checker, text)
    assert len(rows) == 10_000
    assert [r.row for r in rows] == list(range(1, 10_001))
    assert [r.input for r in rows] == picked
    assert all(r.status in STATUSES for r in rows)
    summary = summarize(rows)
    assert sum(summary.statuses.values()) == 10_000


def test_the_summary_counts_rows_by_status_and_prior_auth_by_whom(checker: Checker) -> None:
    rows = check(checker, "drug\nKeytruda\nOpdivo\nZolgensma\nRemicade\nfoobarzine\nprocardia\n\n")
    summary = summarize(rows)
    # Remicade's row leads with the site-of-care coverage policy, as `ask` does.
    assert summary.rows == 7 and summary.statuses["auth-needed"] == 3
    assert summary.auth_needed_by == {"eviCore": 2, "Gene Therapy Program": 1}
    assert summary.text == (
        "7 rows: 3 need prior auth — 2 eviCore, 1 Gene Therapy Program; 1 site-of-care review; "
        "1 not in these documents; 1 look-alike names to confirm; 1 blank"
    )


def test_an_unknown_drug_is_never_said_to_need_nothing(checker: Checker) -> None:
    from tests.conftest import NEVER_SAY

    for row in check(checker, "drug\nfoobarzine\nAspirin\nInjectafer\n"):
        assert row.status in {"not-found", "unreadable", "did-you-mean"}
        assert not any(phrase in row.message.lower() for phrase in NEVER_SAY)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30), max_size=15))
def test_any_file_gets_one_row_per_record_and_one_status_each(checker: Checker, cells: list[str]) -> None:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows([[c] for c in cells])
    text = out.getvalue()
    table = read_table(text)
    rows = list(checker.check_table(table))
    records = len(list(csv.reader(io.StringIO(text, newline=""), strict=False)))
    assert len(rows) == records - table.has_header
    assert all(r.status in STATUSES for r in rows)


@pytest.mark.parametrize(
    "first_line",
    ["Remicade infusion,08:00", "Infusion chair 3,Keytruda", "Ocrevus therapy,1", "J9271 product,x"],
)
def test_a_first_line_that_is_data_is_a_row_even_with_header_words(checker: Checker, first_line: str) -> None:
    from schedule_check.checker import read_schedule

    table = read_schedule(checker.engine, f"{first_line}\nZolgensma,2\n")
    assert not table.has_header and len(table.rows) == 2


def test_any_bytes_are_read_into_rows_as_wide_as_the_columns() -> None:
    from hypothesis import given as given_

    @settings(max_examples=60, deadline=None)
    @given_(st.binary(max_size=300))
    def check_bytes(data: bytes) -> None:
        table = read_table(decode(data))
        assert all(len(r) == len(table.columns) for r in table.rows)

    check_bytes()
