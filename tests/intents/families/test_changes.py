"""'What changed?' answered from the previous edition the documents folder keeps in history/, citing
both editions; without a history, those words change nothing."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase, load
from tests.support import editions as ed
from tests.support.editions import FROZEN, drill_edition

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    directory = tmp_path_factory.mktemp("with-history")
    drill_edition(directory)
    shutil.copytree(FROZEN, directory / "history", ignore=shutil.ignore_patterns("README.md"))
    return Engine(kb=load(directory), today=TODAY)


def test_what_changed_in_the_sco_list(engine: Engine) -> None:
    a = engine.ask("what changed in the SCO list?")
    assert a.intent == "changes" and a.status == "answered"
    assert "2 rows added (BRIUMVI, LEQEMBI)" in a.headline and "1 row removed (Aduhelm)" in a.headline
    assert f"phone {ed.OLD_PHONE} → {ed.NEW_PHONE}" in a.headline
    assert f"the {ed.OLD_DATE} edition is replaced by the {ed.NEW_DATE} edition" in a.headline
    # Both editions are cited: the old phone line from history/, the new one from the folder.
    phone = next(s for s in a.statements if ed.NEW_PHONE in s.summary)
    old, new = phone.citations
    assert "/history/" in old.file and "/history/" not in new.file
    assert ed.OLD_PHONE in old.text and ed.NEW_PHONE in new.text


def test_was_a_drug_removed(engine: Engine) -> None:
    a = engine.ask("was Aduhelm removed?")
    assert a.headline.startswith("Removed from the SCO site-of-care list: Aduhelm [J0712]")
    texts = [c.text for c in a.citations]
    assert ed.SCO_REMOVED in texts and ed.NEW_DATE in texts


def test_a_drug_no_list_names_any_more_is_found_in_the_previous_edition(engine: Engine) -> None:
    a = engine.ask("was zanosar removed from evicore?")
    assert a.intent == "changes" and "ZANOSAR [J9320] is in the previous edition" in a.headline


def test_a_changed_row_cites_both_lines(engine: Engine) -> None:
    a = engine.ask("did tysabri change?")
    (statement,) = a.statements
    assert "codes J2323 → J2324" in statement.summary
    assert [c.text for c in statement.citations] == [ed.SCO_CODE_CHANGED[0], ed.SCO_CODE_CHANGED[1]]


def test_without_a_history_the_words_are_read_as_before(kb: KnowledgeBase) -> None:
    assert kb.history is None
    a = Engine(kb=kb, today=TODAY).ask("was Aduhelm removed?")
    assert a.intent != "changes" and a.findings
