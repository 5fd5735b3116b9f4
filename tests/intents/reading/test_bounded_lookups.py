"""Every message is bounded: however many unfamiliar words it has, at most MAX_FUZZY_LOOKUPS of them
are looked up for misspelt drug names (each look-up, counted here, is a search of the nearby-name
index, once per word and edition: a word seen before is counted, not searched again). Words past the
cap are still matched exactly, never called "not found", and the answer says which were not looked up.
Likewise the document search reads at most MAX_SEARCHED_WORDS words, at most MAX_DRUGS_ANSWERED drugs
and MAX_CODES_ANSWERED codes are answered, and a word repeated down a message is read once: each cap
said in the answer, and counted here, not timed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.worst_case import generated
from intents.engine import Engine
from intents.reading.entities import MAX_FUZZY_LOOKUPS, NOISE_MISSES, WORD_MEMO, Matcher, Resolution
from intents.reading.normalize import MAX_QUESTION_CHARS, normalize
from intents.reading.search import MAX_SEARCHED_WORDS, searched_part
from intents.wording import MAX_CODES_ANSWERED, MAX_DRUGS_ANSWERED, search_capped_note


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
        assert counted.calls <= found.fuzzy_lookups <= MAX_FUZZY_LOOKUPS, name
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
    assert counter.calls <= found.fuzzy_lookups <= MAX_FUZZY_LOOKUPS


def test_a_word_is_searched_once_per_edition_and_counted_in_every_message(counted: Counted) -> None:
    # What a word is near is the edition's: a second message with the word reads it from the memo,
    # and still counts it against its own cap.
    first = resolve(counted, "is zqxvurab on any list")
    assert (counted.calls, first.fuzzy_lookups) == (1, 1)
    again = resolve(counted, "zqxvurab precert?")
    assert (counted.calls, again.fuzzy_lookups, again.unknown) == (0, 1, first.unknown)


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


def test_the_search_reads_the_first_words_of_a_long_message_and_says_so(engine: Engine) -> None:
    words = [f"qz{n:03d}k" for n in range(MAX_SEARCHED_WORDS + 40)]  # stemmed as typed: one concept each
    at_cap = " ".join(words[:MAX_SEARCHED_WORDS])
    assert searched_part(at_cap) == (at_cap, False)
    part, cut = searched_part(" ".join(words))
    assert cut and part.split() == words[:MAX_SEARCHED_WORDS]
    concepts = engine.search.concepts(" ".join(words))
    assert [c.word for c in concepts] == words[:MAX_SEARCHED_WORDS]  # each a concept of its own, in order
    note = search_capped_note(MAX_SEARCHED_WORDS)
    assert note in engine.ask("is home infusion allowed for ocrevus " + " ".join(words)).notes
    assert note not in engine.ask("is home infusion allowed for ocrevus " + " ".join(words[:40])).notes


def test_a_message_listing_more_codes_than_answered_names_the_rest(engine: Engine) -> None:
    kb = engine.kb
    named = sorted(c for c in kb.codes if kb.drugs_with_code(c) and c[0].isalpha() and not kb.codes[c].unclassified)
    codes = named[: MAX_CODES_ANSWERED + 7]
    answer = engine.ask(" ".join(codes))
    answered = {d.name for c in codes[:MAX_CODES_ANSWERED] for d in kb.drugs_with_code(c)}
    assert {f.drug for f in answer.findings} == answered
    (note,) = [n for n in answer.notes if "I answered the first" in n]
    assert f"has {len(codes)} codes" in note and f"“{codes[MAX_CODES_ANSWERED]}”" in note


def test_a_word_repeated_down_a_message_is_read_once(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    matcher = Matcher(engine.kb)
    reads: list[str] = []
    non_drug_word = matcher._non_drug_word

    def counted(word: str) -> bool:
        reads.append(word)
        return non_drug_word(word)

    monkeypatch.setattr(matcher, "_non_drug_word", counted)
    matcher.resolve(normalize("zorblaxine " * 300))
    matcher.resolve(normalize("zorblaxine again"))  # and in the next question
    assert reads.count("zorblaxine") == 1


def test_the_word_memo_is_bounded(engine: Engine) -> None:
    matcher = Matcher(engine.kb)
    for n in range(WORD_MEMO + 50):
        matcher.is_non_drug_word(f"w{n}")
    assert 0 < len(matcher._words_read) <= WORD_MEMO
