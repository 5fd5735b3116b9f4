"""Every table row becomes one listing, citing its own line verbatim."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from knowledge.kb import KnowledgeBase, KnowledgeError, load
from tests.conftest import FROZEN_SOURCES, shared_path

ROOT = Path(__file__).resolve().parents[2]

# Counted by hand from the documents (rows per table, header and page-footer lines excluded):
# eviCore 20+39+40+41+38 across five pages; SCO+ 13+20+7; SCO 10+19+19+19+19+19; the policy's drug
# list 132 entries (10 wrap onto a second line) and its code table 135 rows (J9999's two bullets are
# one row); home infusion 32+41+41+17 (the repeated header rows are not rows).
TABLE_ROWS = {
    ("evicore_oncology", "Oncology drugs requiring precertification through eviCore"): 178,
    ("sco_plus", "SCO+ injectables"): 40,
    ("sco", "SCO injectables"): 105,
    ("site_of_care_policy", "Enhanced Specialty Care Options drug list"): 132,
    ("site_of_care_policy", "Coding/Billing information"): 135,
    ("home_infusion", "Home Infusion Therapy procedure codes"): 131,
    ("gene_therapy", "Gene therapies"): 14,
    ("cellular_therapy", "Advanced cellular therapies"): 9,
}


def test_every_table_has_its_hand_counted_rows(kb: KnowledgeBase) -> None:
    assert Counter((x.program, x.table) for x in kb.listings) == TABLE_ROWS


def test_stats_report_rows_per_program(kb: KnowledgeBase) -> None:
    assert kb.stats()["programs"] == {
        "evicore_oncology": 178,
        "sco_plus": 40,
        "sco": 105,
        "site_of_care_policy": 267,
        "home_infusion": 131,
        "gene_therapy": 14,
        "cellular_therapy": 9,
    }


def _all_citations(kb: KnowledgeBase):
    for x in kb.listings:
        yield x.citation
        yield from x.extra_citations
        for note in x.notes:
            yield note.citation
    for program in kb.programs.values():
        for contact in program.contacts:
            yield from contact.citations()
        for rule in program.rules:
            yield from rule.citations
    for source in kb.sources.values():
        if source.date_citation:
            yield source.date_citation


def test_every_citation_is_the_line_verbatim(kb: KnowledgeBase) -> None:
    files: dict[str, list[str]] = {}
    checked = 0
    for c in _all_citations(kb):
        lines = files.setdefault(c.file, (ROOT / c.file).read_text(encoding="utf-8").split("\n"))
        assert lines[c.line - 1] == c.text, f"{c.file}:{c.line}"
        checked += 1
    assert checked > 600


def test_the_frozen_sources_are_byte_for_byte_copies() -> None:
    originals = sorted(shared_path("sources").glob("*.txt"))
    assert len(originals) == len(list(FROZEN_SOURCES.glob("*.txt")))
    for original in originals:
        assert (FROZEN_SOURCES / original.name).read_bytes() == original.read_bytes()


def test_markers_and_footnotes_are_decoded(kb: KnowledgeBase) -> None:
    by_line = {(x.citation.file.rsplit("/", 1)[-1], x.citation.line): x for x in kb.listings}
    azacitidine = by_line[("evicore-oncology-precert-2017-11.txt", 103)]
    assert [n.symbol for n in azacitidine.notes] == ["*", "***"]
    assert azacitidine.names == ("AZACITIDINE",)
    enhertu = by_line[("sco-site-of-care-drug-list-2022-05.txt", 59)]
    assert [n.symbol for n in enhertu.notes] == ["1", "2", "4"]
    assert enhertu.names == ("ENHERTU",)
    zolgensma = by_line[("gene-cellular-therapy-programs-2024-11.txt", 28)]
    assert [n.symbol for n in zolgensma.notes] == ["2"]
    assert "Embarc" in zolgensma.notes[0].meaning


def test_home_infusion_rows_keep_their_oddities(kb: KnowledgeBase) -> None:
    rows = [x for x in kb.listings if x.program == "home_infusion"]
    moved = [x for x in rows if x.status_note]
    assert {x.codes[0] for x in moved} == {"B4105", "S9364", "S9365", "S9366", "S9367", "S9368"}
    assert all(x.requirement is None for x in moved)
    assert [x.citation.line for x in rows if not x.codes] == [124]
    assert all(x.line_of_business == "Commercial" for x in rows)


def test_wrapped_policy_entries_cite_their_first_line(kb: KnowledgeBase) -> None:
    darzalex = next(x for x in kb.listings if x.names == ("Darzalex Faspro",))
    assert darzalex.citation.line == 95
    assert [c.line for c in darzalex.extra_citations] == [96]
    assert darzalex.generic == "daratumumab and hyaluronidase-fihj"


def test_a_phone_the_document_no_longer_prints_fails_loudly(tmp_path: Path) -> None:
    shutil.copytree(FROZEN_SOURCES, tmp_path, dirs_exist_ok=True)
    broken = tmp_path / "evicore-oncology-precert-2017-11.txt"
    broken.write_text(broken.read_text(encoding="utf-8").replace("1.866.668.9250", "1.866.000.0000"), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"1\.866\.668\.9250"):
        load(directory=tmp_path)
