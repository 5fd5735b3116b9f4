"""knowledge/parsers/base.py's Document on its own: line numbers as any editor shows them (what every
citation rests on), anchors that must find exactly one line, and each problem `kb check` lists named
with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.models import Citation, Note
from knowledge.parsers.base import Document, SourceFormatError

LINES = ("Title", "May 2022", "J1234\tDrug A", "a row printing May 2022 too", "", "last")


def document(lines: tuple[str, ...] = LINES) -> Document:
    return Document("doc", "doc.txt", lines, "sources/doc.txt")


def test_a_document_is_read_with_its_lines_numbered_as_an_editor_numbers_them(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_bytes("first\nsecond\nthird é\n".encode())
    doc = Document.read("doc", "doc.txt", tmp_path)
    assert (doc.source_id, doc.file_name) == ("doc", "doc.txt")
    assert doc.lines == ("first", "second", "third é", "")  # the last line break ends an empty line
    assert doc.path.endswith("doc.txt")
    assert doc.cite(3) == Citation(source="doc", file=doc.path, line=3, text="third é")


def test_numbered_is_one_based_from_start_to_before_stop() -> None:
    doc = document()
    assert list(doc.numbered())[:2] == [(1, "Title"), (2, "May 2022")]
    assert [n for n, _ in doc.numbered()] == [1, 2, 3, 4, 5, 6]
    assert [n for n, _ in doc.numbered(0)] == [1, 2, 3, 4, 5, 6]  # no line 0
    assert [n for n, _ in doc.numbered(2, 4)] == [2, 3]


def test_find_is_the_first_line_at_or_after_start_and_fails_loudly() -> None:
    doc = document()
    assert doc.find("Title") == 1  # from the first line on
    assert doc.find("May 2022") == 2
    assert doc.find("May 2022", start=3) == 4
    with pytest.raises(SourceFormatError, match=r"^doc\.txt: no line contains 'absent'$"):
        doc.find("absent")


def test_find_one_says_when_an_anchor_matches_more_than_one_line() -> None:
    doc = document()
    assert doc.find_one("Drug A") == 3 and doc.problems == []
    assert doc.find_one("May 2022") == 2
    assert doc.problems == ["doc.txt:4: anchor 'May 2022' matches 2 lines (2, 4)"]
    with pytest.raises(SourceFormatError, match=r"^doc\.txt: no line contains 'absent'$"):
        doc.find_one("absent")


def test_find_line_prefers_the_line_that_is_exactly_the_anchor() -> None:
    doc = document()
    assert doc.find_line(" May 2022 ") == 2 and doc.problems == []
    assert doc.find_line("Drug A") == 3


def test_each_problem_names_its_file_and_line() -> None:
    doc = document()
    doc.problem(3, "odd")
    doc.problem(None, "whole file")
    doc.problem(0, "no line")
    doc.unparsed_row(3, "  J1234 " + "x" * 100 + "  ")
    doc.require(4, "drug name", "")
    doc.require(5, "code", "J1234")  # printed: no problem
    assert doc.problems == [
        "doc.txt:3: odd",
        "doc.txt: whole file",
        "doc.txt: no line",
        f"doc.txt:3: looks like a table row but does not parse: {('J1234 ' + 'x' * 74)!r}",
        "doc.txt:4: empty drug name",
    ]


def test_markers_are_read_through_their_legends_each_once() -> None:
    doc = document()
    star = Note(symbol="*", meaning="dual indication", citation=doc.cite(1))
    dagger = Note(symbol="†", meaning="other", citation=doc.cite(2))
    doc.notes = {"*": star, "†": dagger}
    assert doc.notes_for(["*", "?", "*", "†"], 3) == (star, dagger)  # an unknown marker doesn't end the row
    assert doc.problems == ["doc.txt:3: marker '?' has no legend"]


def test_cells_split_on_tabs_or_two_spaces_never_one() -> None:
    assert document().cells("J1234\tDrug A  IV") == ["J1234", "Drug A", "IV"]
