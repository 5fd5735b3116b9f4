"""Entity resolution: exact first, fuzzy and phonetic second, and ask when it is close."""

from __future__ import annotations

import pytest

from intents.reading.entities import AMBIGUITY_MARGIN, FUZZY_ACCEPT, Matcher
from intents.reading.normalize import normalize
from knowledge.kb import KnowledgeBase


@pytest.fixture(scope="module")
def matcher(kb: KnowledgeBase) -> Matcher:
    return Matcher(kb)


def found(matcher: Matcher, text: str):
    return matcher.resolve(normalize(text))


def names(matcher: Matcher, text: str) -> list[str]:
    return [matcher.kb.drugs[m.drug_id].name for m in found(matcher, text).drugs]


@pytest.mark.parametrize(
    "text, drug, method",
    [
        ("is opdivo on it", "Opdivo", "exact"),
        ("nivolumab", "Opdivo", "generic"),
        ("PROCRI", "Procrit", "alias"),
        ("key truda", "Keytruda", "split"),
        ("keytrudah", "Keytruda", "fuzzy"),
        ("okrevuss", "Ocrevus", "phonetic"),
        ("hylecta", "Herceptin Hylecta", "partial"),
        ("darzalex fasprow", "Darzalex Faspro", "fuzzy"),
    ],
)
def test_methods_are_stamped(matcher: Matcher, text: str, drug: str, method: str) -> None:
    (match,) = found(matcher, text).drugs
    assert (matcher.kb.drugs[match.drug_id].name, match.method) == (drug, method)
    assert match.text in normalize(text).clean


@pytest.mark.parametrize(
    "text, expected",
    [
        ("simponi aria home", ["Simponi Aria"]),
        ("simponi home", ["Simponi"]),
        ("darzalex faspro", ["Darzalex Faspro"]),
        ("darzalex", ["Darzalex"]),
        ("herceptin hylecta", ["Herceptin Hylecta"]),
        ("herceptin", ["Herceptin"]),
        ("rituxan hycela and rituxan", ["Rituxan Hycela", "Rituxan"]),
    ],
)
def test_multi_word_names_never_collapse(matcher: Matcher, text: str, expected: list[str]) -> None:
    assert names(matcher, text) == expected


def test_several_drugs_in_one_question(matcher: Matcher) -> None:
    assert names(matcher, "ocrevus, tysabri or entyvio at home?") == ["Ocrevus", "Tysabri", "Entyvio"]


def test_a_generic_several_brands_share_gives_them_all(matcher: Matcher) -> None:
    assert sorted(names(matcher, "denosumab")) == ["Prolia", "Xgeva"]


def test_a_class_name_is_not_read_as_one_product(matcher: Matcher) -> None:
    assert names(matcher, "immune globulin at home") == []


@pytest.mark.parametrize("word", ["humira", "entresto", "otezla", "tylenol", "florbexa"])
def test_names_no_document_has_are_unknown(matcher: Matcher, word: str) -> None:
    r = found(matcher, f"does {word} need precert")
    assert r.drugs == [] and r.ambiguities == [] and r.unknown == [word]


def test_ordinary_words_are_not_drug_candidates(matcher: Matcher) -> None:
    r = found(matcher, "is there a transition period for patients moving from hospital outpatient")
    assert r.drugs == [] and r.unknown == [] and r.ambiguities == []


def test_close_candidates_are_offered_not_picked(matcher: Matcher) -> None:
    r = found(matcher, "kymrya")
    assert r.drugs == []
    (ambiguity,) = r.ambiguities
    assert [matcher.kb.drugs[d].name for d, _ in ambiguity.candidates] == ["Kymriah"]
    assert ambiguity.candidates[0][1] < FUZZY_ACCEPT


def test_two_names_equally_close_are_both_offered(matcher: Matcher) -> None:
    # Tecartus and Yescarta are equally close to this spelling.
    r = found(matcher, "tecarta")
    assert not r.drugs
    scores = [s for _, s in r.ambiguities[0].candidates]
    assert len(scores) >= 2 and scores[0] - scores[1] < AMBIGUITY_MARGIN


@pytest.mark.parametrize("word", ["tecfidera", "fotivda"])
def test_a_different_drug_that_looks_similar_is_not_offered(matcher: Matcher, word: str) -> None:
    r = found(matcher, word)
    assert (r.drugs, r.ambiguities, r.unknown) == ([], [], [word])


def test_codes_are_found_and_checked_against_the_kb(matcher: Matcher) -> None:
    r = found(matcher, "J9271 or J1234")
    assert [(c.code, c.known) for c in r.codes] == [("J9271", True), ("J1234", False)]


@pytest.mark.parametrize("typed, drug", [("rtuxima", "Truxima"), ("kyetruda", "Keytruda"), ("ocrveus", "Ocrevus")])
def test_one_slip_beats_a_better_ratio_two_slips_away(matcher: Matcher, typed: str, drug: str) -> None:
    # 'rtuxima' is Truxima with two letters swapped (one slip), and two slips from 'rituximab', which
    # the ratio scores higher (87.5 against 85.7): the slip is read, not a list of rituximab brands.
    assert names(matcher, typed) == [drug]


@pytest.mark.parametrize(
    ("text", "drug", "typed"),
    [
        ("hercepton hylecta", "Herceptin Hylecta", "hercepton hylecta"),
        ("rituxn hycela", "Rituxan Hycela", "rituxn hycela"),
    ],
)
def test_a_mistyped_first_word_before_a_names_own_second_word_is_one_drug(
    matcher: Matcher, text: str, drug: str, typed: str
) -> None:
    # The second word alone names the two-word product; the first, mistyped, is its first word, not the
    # one-word brand beside it (Herceptin, Rituxan): one drug, read from both words.
    (match,) = found(matcher, text).drugs
    assert (matcher.kb.drugs[match.drug_id].name, match.text) == (drug, typed)
