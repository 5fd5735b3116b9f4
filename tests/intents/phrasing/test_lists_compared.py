"""Two lists compared, computed from the rows: the drugs on both, or the first list's drugs the second
lacks, counted and each cited; and a marker said to mark every row of its list, counted against them."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


def members(kb: KnowledgeBase, program: str) -> set[str]:
    return {d.name for d in kb.drugs.values() if d.listings_for(program)}


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        ("which sco+ drugs arent on the sco list too", "sco_plus", "sco"),
        ("drugs on sco+ but not sco", "sco_plus", "sco"),
        ("which SCO drugs are not on home infusion", "sco", "home_infusion"),
    ],
)
def test_the_first_lists_drugs_the_second_lacks_are_counted(
    engine: Engine, kb: KnowledgeBase, question: str, first: str, second: str
) -> None:
    answer = engine.ask(question)
    lacking = members(kb, first) - members(kb, second)
    assert answer.intent == "lists_overlap"
    assert answer.headline.startswith(f"{len(lacking)} of the {len(members(kb, first))} drugs of the")
    named = sorted(lacking, key=str.lower)[0]
    assert named in answer.headline
    cited = {(c.file, c.line) for c in answer.citations}
    assert all(
        (x.citation.file, x.citation.line) in cited for d in kb.drugs_named(named) for x in d.listings_for(first)
    )


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        ("what drugs are on both the evicore list and sco+", "evicore_oncology", "sco_plus"),
        ("which home infusion drugs are also on the sco list", "home_infusion", "sco"),
        ("is there any overlap between the sco and sco+ lists", "sco", "sco_plus"),
    ],
)
def test_the_drugs_two_lists_share_are_counted(
    engine: Engine, kb: KnowledgeBase, question: str, first: str, second: str
) -> None:
    shared = members(kb, first) & members(kb, second)
    assert engine.ask(question).headline.startswith(f"{len(shared)} drugs are on both the")


def test_two_lists_sharing_nothing_say_so(engine: Engine) -> None:
    answer = engine.ask("any drugs in common between gene therapy and cellular therapy")
    assert answer.headline.startswith("No drug is on both the Gene Therapy Program")


@pytest.mark.parametrize(
    "question", ["embarc applies to all the gene therapies right?", "every gene therapy has embarc correct"]
)
def test_a_marker_said_to_mark_every_row_is_counted_against_them(
    engine: Engine, kb: KnowledgeBase, question: str
) -> None:
    rows = [x for x in kb.listings if x.program == "gene_therapy"]
    unmarked = [x for x in rows if not any(n.symbol == "2" for n in x.notes)]
    answer = engine.ask(question)
    assert answer.text.startswith("Not what the documents say — footnote 2 of the Gene Therapy Program")
    assert f"marks {len(rows) - len(unmarked)} of its {len(rows)} rows" in answer.headline
    assert all(x.names[0] in answer.headline for x in unmarked)


@pytest.mark.parametrize(
    "question", ["sco drugs not on the policy list?", "which SCO meds aren't in the site of care policy"]
)
def test_the_coverage_policy_is_named_by_its_everyday_names(engine: Engine, kb: KnowledgeBase, question: str) -> None:
    answer = engine.ask(question)
    lacking = members(kb, "sco") - members(kb, "site_of_care_policy")
    assert answer.intent == "lists_overlap"
    assert answer.headline.startswith(f"{len(lacking)} of the")
