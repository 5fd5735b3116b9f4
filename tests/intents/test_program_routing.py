"""Whose team answers: the drug's own listing decides the team, the contact and the lead; a program word
in the question only refines it; a marker's other use goes where its legend says; a site-of-care
question is answered yes by any of the site-of-care lists."""

from __future__ import annotations

import pytest

from intents.answer import Answer
from intents.engine import Engine
from knowledge.kb import KnowledgeBase


def first_sentence(a: Answer) -> str:
    return a.headline.split(". ")[0]


def phones(a: Answer) -> set[str]:
    return {c.phone for c in a.contacts if c.phone}


def team_phone(kb: KnowledgeBase, program: str) -> str:
    return next(c.phone.value for c in kb.contacts(program) if c.phone)


@pytest.mark.parametrize(
    ("question", "drug", "own", "other"),
    [
        ("Luxturna cell therapy - number to call?", "Luxturna", "gene_therapy", "cellular_therapy"),
        ("Hemgenix for hemophilia, the cellular therapy phone?", "Hemgenix", "gene_therapy", "cellular_therapy"),
        ("who do I call about Yescarta gene therapy auth", "Yescarta", "cellular_therapy", "gene_therapy"),
        ("Breyanzi - gene therapy program? precert phone", "Breyanzi", "cellular_therapy", "gene_therapy"),
    ],
)
def test_a_sibling_program_word_never_brings_its_team(
    engine: Engine, kb: KnowledgeBase, question: str, drug: str, own: str, other: str
) -> None:
    a = engine.ask(question)
    assert [d.name for d in a.drugs] == [drug]
    assert team_phone(kb, own) in phones(a)
    assert team_phone(kb, other) not in phones(a)
    assert team_phone(kb, own) in first_sentence(a)
    # The word asked about is still answered: the drug is not on that list.
    assert any(f.program == other and not f.listed for f in a.findings)


def test_a_sibling_program_word_without_a_contact_question_leads_with_the_own_program(engine: Engine) -> None:
    a = engine.ask("is Roctavian a cellular therapy?")
    assert a.findings[0].program == "gene_therapy" and a.findings[0].listed
    assert "Gene Therapy Program" in first_sentence(a)


def test_a_program_of_another_document_is_still_answered_as_asked(engine: Engine, kb: KnowledgeBase) -> None:
    """'Ocrevus evicore' asks about a different document's list: that list's miss leads."""
    a = engine.ask("does Ocrevus need evicore precert?")
    assert a.findings[0].program == "evicore_oncology" and not a.findings[0].listed


def sco_plus_only(kb: KnowledgeBase) -> list[str]:
    return sorted(d.name for d in kb.drugs.values() if d.listings_for("sco_plus") and not d.listings_for("sco"))


def test_every_sco_plus_only_drug_asked_about_site_of_care_leads_with_the_yes(
    engine: Engine, kb: KnowledgeBase
) -> None:
    names = sco_plus_only(kb)
    assert len(names) > 5
    sco = team_phone(kb, "sco")
    for name in names:
        a = engine.ask(f"where can we infuse {name}? site of care rules")
        lead = first_sentence(a)
        assert "site-of-care review" in lead and "SCO+" in lead and sco in lead, (name, lead)
        assert not lead.split(": ", 1)[1].startswith("not on"), (name, lead)


def test_a_drug_on_no_site_of_care_list_still_leads_with_the_miss(engine: Engine) -> None:
    a = engine.ask("Zolgensma site of care?")
    assert "not on the" in first_sentence(a)


@pytest.mark.parametrize(
    "question",
    [
        "Aranesp for anemia of CKD - does eviCore handle it?",
        "Somatuline Depot, not for cancer (acromegaly) - who authorizes?",
        "epogen dialysis patient precert number",
        "Avastin for macular degeneration - evicore?",
    ],
)
def test_a_dual_indication_drug_for_its_other_use_goes_to_cigna(
    engine: Engine, kb: KnowledgeBase, question: str
) -> None:
    a = engine.ask(question)
    lead = first_sentence(a)
    cigna = next(c.phone.value for c in kb.general_contacts if c.phone)
    # Led by the verdict, or (asked for a number) by Cigna's number, the verdict right after it.
    assert "Cigna, not eviCore" in lead or cigna in lead, lead
    assert "Cigna, not eviCore" in a.headline and "non-oncology" in a.headline
    evicore = team_phone(kb, "evicore_oncology")
    assert evicore not in phones(a) and evicore not in a.headline
    f = next(f for f in a.findings if f.program == "evicore_oncology")
    assert f.status == "auth-needed-oncology" and f.through == "cigna"
    # The legend line is quoted verbatim and cited.
    assert any("non-oncology" in c.text and c.text.startswith("*") for c in a.citations)


def test_a_dual_indication_drug_with_no_use_named_is_evicore_for_oncology(engine: Engine, kb: KnowledgeBase) -> None:
    a = engine.ask("Aranesp - does eviCore handle it?")
    f = next(f for f in a.findings if f.program == "evicore_oncology")
    assert f.through == "evicore" and team_phone(kb, "evicore_oncology") in first_sentence(a)


@pytest.mark.parametrize(
    ("question", "named", "owner"),
    [
        ("Remicade billed as J1745? site of care", "Remicade", None),
        ("Simponi Aria under J1745 - site of care?", "Simponi Aria", "Remicade"),
        ("Gazyva J9312 evicore", "Gazyva", "Rituxan"),
    ],
)
def test_a_mismatched_code_keeps_the_named_drugs_verdict_first(
    engine: Engine, question: str, named: str, owner: str | None
) -> None:
    a = engine.ask(question)
    assert a.headline.removeprefix("Yes — ").startswith(f"{named}:")  # a yes/no question leads with its yes
    if owner:
        assert owner in a.headline.split(". ", 1)[1]


def marked_and_not(kb: KnowledgeBase, program: str, symbol: str) -> tuple[list[str], list[str]]:
    on = [d for d in kb.drugs.values() if d.listings_for(program)]
    marked = [d.name for d in on if any(n.symbol == symbol for x in d.listings_for(program) for n in x.notes)]
    return sorted(marked), sorted(d.name for d in on if d.name not in marked)


def test_a_footnote_is_said_to_apply_only_to_the_rows_it_marks(engine: Engine, kb: KnowledgeBase) -> None:
    marked, unmarked = marked_and_not(kb, "gene_therapy", "2")
    assert marked and unmarked
    for name in unmarked:
        a = engine.ask(f"Embarc benefit protection eligible - {name}?")
        assert f"{name}’s row on the Gene Therapy Program is not marked 2" in a.headline, name
        assert all(m in a.headline for m in marked)  # which rows are
        assert any(c.line == 33 and "Embarc" in c.text for c in a.citations)  # the legend line, cited
    for name in marked[:3]:
        a = engine.ask(f"Embarc benefit protection eligible - {name}?")
        assert "not marked" not in a.headline
        assert any("Embarc" in s.summary for s in a.legend)


def test_a_drug_of_a_sibling_list_is_said_not_to_carry_the_footnote(engine: Engine) -> None:
    a = engine.ask("would Embarc cover Carvykti?")
    assert "Carvykti is not on the Gene Therapy Program: footnote 2" in a.headline
    assert "800.668.9682" in a.headline  # its own program's team


def test_an_unmarked_row_is_not_said_to_be_pharmacy_benefit_only(engine: Engine) -> None:
    a = engine.ask("is Kyprolis pharmacy benefit only?")
    assert "Kyprolis’s row on the eviCore oncology precert list is not marked **" in a.headline


def test_a_list_that_prints_no_number_says_so_before_the_general_line(engine: Engine, kb: KnowledgeBase) -> None:
    a = engine.ask("Soliris infusion at home - precert?")
    lead = first_sentence(a)
    general = next(c.phone.value for c in kb.general_contacts if c.phone)
    assert "prints no phone number" in lead and lead.index("prints no phone number") < lead.index(general)
    # The age note is about the list the answer rests on, not the letter that only prints the number.
    assert not any("eviCore" in n for n in a.notes)
    assert any(s.id == "evicore_oncology_2017" for s in a.sources)  # still named, with its date


def test_a_policy_line_that_answers_brings_its_own_documents_team(engine: Engine, kb: KnowledgeBase) -> None:
    a = engine.ask("can a deleted code be reimbursed?")
    assert a.citations[0].source == "site_of_care_policy"
    assert team_phone(kb, "gene_therapy") not in phones(a)
    assert team_phone(kb, "sco") in phones(a)


def test_rows_that_read_the_same_are_said_once(engine: Engine, kb: KnowledgeBase) -> None:
    twice = [
        (d, p)
        for d in kb.drugs.values()
        for p in d.programs()
        if len({(x.codes, x.route) for x in d.listings_for(p)}) < len(d.listings_for(p))
    ]
    assert twice
    for drug, program in twice:
        a = engine.ask(f"{drug.codes[0] if drug.codes else drug.name} prior auth?")
        details = [f.detail for f in a.findings if f.program == program and f.detail]
        assert details, (drug.name, program, a.findings)  # the list is answered, so its rows are said
        for detail in details:
            parts = detail.split(": ", 1)[1].split("; ")
            assert len(parts) == len(set(parts)), detail


def test_a_site_of_care_verdict_keeps_the_date_added(engine: Engine, kb: KnowledgeBase) -> None:
    names = sco_plus_only(kb)[:5]
    assert len(names) == 5
    for name in names:
        drug = next(d for d in kb.drugs.values() if d.name == name)
        added = next(x.date_added for x in drug.listings_for("sco_plus") if x.date_added)
        assert f"added {added}" in first_sentence(engine.ask(f"{name} - site of care?")), name
