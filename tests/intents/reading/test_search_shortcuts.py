"""The ranking's shortcuts read the same as the long way: a unit's and its questions asked's concept masks
from the per-edition covers equal the masks of their stems, and a confident-only search (what a drug
answer's look for a further line and a prose answer use) keeps exactly the confident hits of the whole
ranking, in its order."""

from __future__ import annotations

from dataclasses import fields

import pytest

from intents.engine import Engine
from intents.reading.search import MAX_QUOTED, DocumentSearch, Hit

# Own phrasings of the kinds that rank many units: long prose, a story with a drug, one-concept
# questions whose units tie, a program's name as the topic.
QUESTIONS = [
    "does a member get some grace time before they have to leave the hospital infusion suite",
    "my pt was moved off hopd last month, how long can she keep going there",
    "hey all, the office manager asked whether Entyvio can be redirected to the patient's home next week",
    "can Remicade be steered somewhere cheaper than the hospital",
    "what do the specialty care options cover",
    "who checks oncology requests for evicore and how fast do they answer",
    "is there one form for several drugs or one each",
    "when does the continuity of care end for someone already on therapy",
]
SOURCE_SETS = [None, {"sco_2022", "site_of_care_policy"}, {"evicore_oncology_2017"}]


@pytest.fixture(scope="module")
def search(engine: Engine) -> DocumentSearch:
    return engine.search


@pytest.mark.parametrize("question", QUESTIONS)
def test_unit_masks_from_covers_are_the_masks_of_the_stems(search: DocumentSearch, question: str) -> None:
    concepts = search.concepts(question)
    topic = [c for c in concepts if not c.generic]
    read = search._topic_of(question, None, topic)
    terms = search._weighed_terms(concepts, None)
    ranked = search._top_entries(terms, None)
    assert ranked
    for unit, entry, _ in ranked:
        in_entry, questions, _ = read.unit_masks(unit, entry)
        assert in_entry == read.mask(entry.stems)
        every = {j: read.mask(stems) for j, (_, stems, _) in enumerate(entry.asked_flat)}
        assert questions == [(j, m) for j, m in every.items() if m]


@pytest.mark.parametrize("sources", SOURCE_SETS)
@pytest.mark.parametrize("question", QUESTIONS)
def test_a_confident_only_search_is_the_whole_rankings_confident_hits(
    search: DocumentSearch, question: str, sources: set[str] | None
) -> None:
    for ignore in (None, {"remicad", "entyvio"}):
        for min_topic in (1.0, 5.0):
            search.forget_questions()
            quick = search.search(question, sources, ignore, min_topic)
            search.forget_questions()
            whole = search.ranked(question, sources, ignore, min_topic)
            assert quick == [h for h in whole if h.confident][:MAX_QUOTED]


@pytest.mark.parametrize("question", QUESTIONS[:4])
def test_a_ranked_hit_is_the_hit_its_fields_make(search: DocumentSearch, question: str) -> None:
    search.forget_questions()
    ranked = search.ranked(question)
    assert ranked
    names = [f.name for f in fields(Hit)]
    for hit in ranked:
        assert hit == Hit(**{name: getattr(hit, name) for name in names})
        assert list(vars(hit)) == names
