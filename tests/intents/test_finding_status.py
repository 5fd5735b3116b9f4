"""The per-finding status: one closed vocabulary, assigned from the manifest, with whom to call."""

from __future__ import annotations

from datetime import date

import pytest

from intents.answer import FINDING_STATUSES, Answer
from intents.draft import first_contact, listing_status
from intents.engine import Engine
from knowledge.kb import load
from tests.support import editions as ed
from tests.support.editions import drill_edition


def only(answer: Answer, drug: str, program: str):
    hits = [f for f in answer.findings if f.drug == drug and f.program == program]
    assert len(hits) == 1, [(f.drug, f.program) for f in answer.findings]
    return hits[0]


@pytest.mark.parametrize(
    ("question", "drug", "program", "status", "through", "phone"),
    [
        (
            "does Keytruda need eviCore precert?",
            "Keytruda",
            "evicore_oncology",
            "auth-needed",
            "evicore",
            "1.866.668.9250",
        ),
        # '*': dual indication, eviCore for oncology indications only
        (
            "is Rituxan on the eviCore list?",
            "Rituxan",
            "evicore_oncology",
            "auth-needed-oncology",
            "evicore",
            "1.866.668.9250",
        ),
        # '**': pharmacy benefit only: no eviCore precert and no one to call for one
        ("is Zoladex on the eviCore list?", "Zoladex", "evicore_oncology", "pharmacy-benefit", None, None),
        ("is Tysabri subject to SCO?", "Tysabri", "sco", "site-of-care-review", "cigna", "877.865.6492"),
        # the home infusion list prints no phone: Cigna Customer Service, from the eviCore letter
        (
            "is home infusion allowed for Ocrevus?",
            "Ocrevus",
            "home_infusion",
            "auth-needed",
            "cigna",
            "1.800.88Cigna (882.4462)",
        ),
        ("who do I call for Zolgensma PA?", "Zolgensma", "gene_therapy", "auth-needed", "program_team", "855.678.0051"),
        (
            "does Kymriah go through the cellular therapy program?",
            "Kymriah",
            "cellular_therapy",
            "auth-needed",
            "program_team",
            "800.668.9682",
        ),
    ],
)
def test_a_listed_finding_says_its_status_whose_it_is_and_whom_to_call(
    engine: Engine, question: str, drug: str, program: str, status: str, through: str | None, phone: str | None
) -> None:
    a = engine.ask(question)
    f = only(a, drug, program)
    assert f.listed and f.status == status and f.through == through
    assert (f.contact.phone if f.contact else None) == phone
    if f.contact:  # the number to call is one of the answer's contacts, with its line
        assert f.contact in a.contacts and f.contact.citation.text.count(f.contact.phone.split(" ")[0]) == 1


def test_not_on_a_list_is_not_listed_never_no_auth(engine: Engine) -> None:
    f = only(engine.ask("is Remicade on the eviCore list?"), "Remicade", "evicore_oncology")
    assert (f.listed, f.status, f.through, f.contact) == (False, "not-listed", None, None)


def test_a_drug_with_rows_that_differ_takes_the_most_demanding(engine: Engine) -> None:
    # Azacitidine's eviCore row is marked * and ***: the dual indication decides who is asked.
    f = only(engine.ask("azacitidine evicore"), "Azacitidine", "evicore_oncology")
    assert f.status == "auth-needed-oncology"


def test_a_row_moved_to_another_program_says_so(engine: Engine) -> None:
    moved = [x for x in engine.kb.listings if x.status_note]
    assert moved and {listing_status(engine.kb, x) for x in moved} == {"moved"}


@pytest.mark.parametrize("status", ["not-listed", "pharmacy-benefit", "moved"])
def test_whom_to_call_is_nobody_where_there_is_no_prior_authorization_to_ask_for(engine: Engine, status: str) -> None:
    """Families that build findings from rows (code ranges) ask first_contact for any status: a list's
    team is the wrong desk for a drug it doesn't name, one it leaves to the pharmacy benefit, or one
    moved to another program."""
    for program in engine.kb.programs:
        assert first_contact(engine.kb, program, status) is None, program
    assert first_contact(engine.kb, None, status) is None
    assert first_contact(engine.kb, None, "not-found") is not None  # a name no document has: Cigna's line


@pytest.fixture(scope="module")
def drilled(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The drill edition: its sixth list prints a drug's row as moved (the frozen lists move only
    procedure codes, which name no drug)."""
    directory = tmp_path_factory.mktemp("edition")
    drill_edition(directory)
    return Engine(kb=load(directory), today=date(2026, 11, 23))


def test_a_drug_whose_row_moved_is_told_where_in_the_rows_words_with_nobody_to_call(drilled: Engine) -> None:
    a = drilled.ask("does soliris need precert on the specialty infusion list?")
    f = only(a, "Soliris", "specialty_infusion")
    # No prior authorization to ask this list for, so no number: the program it moved to is the lead.
    assert (f.status, f.through, f.contact) == ("moved", None, None)
    assert a.headline.startswith("Soliris: Moved to Home Health program. Also on: SCO site-of-care list"), a.headline
    assert [c.text for c in f.citations] == [ed.SIXTH_ROWS[2]]
    # Asked about every list, the moved row is one of the others, said the same way.
    lead = drilled.ask("J1300?").headline
    assert lead.startswith("J1300 is Soliris: site-of-care review"), lead
    assert lead.endswith("; Moved to Home Health program (specialty infusion precert list)."), lead


def test_every_finding_of_every_drug_is_in_the_vocabulary(engine: Engine) -> None:
    seen = set()
    for drug in list(engine.kb.drugs.values())[::7]:
        for f in engine.ask(f"{drug.name}?").findings:
            assert f.status in FINDING_STATUSES
            seen.add(f.status)
    assert {"auth-needed", "site-of-care-review"} <= seen


def test_the_json_contract_carries_status_beside_listed(engine: Engine) -> None:
    finding = engine.ask("J9271?").contract()["findings"][0]
    assert list(finding)[:6] == ["drug", "program", "listed", "status", "through", "contact"]
    assert finding["status"] == "auth-needed" and finding["contact"]["phone"] == "1.866.668.9250"
