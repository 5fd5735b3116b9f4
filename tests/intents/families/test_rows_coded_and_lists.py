"""Sets computed from the rows in a biller's words: the rows with a product-specific code (of the letter
asked), one list's drugs on no other list, the drugs on more than one list, and counts over all lists."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase


def specific(kb: KnowledgeBase, program: str, letter: str = "") -> list[str]:
    return [
        x.names[0]
        for x in kb.listings
        if x.program == program
        and any(c in kb.codes and not kb.codes[c].unclassified and c.startswith(letter) for c in x.codes)
    ]


@pytest.mark.parametrize(
    ("question", "program", "letter"),
    [
        ("which gene therapies have a J code", "gene_therapy", "J"),
        ("which gene therapy products have product specific codes", "gene_therapy", ""),
        ("which cellular therapies have their own code", "cellular_therapy", ""),
    ],
)
def test_the_rows_with_a_product_specific_code_are_counted_with_their_codes(
    engine: Engine, kb: KnowledgeBase, question: str, program: str, letter: str
) -> None:
    names = specific(kb, program, letter)
    answer = engine.ask(question)
    assert answer.intent == "rows_coded"
    assert answer.headline.startswith(f"{len(names)} of the ")
    assert all(name in answer.headline for name in names)


def test_without_a_code_is_still_the_rows_lacking_one(engine: Engine) -> None:
    assert engine.ask("which gene therapies have no code").intent == "rows_lacking"


def test_one_lists_drugs_on_no_other_list(engine: Engine, kb: KnowledgeBase) -> None:
    answer = engine.ask("drugs only on the SCO list")
    alone = [d.name for d in kb.drugs.values() if d.programs() == ["sco"]]
    assert answer.intent == "lists_exclusive"
    assert answer.headline.startswith(f"{len(alone)} of the ")
    assert all(name in answer.headline for name in alone)


def test_the_drugs_on_more_than_one_list(engine: Engine, kb: KnowledgeBase) -> None:
    several = [d for d in kb.drugs.values() if len(d.programs()) > 1]
    answer = engine.ask("how many drugs are on more than one list")
    assert answer.intent == "lists_several" and answer.headline.startswith(f"{len(several)} drugs are on more than one")
    assert engine.ask("how many lists are there").intent != "lists_several"


def test_a_count_over_all_lists_totals_the_rows(engine: Engine, kb: KnowledgeBase) -> None:
    answer = engine.ask("total drugs across all lists")
    assert answer.intent == "row_count_all"
    assert f"print {len(kb.listings)} rows" in answer.headline
    assert all(kb.program(p).short in answer.headline for p in kb.program_ids)


@pytest.mark.parametrize("question", ["# of drugs on sco+", "number of drugs on the sco+ list"])
def test_a_count_typed_with_a_sign_is_a_count(engine: Engine, question: str) -> None:
    assert engine.ask(question).intent == "row_count"


def test_the_route_injection_as_printed(engine: Engine, kb: KnowledgeBase) -> None:
    rows = [x for x in kb.listings if x.program == "evicore_oncology" and x.route == "INJECTION"]
    answer = engine.ask("which evicore drugs are given by injection")
    assert answer.intent == "rows_by_route" and answer.headline.startswith(f"{len(rows)} of the ")


def test_how_many_need_prior_auth_with_no_list_named_counts_every_list(engine: Engine, kb: KnowledgeBase) -> None:
    answer = engine.ask("how many drugs need prior auth")
    assert answer.intent == "row_count_all" and f"print {len(kb.listings)} rows" in answer.headline


@pytest.mark.parametrize(
    ("question", "program", "code"),
    [
        ("how many gene therapies are billed under J3590?", "gene_therapy", "J3590"),
        ("which car-t therapies use J9999", "cellular_therapy", "J9999"),
        ("number of sco drugs with code J3490", "sco", "J3490"),
    ],
)
def test_the_rows_of_a_named_list_that_print_a_code_are_counted(
    engine: Engine, kb: KnowledgeBase, question: str, program: str, code: str
) -> None:
    answer = engine.ask(question)
    rows = [x for x in kb.listings if x.program == program]
    picked = [x for x in rows if code in x.codes]
    assert answer.intent == "rows_with_code"
    assert f"{len(picked)} of the {len(rows)} rows of the {kb.program(program).short} print {code}" in answer.headline
    assert all(x.names[0] in answer.headline for x in picked)


def test_a_yes_no_of_a_code_on_a_list_is_not_a_count(engine: Engine) -> None:
    assert engine.ask("is J3590 on the gene therapy list?").intent != "rows_with_code"
