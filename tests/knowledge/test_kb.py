"""Linking rows across documents into drugs, and the look-ups the answer layer uses."""

from __future__ import annotations

import pytest

from knowledge.kb import KnowledgeBase
from knowledge.show import show


def one(kb: KnowledgeBase, name: str):
    drugs = kb.drugs_named(name)
    assert len(drugs) == 1, (name, [d.name for d in drugs])
    return drugs[0]


def test_every_drug_has_a_listing(kb: KnowledgeBase) -> None:
    assert all(d.listings for d in kb.drugs.values())
    assert len(kb.drugs) > 300


@pytest.mark.parametrize("spelling", ["GAMUNEX®C", "Gamunex® C", "Gamunex-C", "gamunex c"])
def test_one_drug_whatever_the_spelling(kb: KnowledgeBase, spelling: str) -> None:
    drug = one(kb, spelling)
    assert {x.program for x in drug.listings} == {"sco", "site_of_care_policy", "home_infusion"}


def test_a_row_naming_two_brands_belongs_to_both(kb: KnowledgeBase) -> None:
    procrit, epogen = one(kb, "Procrit"), one(kb, "Epogen")
    sco_row = next(x for x in procrit.listings if x.program == "sco")
    assert sco_row.citation.line == 212 and sco_row in epogen.listings
    assert "PROCRI" in procrit.aliases


def test_lupron_depot_and_its_pediatric_form(kb: KnowledgeBase) -> None:
    lupron, ped = one(kb, "Lupron Depot"), one(kb, "Lupron Depot-PED")
    assert lupron.id != ped.id
    assert {x.program for x in lupron.listings} >= {"evicore_oncology", "sco_plus", "sco", "site_of_care_policy"}


def test_home_infusion_links_by_code_and_never_by_an_unclassified_code(kb: KnowledgeBase) -> None:
    assert [x.citation.line for x in one(kb, "Ocrevus").listings_for("home_infusion")] == [60]
    assert [x.citation.line for x in one(kb, "Remicade").listings_for("home_infusion")] == [54]
    for name in ("Apretude", "Leqvio", "Tecentriq", "Sustol", "Kebilidi"):
        assert not one(kb, name).listings_for("home_infusion"), name


def test_a_code_two_drugs_share_links_a_row_by_the_route_it_prints(kb: KnowledgeBase) -> None:
    # The policy files J1602 under Simponi (SQ) and Simponi Aria (IV); 'Golimumab For Iv Use' is the IV one.
    assert [x.citation.line for x in one(kb, "Simponi Aria").listings_for("home_infusion")] == [50]
    assert not one(kb, "Simponi").listings_for("home_infusion")


def test_multi_word_names_stay_distinct(kb: KnowledgeBase) -> None:
    assert one(kb, "Simponi").id != one(kb, "Simponi Aria").id
    assert one(kb, "Darzalex").id != one(kb, "Darzalex Faspro").id
    assert not one(kb, "Darzalex Faspro").listings_for("evicore_oncology")
    assert one(kb, "Herceptin").id != one(kb, "Herceptin Hylecta").id


def test_conflicts_between_documents_are_kept_with_both_sources(kb: KnowledgeBase) -> None:
    tecentriq = one(kb, "Tecentriq")
    assert {"J3490", "J9022"} <= set(tecentriq.codes)
    kanuma = one(kb, "Kanuma")
    assert {"J2804", "J2840"} <= set(kanuma.codes)
    avastin_sco_plus = one(kb, "Avastin").listings_for("sco_plus")[0]
    assert avastin_sco_plus.codes == ("J9305",)


def test_a_code_table_row_goes_to_the_drug_its_code_belongs_to(kb: KnowledgeBase) -> None:
    # The policy prints 'J3380 Injection, vedolizumab (Vpriv )': the code and the generic are Entyvio's.
    assert "J3380" in one(kb, "Entyvio").codes
    assert "J3380" not in one(kb, "Vpriv").codes


def test_programs_expose_their_contacts(kb: KnowledgeBase) -> None:
    def values(program: str, field: str) -> set[str]:
        return {getattr(c, field).value for c in kb.contacts(program) if getattr(c, field)}

    assert "1.866.668.9250" in values("evicore_oncology", "phone")
    assert "7:00 a.m. – 10:00 p.m. EST, Monday - Friday" in values("evicore_oncology", "hours")
    assert values("sco", "phone") == values("sco_plus", "phone") == {"877.865.6492"}
    assert values("gene_therapy", "phone") == {"855.678.0051"}
    assert values("gene_therapy", "fax") == {"833.910.1625"}
    assert values("gene_therapy", "email") == {"GeneTherapyProgram@CignaHealthcare.com"}
    assert values("cellular_therapy", "phone") == {"800.668.9682"}
    assert values("cellular_therapy", "fax") == {"877.598.2484"}
    assert values("cellular_therapy", "email") == {"LifeSOURCECustomerService@Cigna.com"}
    assert [c.phone.value for c in kb.general_contacts if c.phone] == ["1.800.88Cigna (882.4462)"]


def test_codes_know_what_is_unclassified(kb: KnowledgeBase) -> None:
    assert kb.codes["J3490"].unclassified and kb.codes["J9999"].unclassified
    assert not kb.codes["J9271"].unclassified
    assert {d.name for d in kb.drugs_with_code("J0897")} == {"Prolia", "Xgeva"}
    # Drugs the documents file under an unclassified code are known, but not linked through it.
    assert {"Sustol", "Tecentriq", "Apretude"} <= {d.name for d in kb.drugs_with_code("J3490")}


def test_kb_show_ocrevus_lists_its_rows(kb: KnowledgeBase) -> None:
    text = show(kb, "ocrevus")
    assert "[sco]" in text and "[site_of_care_policy]" in text and "[home_infusion]" in text
    assert "home-infusion-precert-codes.txt:60" in text
    assert "sco-site-of-care-drug-list-2022-05.txt:199" in text


def test_kb_show_a_code_lists_its_drugs(kb: KnowledgeBase) -> None:
    text = show(kb, "J0897")
    assert "drug: Prolia" in text and "drug: Xgeva" in text


def test_kb_show_tecentriq_shows_both_codes_with_sources(kb: KnowledgeBase) -> None:
    text = show(kb, "tecentriq")
    assert "J3490" in text and "J9022" in text
    assert "evicore-oncology-precert-2017-11.txt:88" in text
    assert "sco-site-of-care-drug-list-2022-05.txt:93" in text


def test_kb_show_unknown(kb: KnowledgeBase) -> None:
    assert show(kb, "humira").startswith("Nothing")
