"""What answers say: sourced verdicts, absence as absence, readings, dates and contacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from intents.answer import Answer
from intents.engine import Engine
from tests.conftest import NEVER_SAY

ROOT = Path(__file__).resolve().parents[2]


def all_citations(answer: Answer):
    yield from answer.citations
    for f in answer.findings:
        yield from f.citations
    for c in answer.contacts:
        yield c.citation


def assert_verbatim(answer: Answer) -> None:
    for c in all_citations(answer):
        lines = (ROOT / c.file).read_text(encoding="utf-8").split("\n")
        assert lines[c.line - 1] == c.text


def finding(answer: Answer, drug: str, program: str):
    (f,) = [f for f in answer.findings if f.drug == drug and f.program == program]
    return f


def test_an_evicore_answer_cites_its_row_and_brings_the_contact(engine: Engine) -> None:
    a = engine.ask("does Keytruda need eviCore precert?")
    assert a.status == "answered" and [d.name for d in a.drugs] == ["Keytruda"]
    f = finding(a, "Keytruda", "evicore_oncology")
    assert f.listed and [c.line for c in f.citations] == [164]
    assert any(c.phone == "1.866.668.9250" and c.hours for c in a.contacts)
    assert "November 2017" in a.text and "confirm against Cigna's current list" in a.text
    assert "SCO+" in a.text  # listed elsewhere too, and said so
    assert_verbatim(a)


def test_absence_from_one_list_is_said_as_exactly_that(engine: Engine) -> None:
    a = engine.ask("is Remicade on the eviCore list?")
    f = finding(a, "Remicade", "evicore_oncology")
    assert not f.listed and f.citations == []
    assert "not on the eviCore oncology precert list" in a.text
    assert "home infusion" in a.text  # where it is listed
    assert not any(p in a.text.lower() for p in NEVER_SAY)


@pytest.mark.parametrize("question", ["does Humira need precert", "Entresto precert?", "Tylenol", "J1234"])
def test_unknown_is_not_found_and_never_no_precert(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status == "not_found" and a.drugs == []
    # Each name is a finding of its own, "not-found", never on a list, with a number to call.
    assert a.findings and all(f.status == "not-found" and not f.listed and f.program is None for f in a.findings)
    assert all(f.contact is not None and f.contact.phone for f in a.findings)
    assert "loaded documents" in a.text
    assert not any(p in a.text.lower() for p in NEVER_SAY)


def test_a_corrected_name_says_what_was_read(engine: Engine) -> None:
    a = engine.ask("is home infusion allowed for ocrevis")
    assert a.readings == ["I read “ocrevis” as Ocrevus."]
    assert a.drugs[0].match.method in ("fuzzy", "phonetic") and a.drugs[0].match.text == "ocrevis"
    # The verdict leads; what the name was read as is said right under it.
    # ('allowed' asks permission: the documents' answer is that it needs prior authorization first.)
    lead = "Not without prior authorization — Ocrevus:"
    assert a.text.startswith(lead) and "I read “ocrevis” as Ocrevus." in a.text.split("\n")[:3]


def test_a_close_call_asks_back(engine: Engine) -> None:
    a = engine.ask("tecarta prior auth")
    assert a.status == "clarify" and a.drugs == [] and len(a.candidates) >= 2
    assert all(c.hcpcs for c in a.candidates)
    assert "Did you mean" in a.text


@pytest.mark.parametrize(
    "question, words",
    [
        ("Actemra - eviCore or Cigna?", "non-oncology"),
        ("Firmagon evicore", "pharmacy benefit"),
        ("Emend eviCore?", "01/01/2018"),
        ("Zynteglo", "Embarc"),
        ("Libtayo", "specialty pharmacy"),
        ("Ocrevus home infusion", "Commercial"),
    ],
)
def test_markers_and_footnotes_are_explained_in_words(engine: Engine, question: str, words: str) -> None:
    a = engine.ask(question)
    assert words in a.text
    assert_verbatim(a)


def test_gene_therapy_answer_gives_phone_fax_and_email(engine: Engine) -> None:
    a = engine.ask("who do I call for Zolgensma PA, and the fax?")
    (contact,) = [c for c in a.contacts if c.program == "gene_therapy"]
    assert (contact.phone, contact.fax) == ("855.678.0051", "833.910.1625")
    assert a.text.startswith("Gene Therapy Program team: phone 855.678.0051, fax 833.910.1625")
    assert finding(a, "Zolgensma", "gene_therapy").listed


def test_site_of_care_reports_all_three_programs(engine: Engine) -> None:
    a = engine.ask("is Tysabri subject to site of care redirection")
    assert {(f.program, f.listed) for f in a.findings} == {
        ("sco", True),
        ("sco_plus", False),
        ("site_of_care_policy", True),
    }
    assert any(c.phone == "877.865.6492" for c in a.contacts)


def test_a_code_answers_with_its_drugs(engine: Engine) -> None:
    a = engine.ask("J0897")
    assert {d.name for d in a.drugs} == {"Prolia", "Xgeva"}
    assert all(d.match.method == "code" for d in a.drugs)


def test_an_unclassified_code_names_no_drug(engine: Engine) -> None:
    a = engine.ask("J3490")
    assert a.status == "answered" and a.drugs == []
    assert "unclassified" in a.text and "Tecentriq" in a.text
    assert_verbatim(a)


def test_conflicting_codes_are_shown_with_both_sources(engine: Engine) -> None:
    a = engine.ask("what is the HCPCS code for Tecentriq")
    assert "J3490" in a.headline and "J9022" in a.headline and "different codes" in a.headline


def test_dates_come_from_the_rows(engine: Engine) -> None:
    a = engine.ask("when was Ocrevus added to the SCO list")
    assert "January 2018" in a.headline


def test_policy_answer_cites_the_policy(engine: Engine) -> None:
    a = engine.ask("is there a transition period for patients moving from hospital outpatient")
    assert "30-day" in a.text
    assert {c.file.rsplit("/", 1)[-1] for s in a.statements for c in s.citations} >= {
        "sco-site-of-care-drug-list-2022-05.txt",
        "site-of-care-coverage-policy.txt",
    }
    assert_verbatim(a)


def test_contract_fields(engine: Engine) -> None:
    data = engine.ask("J9271").contract()
    assert {"question", "intent", "status", "drugs", "findings", "contacts", "candidates", "text"} <= set(data)
    # Citations name the file relative to the repository root (here the frozen copy the tests read).
    assert data["findings"][0]["citations"][0]["file"] == "tests/fixtures/sources/evicore-oncology-precert-2017-11.txt"


def test_a_drug_no_document_names_is_said_beside_the_ones_answered(engine: Engine) -> None:
    a = engine.ask("keytruda and humira evicore")
    assert [d.name for d in a.drugs] == ["Keytruda"]
    assert "“humira”: not found in the loaded documents." in a.headline
    assert not any(p in a.text.lower() for p in NEVER_SAY)


def test_an_unknown_word_after_a_name_is_not_silently_dropped(engine: Engine) -> None:
    # 'Opdivo Qvantig' is another product than the Opdivo the documents list: asked back, never answered
    # as Opdivo (its 'Yes' would be about a product not asked).
    a = engine.ask("opdivo qvantig precert")
    assert a.status == "clarify" and not a.drugs
    assert [c.name for c in a.candidates] == ["Opdivo"] and "opdivo qvantig" in a.headline


def test_a_generic_shared_by_biosimilars_answers_for_each_of_them(engine: Engine) -> None:
    a = engine.ask("trastuzumab sco")
    names = {d.name for d in a.drugs}
    assert {"Herceptin", "Herzuma", "Kanjinti", "Ogivri", "Ontruzant", "Trazimera"} <= names
    assert not names & {"Kadcyla", "Enhertu"}  # other molecules that merely contain the word
    assert len([r for r in a.readings if r.startswith("“trastuzumab” is the generic name of")]) == 1


def test_a_word_several_brands_begin_with_is_asked_about(engine: Engine) -> None:
    a = engine.ask("lupron evicore")
    assert a.status == "clarify"
    assert [c.name for c in a.candidates] == ["Lupron Depot", "Lupron Depot-PED"]


def test_a_dual_indication_drug_is_evicore_for_oncology_only_in_the_verdict_itself(engine: Engine) -> None:
    a = engine.ask("prolia - evicore or cigna?")
    assert a.headline.startswith("Prolia: for oncology indications, precert through eviCore, call 1.866.668.9250")
    assert "non-oncology indications go to Cigna" in a.headline


def test_a_dual_indication_drug_asked_for_its_other_use_is_cignas(engine: Engine) -> None:
    a = engine.ask("prolia for osteoporosis - evicore or cigna?")
    assert a.headline.startswith("Prolia: for the use asked about, Cigna, not eviCore")
    assert "1.866.668.9250" not in a.headline and "1.800.88Cigna" in a.headline


def test_a_contact_field_no_document_prints_is_said_to_be_missing(engine: Engine) -> None:
    a = engine.ask("evicore fax")
    assert a.headline.startswith("The documents print no fax number for Integrated Oncology Management Program")
    assert "1.866.668.9250" in a.headline  # and what they do print instead


def test_a_code_only_one_list_prints_for_a_drug_is_said_to_be_disputed(engine: Engine) -> None:
    a = engine.ask("J9305")
    assert "The documents disagree on Avastin's code: J9305 on the SCO+ site-of-care list" in a.headline
    assert "Alimta" in a.headline


def test_a_date_question_about_a_list_gives_its_document_date_and_what_was_added_that_year(engine: Engine) -> None:
    policy = engine.ask("when was the site of care policy updated")
    # The edition's printed date leads, said as Cigna's edition (rule 4).
    assert policy.headline.startswith("The site-of-care coverage policy is Cigna's edition “Medication Administration")
    assert "undated" in policy.headline and "May 2022" not in policy.headline
    added = engine.ask("what was added to sco+ in 2022")
    assert "Added in 2022 (4): Herceptin Hylecta (April 2022" in added.headline
    assert {s.citations[0].line for s in added.statements[:4]} == {64, 78, 85, 108}
    assert_verbatim(added)


def test_an_unlisted_drug_asked_about_evicore_gets_the_letters_rule_for_unlisted_chemotherapy(engine: Engine) -> None:
    a = engine.ask("methotrexate evicore")
    assert a.status == "not_found" and [(f.drug, f.status) for f in a.findings] == [("methotrexate", "not-found")]
    assert any("all chemotherapy medications" in s.summary for s in a.statements)
    assert not any(p in a.text.lower() for p in NEVER_SAY)


@pytest.mark.parametrize(
    ("question", "lines"),
    [
        ("is TPN covered for home infusion?", {137, 138, 139, 140, 141}),
        ("factor viii home infusion", None),
        ("alpha-1 home infusion", None),
    ],
)
def test_a_service_the_home_infusion_list_describes_is_answered_from_its_rows(
    engine: Engine, question: str, lines: set[int] | None
) -> None:
    a = engine.ask(question)
    assert a.intent == "home_infusion_service" and a.status == "answered"
    cited = {c.line for s in a.statements for c in s.citations}
    assert cited and (lines is None or cited == lines)
    assert all(s.citations[0].file.endswith("home-infusion-precert-codes.txt") for s in a.statements)
    assert_verbatim(a)


def test_an_ordinary_word_in_a_description_is_not_a_home_infusion_question_by_itself(engine: Engine) -> None:
    assert engine.ask("what is the total").intent != "home_infusion_service"


def test_a_pasted_page_of_unknown_words_is_answered_in_a_few_lines(engine: Engine) -> None:
    words = " ".join(f"zq{'x' * (i % 7)}{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(600))
    a = engine.ask(words)
    assert a.status == "not_found"
    assert "more words" in a.headline and len(a.headline) < 400
    assert len(a.notes) < 10


def test_an_unclassified_code_says_what_its_own_rows_require_first(engine: Engine) -> None:
    a = engine.ask("J7999")
    assert a.headline.startswith("J7999 is an unclassified (not otherwise classified) code")
    assert "The home infusion precert list prints it as “Compounded Drug, Noc”: Precert through Cigna." in a.headline


@pytest.mark.parametrize("question", ["denosumab-bbdz", "tocilizumab-aazg home infusion", "trastuzumab-strf"])
def test_a_biosimilar_no_document_names_is_not_found_not_its_originator(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status == "not_found" and a.drugs == [] and a.candidates == []
    assert [f.status for f in a.findings] == ["not-found"] and a.findings[0].program is None


def test_a_name_inside_a_longer_name_is_another_product_not_a_typo(engine: Engine) -> None:
    # Zaltrap is ziv-aflibercept; aflibercept (Eylea) is on no list.
    assert engine.ask("aflibercept").status == "not_found"


def test_a_cut_short_name_is_still_asked_about(engine: Engine) -> None:
    a = engine.ask("ritux evicore")
    assert a.status == "clarify" and "Rituxan" in [c.name for c in a.candidates]


def test_a_comma_separated_list_names_the_unknown_drug_in_the_verdict(engine: Engine) -> None:
    a = engine.ask("keytruda, humira, and stelara - which need precert")
    assert [d.name for d in a.drugs] == ["Keytruda", "Stelara"]
    assert "“humira”: not found in the loaded documents." in a.headline and a.readings == []


@pytest.mark.parametrize(
    "question", ["keytruda asap pls", "keytruda precert with evicor", "is it true that keytruda doesnt need precert?"]
)
def test_chat_shorthand_and_mistyped_question_words_are_not_unknown_drugs(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert [d.name for d in a.drugs] == ["Keytruda"] and "not found" not in a.headline and a.readings == []


def test_full_width_letters_read_as_letters(engine: Engine) -> None:
    assert [d.name for d in engine.ask("ｋｅｙｔｒｕｄａ").drugs] == ["Keytruda"]


def test_two_codes_one_list_prints_are_not_a_disagreement(engine: Engine) -> None:
    assert "disagree" not in engine.ask("J1950").headline  # Lupron Depot's two strengths, both on SCO+
    assert "different codes" not in engine.ask("lupron depot code").headline
    assert "different codes" in engine.ask("avastin j code").headline


def test_a_pharmacy_benefit_only_drug_is_not_said_to_need_an_evicore_precert(engine: Engine) -> None:
    a = engine.ask("lupron depot evicore")
    assert a.headline.startswith(
        "Lupron Depot: authorization under the pharmacy benefit only (on the eviCore oncology precert list, marked **)"
    )
    assert "yes" not in a.headline and "1.866.668.9250" not in a.headline  # no eviCore precert to call for


def test_the_rows_a_marker_picks_out_are_listed_with_the_legend_cited(engine: Engine) -> None:
    a = engine.ask("which evicore drugs are pharmacy benefit only")
    assert a.intent == "marked_rows"
    assert a.headline.startswith("4 rows of the eviCore oncology precert list are marked **")
    legend, *rows = a.statements
    assert legend.citations[0].text.startswith("** Indicates a drug requiring authorization under Pharmacy benefit")
    assert len(rows) == 4 and all("**" in s.citations[0].text for s in rows)
    assert_verbatim(a)


def test_a_drug_name_that_begins_with_a_description_word_is_not_a_service(engine: Engine) -> None:
    assert engine.ask("Injectafer precert").status == "not_found"  # not the rows that say 'inject'
    assert engine.ask("anticoagulation at home").intent == "home_infusion_service"  # 'HIT Cont Anticoag Diem'


def test_a_sound_alike_that_is_several_keystrokes_off_is_asked_about_not_answered(engine: Engine) -> None:
    # Procardia (nifedipine) sounds like Procrit; it is another drug.
    a = engine.ask("does procardia need precert")
    assert a.status == "clarify" and [c.name for c in a.candidates] == ["Procrit"] and a.drugs == []


def test_a_mistyped_biosimilar_suffix_is_still_that_biosimilar(engine: Engine) -> None:
    assert [d.name for d in engine.ask("is trastuzumab-yqyp on the sco list").drugs] == ["Trazimera"]


@pytest.mark.parametrize(
    "question", ["c1 estetase inhibitor (recombinant) prior auth?", "does infuse-bone need precert"]
)
def test_description_words_never_stand_in_for_a_drug_name(engine: Engine, question: str) -> None:
    assert engine.ask(question).intent != "home_infusion_service"


def test_a_month_and_year_lists_that_months_additions_first(engine: Engine) -> None:
    a = engine.ask("what was added to SCO in March 2019?")
    assert a.headline.startswith("Added in March 2019 (6): Crysvita (SCO site-of-care list)")
    assert "July 2019" not in a.headline  # not the whole year
    assert engine.ask("what was added to SCO in August 2019?").headline.startswith(
        "No row of these lists says it was added in August 2019."
    )
