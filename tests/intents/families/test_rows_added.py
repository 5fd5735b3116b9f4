"""When rows were added, computed from the rows' own dates: newest and oldest additions, the N newest, and
what a month or year added with no list named (every list printing that date answers, by its date-added
column or a marker whose legend dates rows)."""

from __future__ import annotations

from datetime import datetime

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase
from tests.conftest import NEVER_SAY
from tests.golden.record import TODAY


def dated_rows(kb: KnowledgeBase, program: str) -> list[tuple[tuple[int, int], str]]:
    out = []
    for x in kb.listings:
        if x.program == program and x.date_added:
            when = datetime.strptime(x.date_added, "%B %Y")
            out.append(((when.year, when.month), x.names[0]))
    return out


@pytest.mark.parametrize(
    ("question", "program", "newest"),
    [
        ("what's the newest drug added to the SCO+ list", "sco_plus", True),
        ("most recent addition to sco+?", "sco_plus", True),
        ("oldest SCO+ addition?", "sco_plus", False),
        ("first drug ever added to the SCO list", "sco", False),
        ("latest drugs added to the sco list", "sco", True),
    ],
)
def test_the_newest_and_oldest_additions_are_the_rows_of_the_edge_month(
    engine: Engine, kb: KnowledgeBase, question: str, program: str, newest: bool
) -> None:
    rows = dated_rows(kb, program)
    edge = (max if newest else min)(when for when, _ in rows)
    names = [name for when, name in rows if when == edge]
    answer = engine.ask(question)
    assert answer.intent == "rows_added_first_last"
    assert all(name in answer.headline for name in names), (names, answer.headline)
    assert f"{datetime(edge[0], edge[1], 1):%B %Y}" in answer.headline


def test_the_n_newest_are_that_many_rows_newest_first(engine: Engine, kb: KnowledgeBase) -> None:
    rows = sorted(dated_rows(kb, "sco_plus"), key=lambda pair: pair[0], reverse=True)
    answer = engine.ask("what are the 3 newest drugs on sco+")
    assert answer.headline.startswith("The 3 newest additions to the SCO+ site-of-care list")
    positions = [answer.headline.index(name) for _, name in rows[:3]]
    assert positions == sorted(positions)


def test_a_list_printing_no_date_added_says_so_and_what_its_legend_dates(engine: Engine) -> None:
    answer = engine.ask("newest drugs on the evicore list")
    assert "prints no date added for its rows" in answer.headline
    assert "01/01/2018" in answer.headline  # the *** legend


def test_the_newest_version_of_a_list_is_its_edition_not_its_rows(engine: Engine) -> None:
    assert engine.ask("is this the newest version of the sco list").intent != "rows_added_first_last"
    assert engine.ask("pt is on one of the newly added drugs, what now").intent != "rows_added_first_last"


@pytest.mark.parametrize(
    ("question", "month", "year"),
    [
        ("how many codes were added in jan 2018", 1, 2018),
        ("which drugs were added in march 2021", 3, 2021),
        ("anything added in 2019?", None, 2019),
        ("what changed in 2021", None, 2021),
    ],
)
def test_a_date_asked_with_no_list_named_is_answered_by_every_list_printing_it(
    engine: Engine, kb: KnowledgeBase, question: str, month: int | None, year: int
) -> None:
    added = [
        x
        for x in kb.listings
        if x.date_added
        and datetime.strptime(x.date_added, "%B %Y").year == year
        and month in (None, datetime.strptime(x.date_added, "%B %Y").month)
    ]
    answer = engine.ask(question)
    assert answer.intent == "rows_added_in" and answer.status == "answered"
    assert f"({len(added)})" in answer.headline
    cited = {c.line for c in answer.citations}
    assert {x.citation.line for x in added} <= cited


def test_a_batch_a_legend_dates_leads_with_the_letter_line_that_says_it(engine: Engine, kb: KnowledgeBase) -> None:
    marked = [x for x in kb.listings if any(n.symbol == "***" for n in x.notes)]
    answer = engine.ask("how many codes were added in jan 2018")
    assert answer.headline.startswith(f"{len(marked)} rows of the eviCore oncology precert list are marked ***")
    assert any("January 1, 2018" in c.text for c in answer.citations)


def test_a_year_relative_to_today_is_counted_from_the_answers_date(engine: Engine) -> None:
    answer = engine.ask("which drugs were added last year")
    assert answer.intent == "rows_added_in"
    assert str(TODAY.year - 1) in answer.headline
    assert not any(p in answer.text.lower() for p in NEVER_SAY)


def test_a_rule_asked_after_a_change_is_not_the_rows_added(engine: Engine) -> None:
    answer = engine.ask(
        "is there a limit on how long a current regimen gets covered without review after the 2018 change?"
    )
    assert answer.intent != "rows_added_in"


@pytest.mark.parametrize(
    ("question", "year"), [("did the SCO list change in 2022", 2022), ("anything new on SCO+ in 2021", 2021)]
)
def test_a_named_list_said_to_change_in_a_year_gives_the_rows_it_dates_then(
    engine: Engine, question: str, year: int
) -> None:
    answer = engine.ask(question)
    assert answer.intent == "rows_added_in" and answer.headline.startswith(f"Added in {year} (")


def test_newest_on_a_list_is_its_newest_rows(engine: Engine) -> None:
    assert engine.ask("newest on the sco+ list?").intent == "rows_added_first_last"


def test_several_years_are_each_answered_and_one_picked_out_alone(engine: Engine) -> None:
    both = engine.ask("what was added to sco in 2020 and 2021")
    assert both.headline.startswith("Added in 2020 (") and "Added in 2021 (" in both.headline
    picked = engine.ask("which SCO+ drugs were added in 2021 vs 2022 - just the 2022 ones pls")
    assert picked.headline.startswith("Added in 2022 (") and "2021" not in picked.headline


def test_whats_new_on_a_list_in_a_year_is_its_rows_added(engine: Engine) -> None:
    assert engine.ask("what's new on the SCO+ list in 2022").headline.startswith("Added in 2022 (")


def test_a_month_with_a_relation_is_read_to_the_month(engine: Engine, kb: KnowledgeBase) -> None:
    since = [
        x
        for x in kb.listings
        if x.program == "sco_plus" and x.date_added and datetime.strptime(x.date_added, "%B %Y") >= datetime(2021, 3, 1)
    ]
    answer = engine.ask("anything added to sco+ since march 2021?")
    assert answer.headline.startswith(f"Added in March 2021 or later ({len(since)})")


def test_a_year_after_every_printed_date_is_none_never_the_marked_batch(engine: Engine) -> None:
    answer = engine.ask("was anything added to the evicore list after 2018")
    assert answer.intent == "rows_added_in" and answer.headline.startswith(
        "No row of these lists says it was added after 2018"
    )
