"""The verdict sentences (intents/wording.py), one per finding status, and the number after them: what
each says is read from the frozen documents' rows and legends, so a changed word in a verdict, or a
verdict said for the wrong status, fails a test named for it. (Found by mutation testing: the answer
tests checked statuses and numbers, rarely the sentence a nurse reads.)"""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.wording import MAX_NAMED_UNKNOWN, listed_words
from knowledge.kb import KnowledgeBase


def lead(engine: Engine, question: str) -> str:
    return engine.ask(question).headline


def test_a_pharmacy_benefit_row_says_the_markers_meaning_and_symbol(engine: Engine, kb: KnowledgeBase) -> None:
    marked = [
        (d, x, n) for d in kb.drugs.values() for x in d.listings for n in x.notes if n.status == "pharmacy-benefit"
    ]
    assert marked
    for drug, row, note in marked:
        short = kb.program(row.program).short
        said = lead(engine, f"is {drug.name} on the {short}?")
        assert f"{drug.name}: {note.meaning} (on the {short}, marked {note.symbol})" in said, said


def test_a_use_another_team_authorizes_quotes_the_legend_without_its_marker(engine: Engine, kb: KnowledgeBase) -> None:
    said = lead(engine, "Prolia for osteoporosis - does eviCore handle it?")
    star = next(n for x in kb.drugs_named("Prolia")[0].listings for n in x.notes if n.other_use_through)
    legend = star.citation.text[len(star.symbol) :].strip()
    assert legend.endswith(".")  # the line's full stop is the sentence's, not the quote's
    short = kb.program("evicore_oncology").short
    assert f"for the use asked about, Cigna, not eviCore — the {short} marks it {star.symbol}: “{legend[:-1]}”" in said
    assert "— call Cigna Customer Service, 1.800.88Cigna (882.4462)" in said
    assert "prints no phone number" not in said  # eviCore's list prints numbers: only not eviCore's


def test_a_site_of_care_verdict_says_the_date_added_only_when_the_row_prints_one(engine: Engine) -> None:
    assert "(on the SCO site-of-care list, added July 2017, and the site-of-care coverage policy)" in lead(
        engine, "is Tysabri subject to SCO?"
    )
    said = lead(engine, "is Carimune NF subject to site of care review")
    assert "Carimune NF: site-of-care review at prior authorization (on the site-of-care coverage policy) —" in said


def test_a_program_teams_verdict_names_its_program(engine: Engine) -> None:
    said = engine.ask("does Zolgensma need prior auth?").headline
    # (A yes leads the sentence when the question is a yes/no one: 'Yes — Zolgensma: …'.)
    assert "Zolgensma: prior authorization through the Gene Therapy Program — call" in said


def test_an_evicore_verdict_gives_the_number_and_the_portal(engine: Engine) -> None:
    said = lead(engine, "does Keytruda need eviCore precert?")
    assert "Keytruda: precert through eviCore, call 1.866.668.9250 or use the eviCore portal." in said


def test_a_name_asked_alone_is_answered_yes_dash_then_the_requirement(engine: Engine) -> None:
    # Not a yes/no question, so the verdict carries the yes: "yes — " for a team's or eviCore's
    # authorization, "yes, with " only before a procedure list's "precert through Cigna".
    assert lead(engine, "Keytruda?").startswith(
        "Keytruda: yes — precert through eviCore, call 1.866.668.9250 or use the eviCore portal."
    )
    said = lead(engine, "Zolgensma?")
    assert said.startswith("Zolgensma: yes — prior authorization through the Gene Therapy Program"), said


def test_a_list_without_a_number_says_so_before_cignas(engine: Engine) -> None:
    said = lead(engine, "Soliris infusion at home - precert?")
    assert said.startswith(
        "Yes — Soliris: precert through Cigna (on the home infusion precert list) — that list prints no phone "
        "number; call Cigna Customer Service, 1.800.88Cigna (882.4462)."
    )
    said = lead(engine, "Soliris infusion at home")
    assert said.startswith("Soliris: yes, with precert through Cigna (on the home infusion precert list) — that list")


def test_a_miss_is_said_as_the_list_it_misses_and_nothing_else(engine: Engine, kb: KnowledgeBase) -> None:
    short = kb.program("home_infusion").short
    assert lead(engine, f"does Keytruda need {short} precert?").startswith(f"Keytruda: not on the {short}. ")


def test_a_name_no_document_has_is_said_not_found_beside_a_known_one(engine: Engine) -> None:
    said = lead(engine, "keytruda and foobarzumab prior auth?")
    assert "“foobarzumab”: not found in the loaded documents." in said


@pytest.mark.parametrize(
    ("count", "tail"),
    [
        (1, ""),
        (MAX_NAMED_UNKNOWN, ""),
        (MAX_NAMED_UNKNOWN + 1, " and 1 more word"),
        (MAX_NAMED_UNKNOWN + 2, " and 2 more words"),
    ],
)
def test_unknown_words_are_named_up_to_five_then_counted(count: int, tail: str) -> None:
    words = [f"w{i}" for i in range(count)]
    named = ", ".join(f"“{w}”" for w in words[:MAX_NAMED_UNKNOWN])
    assert listed_words(words) == named + tail
