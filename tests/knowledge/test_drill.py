"""The drill: a new edition edited as an operator would get it loads with data changes only, `kb diff`
reports every change, answers come from it; and each way an edition used to fail silently is now a
line from `kb check`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.runtime.privacy import allow_phones_of, mask_identifiers
from intents.engine import Engine
from knowledge.diff import diff
from knowledge.kb import KnowledgeBase, check
from tests.support import editions as ed
from tests.support.editions import Edition, drill_edition

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def drilled(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    directory = tmp_path_factory.mktemp("edition")
    drill_edition(directory)
    kb, problems = check(directory)
    assert problems == []
    assert kb is not None
    return kb


def test_the_edition_loads_with_data_changes_only(drilled: KnowledgeBase, kb: KnowledgeBase) -> None:
    rows = drilled.stats()["programs"]
    before = kb.stats()["programs"]
    assert rows["sco"] == before["sco"] + 1  # two in, one out; the spaced row and the FAQ line lose none
    assert rows["evicore_oncology"] == before["evicore_oncology"]  # one out, one in
    assert rows["specialty_infusion"] == len(ed.SIXTH_ROWS)
    assert drilled.sources["sco_2022"].date_note == ed.NEW_DATE
    assert drilled.sources["sco_2022"].date_citation.text == ed.NEW_DATE


def test_kb_diff_reports_every_change(drilled: KnowledgeBase, kb: KnowledgeBase) -> None:
    d = diff(kb, drilled)
    added = {(r.program, r.label) for r in d.rows_added}
    assert {("sco", "BRIUMVI"), ("sco", "LEQEMBI"), ("evicore_oncology", "LIBTAYO")} <= added
    assert sum(r.program == "specialty_infusion" for r in d.rows_added) == len(ed.SIXTH_ROWS)
    assert {(r.program, r.label) for r in d.rows_removed} == {("sco", "Aduhelm"), ("evicore_oncology", "ZANOSAR")}
    changed = {(c.new.label, f.field, f.old, f.new) for c in d.rows_changed for f in c.fields}
    assert changed == {
        ("TYSABRI", "codes", "J2323", "J2324"),
        ("Ocrevus", "date_added", "January 2018", "February 2018"),
        ("KEYTRUDA", "markers", "", "****"),
        ("OPDIVO", "markers", "", "†"),
        ("DOXIL", "markers", "***", "** ***"),
    }
    assert [(c.field, c.old, c.new) for c in d.contacts_changed] == [("phone", ed.OLD_PHONE, ed.NEW_PHONE)]
    dates = {(c.id, c.old_date, c.new_date) for c in d.documents_changed}
    assert ("sco_2022", ed.OLD_DATE, ed.NEW_DATE) in dates
    assert ("specialty_infusion", None, "undated, CPT notice ©2023") in dates
    assert {x.name for x in d.drugs_new} == {"Briumvi", "Leqembi"}
    assert {x.name for x in d.drugs_gone} == {"Zanosar"}
    assert d.programs_new == ["specialty_infusion"]


def test_answers_come_from_the_new_edition(drilled: KnowledgeBase) -> None:
    engine = Engine(kb=drilled, today=TODAY)
    tysabri = engine.ask("is Tysabri on the SCO list?")
    sco = next(f for f in tysabri.findings if f.program == "sco")
    assert sco.listed and any("J2324" in c.text for c in sco.citations)
    assert ed.NEW_DATE in tysabri.text
    keytruda = engine.ask("does Keytruda need precert?")
    sixth = next(f for f in keytruda.findings if f.program == "specialty_infusion")
    assert sixth.listed and sixth.citations[0].file.endswith(ed.SIXTH)
    marked = next(f for f in keytruda.findings if f.program == "evicore_oncology")
    assert "added to the program in 2023" in marked.summary  # the new legend's own words
    # The sixth list is named by the words its manifest entry gives, with no code of its own.
    named = engine.ask("is Ocrevus on the specialty infusion list?")
    assert [(f.program, f.listed) for f in named.findings] == [("specialty_infusion", True)]
    phone = engine.ask("SCO phone number?")
    assert ed.NEW_PHONE in phone.text and ed.OLD_PHONE not in phone.text


def test_the_new_phone_is_not_masked(drilled: KnowledgeBase, kb: KnowledgeBase) -> None:
    try:
        allow_phones_of(drilled)
        assert mask_identifiers(f"is {ed.NEW_PHONE} right?") == f"is {ed.NEW_PHONE} right?"
    finally:
        allow_phones_of(kb)


def _date_anchor_finds_a_row(e: Edition) -> None:
    # A 2023 edition whose manifest still anchors 'May 2022': only Opdualag's row prints it now.
    e.replace(ed.SCO, f"\n{ed.OLD_DATE}\n", f"\n{ed.NEW_DATE}\n")


def _tabs_became_one_space(e: Edition) -> None:
    e.replace(ed.SCO, "J2357\tXolair®\tomalizumab\tMay 2017", "J2357 Xolair® omalizumab May 2017")


def _empty_generic(e: Edition) -> None:
    e.replace(ed.SCO, "J1300\tSOLIRIS®\teculizumab\tMay 2017", "J1300\tSOLIRIS®\t \tMay 2017")


def _marker_without_legend(e: Edition) -> None:
    e.replace(ed.EVICORE, "J9271\tKEYTRUDA\tPEMBROLIZUMAB", "J9271\t****KEYTRUDA\t****PEMBROLIZUMAB")


def _dagger_without_legend(e: Edition) -> None:
    e.replace(ed.EVICORE, "J9299\tOPDIVO\tNIVOLUMAB", "J9299\tOPDIVO†\tNIVOLUMAB")


def _count_contradicted(e: Edition) -> None:
    e.insert_after(ed.EVICORE, "J9271\tKEYTRUDA\tPEMBROLIZUMAB\tINTRAVENOUS", ed.EVICORE_IN)


def _duplicate_row(e: Edition) -> None:
    e.insert_after(ed.SCO, "J1300\tSOLIRIS®\teculizumab\tMay 2017", "J1300\tSOLIRIS®\teculizumab\tMay 2017")


def _table_emptied(e: Edition) -> None:
    heading = "SCO INJECTABLES ²\t\t\t\n"
    head, table = e.text(ed.SCO).split(heading, 1)
    columns, rows = table.split("\n", 1)
    kept = [line for line in rows.split("\n") if line.count("\t") != 3]  # every row of the SCO table goes
    (e.directory / ed.SCO).write_text(head + heading + columns + "\n" + "\n".join(kept), encoding="utf-8")


def _anchor_matches_twice(e: Edition) -> None:
    e.insert_after(ed.SCO, "Frequently asked questions", "", "Providers should call the SCO team with questions.")


def _legend_twice(e: Edition) -> None:
    e.insert_after(
        ed.EVICORE, "** Indicates a drug requiring authorization under Pharmacy benefit only.", "", "** Other."
    )


SILENT_FAILURES: list[tuple[Callable[[Edition], None], str]] = [
    (_date_anchor_finds_a_row, "finds a table row, not the document's date"),
    (_tabs_became_one_space, "looks like a table row but does not parse"),
    (_empty_generic, "empty generic name"),
    (_marker_without_legend, "marker '****' has no legend"),
    (_dagger_without_legend, "marker '†' has no legend"),
    (_count_contradicted, "the document says 53, but evicore_oncology has 54 rows marked ***"),
    (_duplicate_row, "duplicate row"),
    (_table_emptied, "the table of program sco has no rows"),
    (_anchor_matches_twice, "anchor 'Providers should call the SCO team' matches 2 lines"),
    (_legend_twice, "marker '**' has two legends"),
]


@pytest.mark.parametrize(("edit", "problem"), SILENT_FAILURES, ids=[f.__name__.strip("_") for f, _ in SILENT_FAILURES])
def test_kb_check_catches_each_silent_failure(tmp_path: Path, edit: Callable[[Edition], None], problem: str) -> None:
    edit(Edition(tmp_path))
    kb, problems = check(tmp_path)
    assert kb is None
    assert any(problem in p for p in problems), problems


def test_a_numbered_faq_line_loses_no_row(tmp_path: Path, kb: KnowledgeBase) -> None:
    Edition(tmp_path).insert_after(ed.SCO, "Frequently asked questions", "", ed.FAQ_LINE)
    edited, problems = check(tmp_path)
    assert problems == [] and edited is not None
    assert edited.stats()["programs"] == kb.stats()["programs"]


def test_every_problem_of_a_document_is_listed_not_just_the_first(tmp_path: Path) -> None:
    e = Edition(tmp_path)
    e.replace(ed.SCO, "Providers should call the SCO team", "Call the SCO team")  # a contact's anchor gone
    e.replace(ed.SCO, "one-time 30-day approval period", "one-time approval period")  # a rule's anchor gone
    e.replace(ed.SCO, "J1300\tSOLIRIS®\teculizumab\tMay 2017", "J1300\tSOLIRIS®\t \tMay 2017")
    kb, problems = check(tmp_path)
    assert kb is None
    # The questions people ask about the two reworded sentences no longer find them either (questions.toml).
    asked = [p for p in problems if p.startswith("questions.toml")]
    assert asked and all("matches no passage of sco_2022" in p for p in asked), asked
    problems = [p for p in problems if p not in asked]
    assert len(problems) == 3, problems
    assert "'Providers should call the SCO team'" in problems[0]
    assert "(rule sco_transition)" in problems[1]
    assert "empty generic name" in problems[2]
