"""Every message is bounded: however many unfamiliar words it has, at most MAX_FUZZY_LOOKUPS of them
are looked up for misspelt drug names (each look-up, counted here, is a search of the nearby-name
index). Words past the cap are still matched exactly, never called "not found", and the answer says
which were not looked up."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.worst_case import generated
from intents.engine import Engine
from intents.reading.entities import MAX_FUZZY_LOOKUPS, NOISE_MISSES, Matcher, Resolution
from intents.reading.normalize import MAX_QUESTION_CHARS, normalize
from intents.wording import MAX_DRUGS_ANSWERED


class Counted:
    """The matcher's nearby-name index, counting its look-ups."""

    def __init__(self, matcher: Matcher):
        self.matcher, self.inner, self.calls = matcher, matcher.nearby, 0

    def within(self, word: str) -> set[str]:
        self.calls += 1
        return self.inner.within(word)


@pytest.fixture
def counted(engine: Engine) -> Iterator[Counted]:
    matcher = engine.matcher
    counter = Counted(matcher)
    matcher.nearby = counter  # type: ignore[assignment]
    try:
        yield counter
    finally:
        matcher.nearby = counter.inner


def resolve(counted: Counted, text: str) -> Resolution:
    counted.calls = 0
    return counted.matcher.resolve(normalize(text))


def test_each_worst_case_message_makes_at_most_the_capped_look_ups(counted: Counted, engine: Engine) -> None:
    messages = generated(engine)  # the benchmark's seeded messages (bench/worst_case.py)
    assert len(messages) >= 5
    for name, text in messages.items():
        found = resolve(counted, text)
        assert MAX_QUESTION_CHARS - 20 <= len(text) <= MAX_QUESTION_CHARS, name
        assert counted.calls == found.fuzzy_lookups <= MAX_FUZZY_LOOKUPS, name
        assert len(found.unknown) <= max(NOISE_MISSES, MAX_FUZZY_LOOKUPS), name
        if name.startswith(("random letters", "distinct pseudo-words")):
            assert found.unread, name  # far more unfamiliar words than the cap


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=4, max_size=12), min_size=1, max_size=400))
def test_any_message_of_words_makes_at_most_the_capped_look_ups(engine: Engine, words: list[str]) -> None:
    counter = Counted(engine.matcher)
    engine.matcher.nearby = counter  # type: ignore[assignment]
    try:
        found = engine.matcher.resolve(normalize(" ".join(words)[:MAX_QUESTION_CHARS]))
    finally:
        engine.matcher.nearby = counter.inner
    assert counter.calls == found.fuzzy_lookups <= MAX_FUZZY_LOOKUPS


def test_an_ordinary_question_is_looked_up_in_full(counted: Counted) -> None:
    found = resolve(counted, "does keytrda need evicore precert, and what about ocrevs?")
    assert not found.unread
    assert [counted.matcher.kb.drugs[m.drug_id].name for m in found.drugs] == ["Keytruda", "Ocrevus"]


def test_a_name_after_a_wall_of_noise_is_still_found_exactly(counted: Counted, engine: Engine) -> None:
    text = generated(engine)["pseudo-words then a name"]
    found = resolve(counted, text)
    assert found.unread  # the noise past the cap
    assert "Keytruda" in [counted.matcher.kb.drugs[m.drug_id].name for m in found.drugs]


def test_the_answer_says_which_words_were_not_looked_up(counted: Counted, engine: Engine) -> None:
    # A wall of unfamiliar words, then a misspelt name: past the noise, the name is not looked up, and
    # so it is named as not looked up, never said to be "not found".
    noise = [f"zqx{chr(97 + i)}{chr(97 + j)}v" for i in range(5) for j in range(6)]
    text = " ".join([*noise, "keytrda"])
    assert "keytrda" in resolve(counted, text).unread
    answer = engine.ask(text)
    (note,) = [n for n in answer.notes if "not for misspellings" in n]
    assert "more words" in note  # named up to a few, the rest counted
    assert not [f for f in answer.findings if "keytrda" in f.drug.lower()]
    assert "keytrda" not in answer.headline.lower()


def test_a_message_naming_more_drugs_than_answered_names_the_rest(engine: Engine) -> None:
    names = sorted({d.name for d in engine.kb.drugs.values()})[: MAX_DRUGS_ANSWERED + 12]
    answer = engine.ask(", ".join(names))
    assert len({f.drug for f in answer.findings}) == MAX_DRUGS_ANSWERED
    (note,) = [n for n in answer.notes if "I answered the first" in n]
    assert f"names {len(names)} drugs" in note and f"“{names[MAX_DRUGS_ANSWERED]}”" in note
    assert not [f for f in answer.findings if f.drug == names[-1]]
