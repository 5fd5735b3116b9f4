"""Invariants of the live documents folder (PRECERT_SOURCES, else the packaged one): they hold for
any edition, so a new edition changes no test here. Exact counts and lines are pinned on the frozen
copy (tests/fixtures/sources), not on these."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.kb import KnowledgeBase, check
from tests.conftest import LIVE_SOURCES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def live() -> KnowledgeBase:
    kb, problems = check(LIVE_SOURCES)
    assert problems == [], problems  # `kb check` passes
    assert kb is not None
    return kb


def test_every_program_has_rows_and_every_document_a_date_line(live: KnowledgeBase) -> None:
    rows = live.stats()["programs"]
    assert set(rows) == set(live.program_ids) and all(rows.values())
    assert all(s.date_citation is not None for s in live.sources.values())


def test_every_citation_is_its_line_verbatim(live: KnowledgeBase) -> None:
    # Relative paths are the repository's (the packaged folder); a folder elsewhere is cited absolutely.
    citations = [c for x in live.listings for c in (x.citation, *x.extra_citations, *(n.citation for n in x.notes))]
    citations += [c for p in live.programs.values() for r in p.rules for c in r.citations]
    citations += [c for p in live.programs.values() for contact in p.contacts for c in contact.citations()]
    # Every row cites its line, and every program its rules and contacts: never a vacuous pass.
    assert len(citations) >= len(live.listings) + len(live.programs)
    files: dict[str, list[str]] = {}
    for c in citations:
        lines = files.setdefault(c.file, (ROOT / c.file).read_text(encoding="utf-8").split("\n"))
        assert lines[c.line - 1] == c.text, f"{c.file}:{c.line}"


def test_every_drug_has_a_row_and_a_name(live: KnowledgeBase) -> None:
    assert live.drugs and all(d.listings and d.name for d in live.drugs.values())
