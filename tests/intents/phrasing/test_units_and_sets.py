"""Billing units are quoted from the rows and said; sets of rows picked out by what they lack are
computed from the rows, counted and cited."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.families.billing_units import printed_unit


@pytest.mark.parametrize(
    ("description", "unit"),
    [
        ("Injection, ocrelizumab (Ocrevus), 1 mg", "1 mg"),
        ("Inf, Imm Glob Bivigam, 500Mg", "500Mg"),
        ("Inj, Afstyla, 1 I.U.", "1 I.U"),
        ("Factor Ix Complex", None),
    ],
)
def test_the_unit_is_read_from_the_description(description: str, unit: str | None) -> None:
    assert printed_unit(description) == unit


def test_the_billing_unit_is_said_and_its_line_cited(engine: Engine, kb) -> None:
    answer = engine.ask("what unit do we bill Entyvio in?")
    described = kb.codes["J3380"].descriptions
    unit = next(u for d in described if (u := printed_unit(d.value)))
    assert answer.headline.startswith(f"J3380 (Entyvio) is billed per {unit}")
    assert {(d.citation.file, d.citation.line) for d in described} & {(c.file, c.line) for c in answer.citations}


@pytest.mark.parametrize(("asked", "verdict"), [("1 mg", "Yes — "), ("5 mg", "Not what the documents print")])
def test_an_amount_asked_about_is_confirmed_or_corrected(engine: Engine, asked: str, verdict: str) -> None:
    assert engine.ask(f"is J2350 billed per {asked}?").headline.startswith(verdict)


def test_a_drug_with_no_code_has_no_unit(engine: Engine) -> None:
    answer = engine.ask("billing units for Ibrance?")
    assert answer.headline.startswith("The documents print no code, so no billing unit, for Ibrance")


def test_rows_without_a_product_specific_code_are_computed_and_counted(engine: Engine, kb) -> None:
    answer = engine.ask("what gene therapies lack their own HCPCS code?")
    rows = [x for x in kb.listings if x.program == "gene_therapy"]
    picked = [x for x in rows if x.codes and all(kb.codes[c].unclassified for c in x.codes)]
    assert answer.intent == "rows_lacking"
    assert answer.headline.startswith(f"{len(picked)} of the {len(rows)} rows of the Gene Therapy Program")
    assert all(x.names[0] in answer.headline for x in picked)
    assert {x.citation.line for x in picked} <= {c.line for c in answer.citations}


def test_rows_without_a_marker_are_the_complement_of_the_marked(engine: Engine, kb) -> None:
    answer = engine.ask("which gene therapies aren't eligible for Embarc?")
    rows = [x for x in kb.listings if x.program == "gene_therapy"]
    unmarked = [x.names[0] for x in rows if not any(n.symbol == "2" for n in x.notes)]
    assert answer.headline.startswith(f"{len(unmarked)} of the {len(rows)} rows")
    assert all(name in answer.headline for name in unmarked)
    assert "Zolgensma" not in answer.headline


def test_a_marker_named_by_its_symbol_on_a_named_list(engine: Engine, kb) -> None:
    rows = [x for x in kb.listings if x.program == "sco_plus"]
    unmarked = [x for x in rows if not any(n.symbol == "4" for n in x.notes)]
    answer = engine.ask("which SCO+ drugs don't have footnote 4?")
    assert answer.headline.startswith(f"{len(unmarked)} of the {len(rows)} rows of the SCO+ site-of-care list")
    assert engine.ask("which SCO+ drugs don't have footnote 9?").headline.startswith("No row of the SCO+")


def test_what_drugs_treat_is_not_printed_and_is_said_so_with_the_rows_printing_the_word(engine: Engine, kb) -> None:
    answer = engine.ask("which home infusion products are for hemophilia?")
    printing = [x for x in kb.listings if x.program == "home_infusion" and "hemophil" in (x.description or "").lower()]
    assert answer.headline.startswith("The documents don't print what each drug treats")
    assert f"({len(printing)})" in answer.headline
    assert {x.citation.line for x in printing} <= {c.line for c in answer.citations}
    assert "never mention" not in answer.text


def test_a_condition_no_row_prints_is_not_answered_with_rows(engine: Engine) -> None:
    answer = engine.ask("which gene therapies treat sickle cell disease?")
    assert answer.status == "out_of_scope" and not answer.statements
    assert "never mention" not in answer.text
