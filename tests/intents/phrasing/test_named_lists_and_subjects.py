"""A yes only the list named holds; a contact asked by its subject or its address; shorthand of the clinic
and the EHR (#19 kinds 4, 5, 7, whom to call) — phrasings of our own."""

from __future__ import annotations

import pytest

from intents.engine import Engine


def first_sentence(text: str) -> str:
    return text.split(". ")[0]


@pytest.mark.parametrize(
    ("question", "own"),
    [
        ("would cigna count Yescarta as a gene therapy?", "Advanced Cellular Therapy Program"),
        ("is Hemgenix classified as a cellular therapy", "Gene Therapy Program"),
    ],
)
def test_a_drug_asked_to_be_on_another_list_is_told_no_and_where(engine: Engine, question: str, own: str) -> None:
    answer = engine.ask(question)
    assert answer.text.startswith("No — ")
    assert own in first_sentence(answer.text)


def test_a_requirement_asked_of_the_wrong_list_is_never_a_yes_nor_a_no(engine: Engine) -> None:
    answer = engine.ask("does Tecartus need gene therapy precert?")
    assert not answer.text.startswith(("Yes", "No"))
    assert "Advanced Cellular Therapy Program" in first_sentence(answer.text)


@pytest.mark.parametrize(
    "question",
    [
        "is Elevidys one of the gene therapies cigna manages?",
        "is Carvykti considered a cellular therapy by cigna?",
        "does Ocrevus fall under site of care?",
        "pls advise re: site of care for Actemra",
        "do we need a precert for Entyvio at the pt's house?",
        "payer cigna | drug natalizumab | pos 22 | auth?",
        "does Xolair need sco reveiw",
    ],
)
def test_a_yes_in_the_words_people_type(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Yes")


@pytest.mark.parametrize(
    "question",
    [
        "keytruda and yervoy together - one precert or two?",
        "do Opdivo and Yervoy need 2 auths?",
    ],
)
def test_how_many_requests_is_never_answered_yes(engine: Engine, question: str) -> None:
    assert "yes —" not in engine.ask(question).text.lower()


def test_a_plan_type_the_rows_do_not_print_takes_the_yes_away(engine: Engine) -> None:
    answer = engine.ask("does our medicare advantage pt need home infusion precert for Benlysta?")
    assert not answer.text.lower().startswith("yes")
    assert "Commercial" in answer.headline


def test_a_team_whose_list_lacks_the_drug_is_not_given(engine: Engine, kb) -> None:
    answer = engine.ask("Zynlonta is on the gene therapy list so we call the gene team?")
    assert kb.contacts("gene_therapy")[0].phone.value not in answer.text
    assert kb.contacts("sco")[0].phone.value in answer.text


def test_a_subject_with_no_program_asks_its_desk(engine: Engine, kb) -> None:
    answer = engine.ask("chemo auth fax #?")
    assert kb.contacts("gene_therapy")[0].fax.value not in answer.text
    assert kb.contacts("cellular_therapy")[0].fax.value not in answer.text
    assert kb.contacts("evicore_oncology")[0].phone.value in answer.text


def test_an_email_address_asserted_as_another_teams_is_corrected(engine: Engine, kb) -> None:
    gene = kb.contacts("gene_therapy")[0].email.value
    answer = engine.ask(f"the CAR-T team's email is {gene.lower()}, right?")
    assert answer.text.startswith("No — ")
    assert kb.contacts("cellular_therapy")[0].email.value in answer.text


def test_a_newer_edition_is_never_assumed(engine: Engine) -> None:
    answer = engine.ask("is there a more recent SCO drug list than the 2022 one?")
    assert not answer.text.startswith(("Yes", "No"))
    assert "May 2022" in answer.headline


@pytest.mark.parametrize(("typed", "drug"), [("cell tx # ?", None), ("abraxan evicore", "Abraxane")])
def test_clinic_shorthand_and_a_name_cut_short(engine: Engine, kb, typed: str, drug: str | None) -> None:
    answer = engine.ask(typed)
    assert answer.status == "answered"
    if drug:
        assert [d.name for d in answer.drugs] == [drug]
    else:
        assert kb.contacts("cellular_therapy")[0].phone.value in answer.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("does Opdivo need home infusion and evicore precert?", "home infusion precert list: not on it"),
        ("is Entyvio on SCO and SCO+?", "SCO+ site-of-care list: not on it"),
        ("is Luxturna both a gene therapy and a CAR-T?", "Advanced Cellular Therapy Program: not on it"),
        ("Tecartus - gene therapy or cell therapy?", "Gene Therapy Program: not on it"),
    ],
)
def test_two_lists_asked_at_once_are_each_answered_never_one_yes(engine: Engine, question: str, said: str) -> None:
    answer = engine.ask(question)
    assert "yes —" not in answer.text.lower()
    assert said in first_sentence(answer.text)


@pytest.mark.parametrize(
    "question",
    ["is Luxturna a gene therapy according to cigna", "J9271 pembrolizumab x 200 units - cigna precert?"],
)
def test_who_says_it_and_an_amount_billed_leave_the_yes(engine: Engine, question: str) -> None:
    assert engine.ask(question).text.startswith("Yes — ")


def test_a_use_sent_elsewhere_by_its_marker_is_confirmed_when_asserted(engine: Engine) -> None:
    answer = engine.ask("Xgeva for osteoporosis goes to Cigna and not eviCore, correct?")
    assert answer.text.startswith("Not what the documents say")  # (Xgeva carries no dual-use marker)
    answer = engine.ask("Prolia for osteoporosis is sent to cigna rather than evicore, right?")
    assert answer.text.startswith("Correct — ")
