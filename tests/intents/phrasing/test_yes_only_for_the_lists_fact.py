"""A list's "Yes —" answers one fact: the drug needs prior authorization (or a review), or is on a list,
through whom, where. A yes/no asking anything else of a listed drug — validity, transfer, REMS, a new
auth each cycle, a year, a billing code, a guarantee — gets the drug's lines without a yes: grids of
predicates × drugs, and any English word added to an allowed question."""

from __future__ import annotations

import re

import pytest
from english_words import get_english_words_set
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from intents.engine import Engine
from intents.phrasing import list_fact
from intents.phrasing.list_fact import asked_part
from intents.phrasing.words import phrasing_data
from intents.reading.non_drug_words import clinic_words
from knowledge.kb import default_kb
from tests.support.answers import cites_line

ENGINE = Engine(kb=default_kb())

# Listed drugs whose every listing requires authorization or a review, one or two per list, and a list each
# is on, named as people do.
ON = {
    "Keytruda": "the eviCore list",
    "Opdivo": "evicore",
    "Tysabri": "the site of care list",
    "Entyvio": "SCO",
    "Ocrevus": "the home infusion list",
    "Remicade": "the site of care program",
    "Zolgensma": "the gene therapy program",
    "Kymriah": "the CAR-T program",
    "Soliris": "the HI list",
}
DRUGS = list(ON)

ALLOWED = [
    "does {drug} need PA?",
    "does {drug} require precert?",
    "is {drug} on {list}?",
    "is {drug} managed by {list}?",
    "is {drug} subject to {list} review?",
    "do we need prior auth for {drug} at the hospital?",
    "{drug} auth needed?",
    "is prior authorization required for {drug} with Cigna?",
    "hey team, quick q - does {drug} need a precert?",
    "not sure if {drug} needs auth or not",
]

# Predicates no list holds: whatever the drug, never the list's yes.
NOT_ALLOWED = [
    "is {} auth valid for a year?",
    "is the evicore approval for {} good for 6 months?",
    "does the {} auth transfer if the pt changes infusion centers?",
    "does {} need REMS?",
    "does {} need a new auth each cycle?",
    "does {} need to be reauthorized?",
    "is {} still on the list in 2026?",
    "can {} be billed under J9999?",
    "is {} guaranteed once PA is approved?",
    "are all {} requests approved within 5 minutes?",
    "does {} get approved faster at home?",
    "is home infusion mandatory for {}?",
    "does the pt need to sign anything for {} home infusion?",
    "can our NP submit the {} precert?",
    "does the {} precert expire after a year?",
    "does {} need a peer to peer review?",
    "does {} need a PA renewal every 6 months?",
    "is the {} auth good at any infusion center?",
    "does {} need a specialist to order the PA?",
]


def _yes(text: str) -> bool:
    """The bot's own yes: leading, or after a drug's name ('Keytruda: yes — …'). An FAQ answer's 'Yes.'
    quoted beside the answer ('Yes — “…” (November 2024): “All FDA-approved gene therapies …”') is the
    document's verdict on its own question, quoted and cited, not the list's fact said."""
    return text.startswith("Yes") or re.search("yes —(?! “)", text.lower().split("\n")[0]) is not None


@pytest.mark.parametrize("template", ALLOWED)
@pytest.mark.parametrize("drug", DRUGS)
def test_the_lists_own_fact_is_answered_yes(template: str, drug: str) -> None:
    assert ENGINE.ask(template.format(drug=drug, list=ON[drug])).text.startswith("Yes — ")


@pytest.mark.parametrize("template", NOT_ALLOWED)
@pytest.mark.parametrize("drug", DRUGS)
def test_a_fact_no_list_holds_is_never_answered_yes(template: str, drug: str) -> None:
    answer = ENGINE.ask(template.format(drug))
    assert not _yes(answer.text)
    assert drug in answer.headline  # the drug's own lines still answer


def _unallowed_english() -> list[str]:
    """Dictionary words the allow-list doesn't hold (nor the lists' names, nor words steering other leads)."""
    data = phrasing_data()
    allowed = [re.compile(data["list_fact"][k]) for k in ("words", "several")]
    steering = re.compile(
        "|".join(
            [
                data["list_fact"]["fact"],
                data["premise"]["marker_membership"],
                data["premise"]["only"],
                data["premise"]["no_pa"],
                data["same"]["asks"],
                data["units"]["asks"],
                data["yes_no"]["not_opener"],
                r"\b(?:home|hospital|gene|cell\w*|redirect\w*|not|no|never|or|but|if|than)\b",
            ]
        )
    )
    words = get_english_words_set(["gcide"], lower=True, alpha=True)
    # The clinic's words are the asker's context by design (list_fact._clinic_context: 'leukemia', 'rheum',
    # 'asc'): sampling them made this test fail about one run in thirty.
    unasked = re.compile(data["list_fact"]["clinic_unasked"])
    context = {w for w in clinic_words() if not unasked.match(w)}
    return sorted(
        w
        for w in words
        if 3 <= len(w) <= 10 and w not in context and not any(a.match(w) for a in allowed) and not steering.search(w)
    )


UNALLOWED = _unallowed_english()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(UNALLOWED),
    st.sampled_from(DRUGS),
    st.sampled_from(["does {d} need PA {w}?", "is {d} {w} on the eviCore list?", "does {d} {w} require precert?"]),
)
# 'prefer' finds the gene therapy FAQ's line that prints 'Preferred' (a medical management model); quoted
# beside the answer, it keeps the FAQ's own 'Yes.' (all gene therapies require prior authorization).
@example(word="prefer", drug="Zolgensma", template="does {d} {w} require precert?")
def test_any_other_word_in_the_question_takes_the_yes_away(word: str, drug: str, template: str) -> None:
    answer = ENGINE.ask(template.format(d=drug, w=word))
    # The word read as a drug's name ('arsenic': Trisenox's arsenic trioxide, beside Keytruda) or a code: another
    # question, whose second drug's name is its own word.
    if {d.name for d in answer.drugs} != {drug}:
        return
    assert not _yes(answer.text), answer.text[:120]


@pytest.mark.parametrize(
    ("message", "part"),
    [
        ("we bill j9271 x 200 units, need evicore?", "need evicore"),
        ("can one of you check if q5104 needs hi precert", "q5104 needs hi precert"),
        ("2 q: (1) does keytruda need precert and (2) what evicore phone number?", "does keytruda need precert"),
        ("does keytruda need precert, and who do i call?", "does keytruda need precert"),
        ("if the pt changes centers, does the keytruda auth transfer?", "does the keytruda auth transfer"),
        ("new chemo, no code yet, billed under j9999 - still evicore?", "still evicore"),
        ("keytruda auth - is it per drug or per regimen?", "is it per drug or per regimen"),
        ("does avastin need auth at the hospital or can we skip it", "does avastin need auth at the hospital"),
    ],
)
def test_the_asked_part_is_the_question_not_its_context(message: str, part: str) -> None:
    assert asked_part(message)[0].strip() == part


def test_a_question_asking_nothing_of_its_own_asks_the_piece_before() -> None:
    text = ENGINE.ask("Her mom asked if the Luxturna infusion needs approval first. I said I'd check. Does it?").text
    assert text.startswith("Yes — Luxturna")
    assert not ENGINE.ask("Keytruda auth - is it per drug or per regimen?").text.startswith("Yes")


def test_context_before_the_question_does_not_take_the_yes_away() -> None:
    text = ENGINE.ask("pt had a reaction last time and we changed the infusion rate. does Tysabri need PA?").text
    assert text.startswith("Yes — Tysabri")


def test_a_miscellaneous_code_asked_of_a_list_gets_that_lists_rule_on_such_codes() -> None:
    answer = ENGINE.ask("new oral chemo, no code assigned yet so we bill J9999 - does it go through eviCore?")
    assert answer.text.startswith("Yes — J9999")
    assert cites_line(answer, "evicore_oncology_2017", 26)
    assert not ENGINE.ask("J9999 - is it on the home infusion list?").text.startswith("Yes — J9999 is a misc")


@pytest.mark.parametrize(
    "question",
    [
        "hi!!! quick q :) is Entyvio on the sco list",
        "does Xgeva need evicore for bone mets?",
        "is keytruda 200mg on evicore",
        "Patient's dad asked whether the Zolgensma infusion needs approval first. I said I'd check. Does it?",
    ],
)
def test_context_around_the_lists_fact_keeps_the_yes(question: str) -> None:
    assert ENGINE.ask(question).text.startswith("Yes — ")


@pytest.mark.parametrize(
    ("question", "yes"),
    [
        ("does the keytruda precert include opdivo?", False),  # one authorization for two drugs: no list says
        ("do keytruda and opdivo need precert each time?", False),
        ("does the home infusion list include Soliris?", True),
        ("Ocrevus/Tysabri/Entyvio - which need PA for home infusion?", True),
    ],
)
def test_several_drugs_and_include(question: str, yes: bool) -> None:
    assert _yes(ENGINE.ask(question).text) == yes


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*UNALLOWED[:40], "does", "need", "thru", "12", "precer", "xyzzy"]), max_size=12))
def test_the_allow_lists_verdict_kept_per_word_is_the_patterns(words: list[str]) -> None:
    """list_fact reads a word's verdict once; read again (or after the memo started over) it is the pattern's."""
    allowed = re.compile(phrasing_data()["list_fact"]["words"])
    for word in [*words, *words]:
        assert list_fact._allowed(word) is (allowed.match(word) is not None), word


def test_the_per_word_memo_starts_over_at_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(list_fact, "WORD_MEMO", 3)
    monkeypatch.setattr(list_fact, "_ALLOWED", {})
    verdicts = [list_fact._allowed(w) for w in ["does", "need", "xyzzy", "thru", "does"]]
    assert verdicts == [True, True, False, True, True]
    assert len(list_fact._ALLOWED) <= 3


@pytest.mark.parametrize(
    "message",
    [
        "morning team :wave: is Entyvio on the site of care list?",
        "hey folks does Ocrevus need precert",
        "afternoon everyone, does Opdivo need evicore?",
        "gm all - is Soliris on the HI list?",
    ],
)
def test_a_greeting_to_the_channel_before_a_yes_no_keeps_the_yes(message: str) -> None:
    # Slack questions open with whom they greet; the greeting changes nothing the list says.
    assert ENGINE.ask(message).text.startswith("Yes — ")
