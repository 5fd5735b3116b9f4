"""Every passage of prose is citable and has the questions people ask about it (questions.toml), each
anchored to its text; the thesaurus is checked too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge.asked import QUESTIONS_NAME, THESAURUS_NAME
from knowledge.kb import KnowledgeBase, check
from knowledge.manifest import sources_dir
from knowledge.passages import squashed
from tests.support import editions as ed
from tests.support.editions import FROZEN, Edition


@pytest.mark.parametrize("folder", [FROZEN, sources_dir()], ids=["frozen", "live"])
def test_every_passage_of_every_document_has_questions(folder: Path) -> None:
    kb, problems = check(folder, strict=True)
    assert problems == []
    assert kb is not None and len(kb.passages) > 60
    asked = {a.passage for a in kb.asked}
    assert [p.id for p in kb.passages if p.id not in asked] == []
    assert {p.source for p in kb.passages} == set(kb.sources)  # all five documents have prose


def test_a_passage_is_its_lines_verbatim(kb: KnowledgeBase) -> None:
    for passage in kb.passages:
        lines = (FROZEN / Path(passage.citations[0].file).name).read_text(encoding="utf-8").split("\n")
        assert all(lines[c.line - 1] == c.text for c in (*passage.citations, *passage.context))
        assert squashed(passage.text) in squashed(" ".join(c.text for c in passage.citations))


def test_prose_kinds_are_passages_and_rows_headings_and_placeholders_are_not(kb: KnowledgeBase) -> None:
    texts = [p.text for p in kb.passages]
    assert any(t.startswith("* Indicates a drug with dual indications") for t in texts)  # a legend
    assert any(t.startswith("3. Drug is listed on both SCO and SCO+") for t in texts)  # a footnote
    assert any(t.startswith("No. A REMS-certified provider") for t in texts)  # an FAQ answer
    assert "• Home infusion" in texts  # a bullet
    rows = {(x.citation.source, x.citation.line) for x in kb.listings}
    assert not any((p.source, c.line) in rows for p in kb.passages for c in p.citations)
    assert not any(re.search(r"<\w+>|\t", t) for t in texts)
    assert "What this means for you" not in texts and "May 2022" not in texts


def test_a_footer_printed_on_every_page_is_one_passage(kb: KnowledgeBase) -> None:
    footers = [p for p in kb.passages if p.text.startswith("All Cigna products") and p.source == "sco_2022"]
    assert len(footers) == 1 and footers[0].citations[0].line == 39


def test_a_faq_answer_carries_its_question_and_a_bullet_its_lead_in(kb: KnowledgeBase) -> None:
    by_id = {p.id: p for p in kb.passages}
    assert by_id["gene_cellular_2024:70"].context[0].text.startswith("3. Are all providers who have a Risk")
    assert [c.line for c in by_id["site_of_care_policy:35"].context] == [33]


def test_the_anchor_names_the_sentence_that_leads(kb: KnowledgeBase) -> None:
    minutes = next(a for a in kb.asked if "two to five minutes" in a.anchor)
    assert minutes.sentence.endswith("within two to five minutes.")
    assert minutes.passage == "evicore_oncology_2017:33"


def test_a_reworded_passage_fails_the_check_until_its_questions_are_anchored_again(tmp_path: Path) -> None:
    e = Edition(tmp_path)
    e.replace(ed.EVICORE, "within two to five minutes", "within a few minutes")
    kb, problems = check(tmp_path)
    assert kb is None
    assert problems  # one line per entry anchored there, naming the anchor and the document
    assert all(
        p.endswith("anchor 'within two to five minutes' matches no passage of evicore_oncology_2017") for p in problems
    ), problems
    questions = tmp_path / QUESTIONS_NAME
    questions.write_text(questions.read_text().replace("within two to five minutes", "within a few minutes"))
    assert check(tmp_path, strict=True)[1] == []


def test_strict_fails_on_a_passage_nobody_asks_about(tmp_path: Path) -> None:
    Edition(tmp_path)
    questions = tmp_path / QUESTIONS_NAME
    text = questions.read_text(encoding="utf-8")
    anchor = re.escape('anchor = "Drug is listed on both SCO and SCO+ drug list."')
    entry = re.search(r"\[\[sco_2022\]\]\n" + anchor + r"\n.*?\]\n", text, re.S)
    assert entry is not None
    questions.write_text(text.replace(entry.group(0), ""), encoding="utf-8")
    assert check(tmp_path)[1] == []  # a missing entry is a gap, not an error, without --strict
    kb, problems = check(tmp_path, strict=True)
    assert kb is None
    assert problems == [
        "questions.toml: no questions for passage sco_2022:264 ('3. Drug is listed on both SCO and SCO+ drug list.')"
    ]


def test_an_anchor_that_matches_two_passages_is_a_problem(tmp_path: Path) -> None:
    Edition(tmp_path)
    questions = tmp_path / QUESTIONS_NAME
    questions.write_text(
        questions.read_text(encoding="utf-8") + '\n[[site_of_care_policy]]\nanchor = "may not be all-inclusive"\n'
        'asked = ["is it complete"]\n',
        encoding="utf-8",
    )
    _, problems = check(tmp_path)
    assert len(problems) == 1 and "matches 2 passages" in problems[0]


def test_a_word_in_two_thesaurus_groups_is_a_problem(tmp_path: Path) -> None:
    Edition(tmp_path)
    thesaurus = tmp_path / THESAURUS_NAME
    thesaurus.write_text(thesaurus.read_text(encoding="utf-8") + 'again = ["pt"]\n', encoding="utf-8")
    _, problems = check(tmp_path)
    assert problems == ["thesaurus.toml: 'pt' is in both 'patient' and 'again'"]
