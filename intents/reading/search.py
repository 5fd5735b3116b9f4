"""Search over the documents' own text: every line of prose, FAQ, footnote and letter (table rows too),
indexed at start-up with tantivy's BM25, so a question about something the documents say but no rule
foresees ('who reviews eviCore requests — are they oncologists?') is answered by quoting the line.

Measured against bm25s + PyStemmer on these documents (921 lines): both answer a query in about
0.02 ms, but bm25s needs numpy, whose import alone is 60–160 ms of start-up; tantivy imports and
indexes in about 12 ms. So tantivy ranks, on words stemmed by PyStemmer (the same Snowball stemmer
tantivy's own English analyzer uses, run here so the synonym table and the coverage gate see the same
terms the index holds).

A ranked line is only quoted when it carries the question: enough of the question's topic words (by
their weight in these documents, synonyms counted as one concept) are on it. Otherwise the documents
don't say it, and the answer says so.
"""

from __future__ import annotations

import dataclasses
import math
import re
import string
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import Stemmer
from rapidfuzz import fuzz, process

from intents.reading.dictionary import in_dictionary
from intents.reading.literal_gate import gated
from intents.reading.word_runs import WordRuns
from knowledge.asked import ThesaurusGroup
from knowledge.cache import remembered
from knowledge.data_files import package_toml
from knowledge.kb import KnowledgeBase
from knowledge.models import Citation, Listing
from knowledge.passages import passage_id, split_sentences, units

__all__ = ["split_sentences"]  # re-exported: what a quoted line is cut into

T = TypeVar("T")

if TYPE_CHECKING:
    import tantivy

TOP_K = 12  # units ranked by BM25 before the coverage gate
DOCS_PER_UNIT = 3  # documents read per unit ranked: a unit is its own words and each question asked about it
MIN_COVERAGE = 0.6  # share of the question's topic weight a line must carry to be quoted
MIN_TOPIC_WEIGHT = 1.0  # a question whose topic words are this common in the documents asks nothing specific
MAX_QUOTED = 2  # lines quoted in one answer
MAX_NEAREST = 3  # passages an unsure answer offers
NEAR_COVERAGE = 0.2  # share of the question's topic weight a passage must carry to be offered as near
# The questions people ask about a sentence lead the answer to that sentence only when they carry more
# of the question than the unit's own words do (by more than rounding).
ASKED_LEAD_MARGIN = 1e-6
# Of two sentences of a unit asked about alike, one whose question is worded clearly more like this one
# leads only if its own words say at least this share of what the other's say.
LEAD_LIKE_SAID_SHARE = 0.5
ASKED_MIN_SHARE = 0.4  # of the question's topic weight a question people ask must carry to be its paraphrase
WHOLE_UNIT_CHARS = 200  # a unit this short is quoted whole: a legend's two sentences say one thing
FAQ_VERDICT_SHARE = 0.5  # of the question's topic weight an FAQ's own question must carry for its Yes/No to lead
SHORT_SENTENCE_CHARS = 12  # 'No.' alone answers nothing: quoted with the sentence that says why
# A unit's own words rank it before the questions people ask about it: the questions find a line worded
# unlike the question, but must not outrank the line that says it in the asker's words.
FIELD_BOOSTS = {"body": 1.0, "asked": 0.5}
GENERIC_TERM_BOOST = 0.5  # a word of the question's shape or a program's name, against a topic word
SYNONYM_TERM_BOOST = 0.6  # a synonym (thesaurus.toml) of a word typed, against the word itself
PHRASE_PART_BOOST = 0.5  # ... and one word of a synonym that is a phrase
# A word nothing in search has is read as the known word one slip away: this close by fuzz.ratio (one
# letter wrong in an eight-letter word), this long at least, and this many per question at most.
RESPELL_MIN_RATIO = 85  # 'seperate'
MIN_SWAPPED_LEN, MAX_SWAPPED_LEN = 4, 9  # a word with two neighbouring letters swapped ('lsit') is read as the word
MIN_RESPELLED_LEN = 6
MAX_RESPELLED = 3
# A question made only of a program's name and the question's shape ('what does the SCO program do?')
# has no topic to search for: it is matched whole against the questions people ask, this close at least
# (token_sort_ratio: 'what does sco+ stand for' is 98 from 'what does sco stand for', but 86 from
# 'what does hcpcs stand for').
ASKED_LIKE_MIN_RATIO = 90
# Of passages that carry the question alike (coverage, closeness, means), the one a question people ask
# about is worded most like it (token_sort_ratio) leads, when it is near enough and enough nearer than the
# next (a fair likeness needs a wider lead): 'what is Cigna's site of care program?' is the SCO list's
# program sentence, not the policy's 'included as part of the … program' that BM25 scores higher.
TIE_LIKENESS_MIN = 65
TIE_LIKENESS_MARGIN = 12
TIE_FAIR_LIKENESS = 60
TIE_FAIR_MARGIN = 20
TIE_SHAPE_SLACK = 0.2
MAX_TIED = 6  # hits of a leading tie read for their likeness (one further down is never the answer)
# Concepts' covers of the units ranked kept (_Covers): a question ranks a dozen units or two, of a few
# concepts each.
COVERS_KEPT = 50_000
RANKED_CACHE = 256  # questions whose ranking is kept (a question's intents ask for it several times)
# Words whose reading is kept (a question's word as a concept, a word's respelling): what a word reads as
# depends on the edition alone, so a question never seen before is read from words seen before. A wall of
# distinct words starts the memo afresh rather than growing it.
WORD_MEMO = 8192
# A word no line has weighs like one that two lines have: it counts against a line that lacks it (the
# documents don't say 'chair time'), but a stray word ('happens') doesn't outweigh the words they do say.
UNSEEN_AS_DOC_FREQ = 2
# The thesaurus's groups of words that say by what means ('by phone', 'online', 'fax the form'): of
# passages that carry a question's topic alike, the one that prints its means ranks first.
MEANS_GROUPS = frozenset({"phone", "website", "form", "upload"})
# ... and the groups whose words decide which sentence of a passage leads: 'what happens after the six
# months?' is the sentence that says 'After that time', not the one that says six months.
LEAD_GROUPS = frozenset({"afterwards", "login"})
# Words of a message the search reads: a question is a few dozen words; a pasted page would cost a
# respelling look-up per unfamiliar word and a check of every word against every ranked line. The
# answer says when a message had more (intents/engine.py).
MAX_SEARCHED_WORDS = 80

_STEMMER = Stemmer.Stemmer("english")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_WORDS = WordRuns(_WORD, string.ascii_lowercase + string.digits, "'")
_ADVERB = re.compile(r"[a-z]{4,}ly")
_NON_PREFIX = re.compile(r"\bnon[-\s](?=hospital|onc|cancer|esrd)")
_POSSIBLE_HEDGES = frozenset({"may", "can"})  # what a sentence says of a 'can …?' it affirms
_VERDICT_OPENS = re.compile(r"(?:Yes|No)\.\s")  # an FAQ answer's own verdict
_NUMBER_SIGN = re.compile(r"(?<!#)#(?![#\w])")
_NUMBERED_ITEM = re.compile(r"\s*(\d{1,2})\.\s+[A-Z]")


@dataclass(frozen=True)
class Concept:  # frozen, with cached properties: a dataclass keeps them in its __dict__
    """One word of the question, and every stem that counts as it (its synonyms')."""

    word: str
    alternatives: tuple[tuple[str, ...], ...]  # each a phrase's stems; any one present covers the concept
    weight: float  # idf of its commonest alternative in these documents
    generic: bool  # a word of the question's shape, not its topic

    @cached_property
    def single(self) -> frozenset[str]:
        """The one-word alternatives: covered by a set intersection, not a loop (ranking checks each
        concept against every candidate line and every question people ask about it)."""
        return frozenset(a[0] for a in self.alternatives if len(a) == 1)

    @cached_property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        return tuple(a for a in self.alternatives if len(a) > 1)


@dataclass(frozen=True)
class Hit:
    citations: tuple[Citation, ...]  # the line(s) that carry the fact (a wrapped sentence spans several)
    context: tuple[Citation, ...]  # an FAQ's question line, when the hit is its answer
    score: float  # BM25
    coverage: float  # share of the question's topic weight on the line
    sentence: str  # the sentence that carries most of it
    passage: bool = False  # a passage of prose (not a table row or a heading)
    confident: bool = True  # carries enough of the question to be quoted as its answer
    asked: bool = False  # carried with the words of a question people ask about it (questions.toml)
    # The share of the question's topic weight its own words, or the closest question people ask about
    # it, carry by themselves: of two lines that carry the whole question, the one that says it in one
    # place (its text, or a question asked about it in the asker's words) wins.
    closeness: float = 0.0
    # What it doesn't carry that no line of the documents says by any name ('chairs'): what the
    # documents don't say, rather than what this line doesn't.
    unsaid: tuple[str, ...] = ()
    unit: int = -1  # its index among the search's units
    # The share of the question's shape words ('PA', 'phone', 'list'; not a program's name, which every
    # line of its document carries alike) the unit itself prints: of passages that carry its topic
    # alike, one that also says what is asked of it is clearly ahead.
    shape: float = 0.0
    # ... and of its words for a means (MEANS_GROUPS: 'phone', 'website', 'form'): of passages that
    # carry its topic alike, the one that says how ranks first ('oncology requests by phone?' is the
    # sentence with the telephone number, not every one about requests).
    means: float = 0.0
    # Whether the question names the case the passage is about (questions.toml only_when): 'how long is
    # an approval good for?' is near the one-time 30-day approval of hospital outpatient requests, and
    # not answered by it.
    in_scope: bool = True
    # How near (token_sort_ratio, 0-100) the question's wording is to a question people ask about it,
    # read only for passages tied at the top of a ranking (0 when not read).
    likeness: float = 0.0

    @property
    def citation(self) -> Citation:
        return self.citations[0]


@dataclass(frozen=True)
class _Asked:
    """Questions people ask that one sentence of an entry answers (questions.toml), as stems."""

    sentence: str
    questions: tuple[frozenset[str], ...]  # each question's stems: words of two questions never add up
    said: frozenset[str] = frozenset()  # the sentence's own stems
    texts: tuple[str, ...] = ()  # the questions as written
    typed: tuple[str, ...] = ()  # ... and as the search reads a question's words ('words_of', joined)


@dataclass(frozen=True)
class _Entry:
    """One searchable unit: a line, or in a hard-wrapped paragraph (the policy) one sentence."""

    citations: tuple[Citation, ...]
    context: tuple[Citation, ...]
    text: str  # the line, or the sentence joined across its lines
    stems: frozenset[str]  # every word's stem, its FAQ question's or lead-in's too
    indexed: str  # the same without function words, as tantivy indexes them
    passage: bool = False  # prose (knowledge/passages.py), not a row or a heading
    asked: tuple[_Asked, ...] = ()
    context_stems: frozenset[str] = frozenset()  # its FAQ question's or lead-in's stems
    asked_indexed: tuple[str, ...] = ()  # each question asked about it, as the stems it is indexed by
    scope: frozenset[str] = frozenset()  # thesaurus groups one of which a question must name (only_when)
    # Its questions asked, one after another: (which of `asked`, the question's stems, as read), and each
    # stem -> the bit mask of the questions that have it (bit i: the i-th): a ranking reads only the
    # questions sharing a stem with the question's topic (most share none) without a look at each.
    asked_flat: tuple[tuple[int, frozenset[str], str], ...] = dataclasses.field(default=(), compare=False)
    asked_at: dict[str, int] = dataclasses.field(default_factory=dict, compare=False, hash=False)
    asked_stems: frozenset[str] = dataclasses.field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        flat = tuple(
            (k, question, text)
            for k, asked in enumerate(self.asked)
            for question, text in zip(asked.questions, asked.typed, strict=False)
        )
        at: dict[str, int] = {}
        for i, (_, question, _) in enumerate(flat):
            for s in question:
                at[s] = at.get(s, 0) | 1 << i
        object.__setattr__(self, "asked_flat", flat)
        object.__setattr__(self, "asked_at", at)
        object.__setattr__(self, "asked_stems", frozenset(at))


@cache
def _data() -> dict:
    return package_toml("intents.reading", "search.toml")


def words_of(text: str) -> list[str]:
    # 'non-hospital' is one word: a line about non-hospital infusion does not say 'hospital'.
    text = text.lower().replace("’", "'").replace("sco+", "sco plus")
    if "non" in text:  # the pattern's only literal: most text has none, and the pattern is slow to fail
        text = _NON_PREFIX.sub("non", text)
    if "'s" in text:
        return [w.removesuffix("'s") for w in _WORD.findall(text)]
    return _WORDS.findall(text)


def searched_part(text: str) -> tuple[str, bool]:
    """The part of a message the search reads: up to MAX_SEARCHED_WORDS words (the text itself when it
    has no more), and whether words were left out."""
    if len(text) < 2 * MAX_SEARCHED_WORDS + 1:  # each word and the space after it: too short to have more
        return text, False
    lowered = text.lower()  # as words_of reads it (lowering may change the length of a few letters)
    for k, m in enumerate(_WORD.finditer(lowered)):
        if k == MAX_SEARCHED_WORDS:
            return lowered[: m.start()], True
    return text, False


def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@cache
def stopwords() -> frozenset[str]:
    return frozenset(w.replace("’", "'") for w in _data()["stopwords"]["words"].split())


@cache
def _yes_no_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = _data()["yes_no"]
    # Gated (literal_gate): the union of negations opens with a word boundary, which `re` tries at every
    # position of the text (~12 us on a question); a text with none of its words is told by `in`.
    return re.compile(words["opener"]), gated(re.compile(words["negated"])), re.compile(words["wh"])


def _asks_wh(text: str) -> bool:
    return _yes_no_patterns()[2].match(text.lower()) is not None


def _asks_yes_or_no(text: str) -> bool:
    opener, negated, _ = _yes_no_patterns()
    lowered = text.lower()
    return opener.match(lowered) is not None and negated.search(lowered) is None


def asks_yes_or_no(text: str) -> bool:
    """Whether the question asks yes or no, not negated (search.toml [yes_no]): read by a rule's lead too."""
    return _asks_yes_or_no(text)


def asks_universal(text: str) -> bool:
    """Whether the question asks of all, every or any of something (search.toml [yes_no].universal)."""
    return _universal().search(text.lower()) is not None


@cache
def _note_reference() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(_data()["numbered_notes"]["words"].split(), key=len, reverse=True))
    return re.compile(rf"\b(?:{words})\s*(?:number\s*|no\.?\s*|#\s*)?(\d{{1,2}})\b")


def with_note_numbers(text: str) -> str:
    """The question with each numbered footnote it points at as one word ('footnote 2' reads 'note2'):
    the number names the item, as the item's own 'N.' does (numbered_item_stem)."""
    lowered = text.lower()
    if "#" in lowered:  # 'policy #', 'fax#': the sign is read as the word it stands for ('note #3' is note 3)
        lowered = _NUMBER_SIGN.sub(f" {_data()['number_sign']['reads']} ", lowered)
    if not any(w in lowered for w in _note_needles()):
        return lowered  # none of the pattern's words: most questions (the pattern is slow to fail)
    return _note_reference().sub(lambda m: f"note{int(m.group(1))}", lowered)


@dataclass(frozen=True)
class _AffirmPatterns:
    opener: re.Pattern[str]
    possible: re.Pattern[str]
    may: re.Pattern[str]
    hedged: re.Pattern[str]
    beyond: re.Pattern[str]
    implied: frozenset[str]


@lru_cache(maxsize=4096)
def _said_marks(said: str) -> tuple[frozenset[str], frozenset[str]]:
    """The negations and hedges a sentence of the documents says (lowered), read once per sentence: a
    long sentence is most of what affirms reads."""
    return frozenset(_yes_no_patterns()[1].findall(said)), frozenset(_affirm_patterns().hedged.findall(said))


@cache
def _affirm_patterns() -> _AffirmPatterns:
    data = _data()["affirms"]
    compiled = [re.compile(data[k]) for k in ("opener", "possible")]
    compiled += [gated(re.compile(data[k])) for k in ("may", "hedged", "beyond")]  # unions of words (as negated)
    return _AffirmPatterns(*compiled, frozenset(data["implied"].split()))


def demand_unmet(question: str, said: str) -> str | None:
    """What to say first when the question asks for a kind of fact (search.toml [demands]: how often)
    that `said` (the passage to quote) doesn't print ('They print no schedule for that'); else None."""
    lowered = question.lower()
    return next(
        (missing for asks, printed, missing in _demands() if asks.search(lowered) and not printed.search(said.lower())),
        None,
    )


@cache
def _demands() -> tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...]:
    return tuple((re.compile(d["asks"]), re.compile(d["printed"]), d["missing"]) for d in _data()["demands"].values())


@cache
def _fact_groups() -> frozenset[str]:
    return frozenset(_data()["facts"]["groups"].split())


@cache
def _reporter() -> re.Pattern[str]:
    # Gated: without 'ask', 'want' or 'wonder' in it (most questions) the pattern, which tries every
    # 'the'/'a' of a question, isn't run.
    return gated(re.compile(_data()["asides"]["reporter"]))


@cache
def _aside_groups() -> frozenset[str]:
    return frozenset(_data()["asides"]["groups"].split())


@cache
def _note_words() -> tuple[str, ...]:
    return tuple(_data()["numbered_notes"]["words"].split())


@cache
def _note_needles() -> tuple[str, ...]:
    """The note words none of which holds another ('note' is in 'footnote'): one of them is in any text
    that has a note word."""
    words = sorted(_note_words(), key=len)
    return tuple(w for k, w in enumerate(words) if not any(v in w for v in words[:k]))


def numbered_item_stem(text: str) -> str | None:
    """'note2' for a unit printed as '2. Cigna may grant an exception…' (a numbered footnote or item)."""
    m = _NUMBERED_ITEM.match(text)
    return f"note{int(m.group(1))}" if m else None


@cache
def question_shape_words() -> frozenset[str]:
    """The function words and the words of a question's shape, as typed ('what', 'list', 'code')."""
    return stopwords() | frozenset(_data()["generic"]["words"].split())


@cache
def generic_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in _data()["generic"]["words"].split())


class Thesaurus:
    """The documents folder's thesaurus (thesaurus.toml), indexed to read questions with: a question that
    has one member of a group also searches for every other member (and a member covers the group)."""

    def __init__(self, groups: tuple[ThesaurusGroup, ...]):
        # (group, each member's stems)
        self.groups = tuple((g.name, tuple(_member_stems(m) for m in g.members)) for g in groups)
        # Each member's words -> its group (matched word by word: a regular expression of every member
        # costs more to compile than the questions it would serve).
        self.member_group: dict[tuple[str, ...], int] = {}
        for k, g in enumerate(groups):
            for m in g.members:
                self.member_group.setdefault(tuple(words_of(m)), k)
        self.lengths_at = _member_lengths(self.member_group)  # where a member can begin, and its lengths
        self.words = frozenset(w for g in groups for m in g.members for w in words_of(m))
        self.read_concepts = lru_cache(maxsize=512)(self._read_concepts)
        self._word_read: dict[str, tuple[str, str, bool] | None] = {}
        self._word_groups: dict[str, frozenset[str]] = {}
        self._concepts: dict[object, Any] = {}  # a word, or a group and its members typed -> its concept

    # Kept with the built edition (knowledge/cache.py): the index, not the questions it has read.
    def __getstate__(self) -> dict:
        return {k: v for k, v in vars(self).items() if k != "read_concepts"}

    def __setstate__(self, state: dict) -> None:
        vars(self).update(state)
        self.read_concepts = lru_cache(maxsize=512)(self._read_concepts)
        self.__dict__.setdefault("_word_groups", {})  # kept by an older build
        self.__dict__.setdefault("_concepts", {})
        if "lengths_at" not in self.__dict__:  # kept by an older build
            self.lengths_at = _member_lengths(self.member_group)

    def groups_in(self, text: str) -> list[str]:
        """The names of the groups a text has a member of (the thesaurus's names, not the text's words)."""
        return self.groups_in_words(words_of(text))

    def groups_in_words(self, words: list[str]) -> list[str]:
        """groups_in of a text's words (words_of)."""
        return list(dict.fromkeys(self.groups[k][0] for k, _ in self._members_in(words)))

    def groups_of_word(self, word: str) -> frozenset[str]:
        """groups_in of one word of a question, once per word (WORD_MEMO kept): every ranking asks it
        of each of the question's concepts."""
        found = self._word_groups.get(word)
        if found is None:
            if len(self._word_groups) >= WORD_MEMO:
                self._word_groups.clear()
            found = self._word_groups[word] = frozenset(self.groups_in(word))
        return found

    def _members_in(self, words: list[str]) -> list[tuple[int, str]]:
        """Each thesaurus member the words have, longest first at each word, with its group: (group,
        the member as typed)."""
        found: list[tuple[int, str]] = []
        i, count, lengths_at, member_group = 0, len(words), self.lengths_at, self.member_group
        while i < count:
            lengths = lengths_at.get(words[i])
            if lengths is None:  # most words begin no member: no slice looked up
                i += 1
                continue
            for n in lengths:  # only the lengths of the members it begins, longest first
                if n > count - i:
                    continue
                k = member_group.get(tuple(words[i : i + n]))
                if k is not None:
                    found.append((k, " ".join(words[i : i + n])))
                    i += n
                    break
            else:
                i += 1
        return found

    def _read_concepts(self, text: str) -> tuple[Concept, ...]:
        """The question's words as unweighed concepts (a group's members are one concept)."""
        words = words_of(with_note_numbers(text))
        by_group: dict[int, list[str]] = {}
        for k, member in self._members_in(words):
            by_group.setdefault(k, []).append(member)
        out: list[Concept] = []
        covered: set[str] = set()
        for k, matches in sorted(by_group.items()):
            concept, typed = self._group_concept(k, tuple(matches))
            covered.update(typed)
            out.append(concept)
        for w in words:
            read = self._word_read.get(w, False)
            if read is False:
                read = self._read_word(w)
            if read is None or read[1] in covered:
                continue
            covered.add(read[1])
            concept = self._concepts.get(w)
            if concept is None:
                concept = self._kept_concept(w, Concept(read[0], ((read[1],),), 0.0, read[2]))
            out.append(concept)
        return tuple(out)

    def _group_concept(self, k: int, matches: tuple[str, ...]) -> tuple[Concept, tuple[str, ...]]:
        """The concept of a group's members as typed, and their stems; once per group and members
        (WORD_MEMO kept: a concept is frozen, so every question reading the same words shares it)."""
        found = self._concepts.get((k, matches))
        if found is None:
            # Every member the question has is this one concept ('heart or lung' is one).
            typed = tuple(stem(w) for m in matches for w in words_of(m))
            # A group that names a fact asked for ('policy number') is a topic, in words of the shape.
            # ... and one that tells who asks ('new to the team', 'my manager said') is an aside, not a topic.
            name = self.groups[k][0]
            generic = (
                all(s in generic_stems() for s in typed) or name in _aside_groups()
            ) and name not in _fact_groups()
            found = self._kept_concept((k, matches), (Concept(matches[0], self.groups[k][1], 0.0, generic), typed))
        return found

    def _kept_concept(self, key: object, concept: T) -> T:
        if len(self._concepts) >= WORD_MEMO:
            self._concepts.clear()
        self._concepts[key] = concept
        return concept

    def _read_word(self, typed: str) -> tuple[str, str, bool] | None:
        """A word of a question as a concept's word, its stem and whether it is of the question's shape;
        None for a function word. Once per word (WORD_MEMO)."""
        stop, generic_words = stopwords(), generic_stems()
        read: tuple[str, str, bool] | None = None  # 'waht', 'teh': a function word mistyped
        if typed not in stop and _swapped_known(typed, stop) is None:
            w = _swapped_known(typed, generic_words) or typed  # 'lsit': a word of the question's shape mistyped
            s = stem(w)
            # A number (a year, a count, a code's digits) is the rules' to read, not a topic.
            read = (w, s, s in generic_words or w.isdigit())
        if len(self._word_read) >= WORD_MEMO:
            self._word_read.clear()
        self._word_read[typed] = read
        return read


def _member_lengths(member_group: dict[tuple[str, ...], int]) -> dict[str, tuple[int, ...]]:
    """Each word a member begins with -> the lengths (in words) of the members it begins, longest first:
    a word beginning only one-word members (most do) is one look-up, not one per length up to the longest."""
    lengths: dict[str, set[int]] = {}
    for m in member_group:
        if m:
            lengths.setdefault(m[0], set()).add(len(m))
    return {w: tuple(sorted(ns, reverse=True)) for w, ns in lengths.items()}


def _member_stems(member: str) -> tuple[str, ...]:
    """The stems a line must have to say what a member says: every word's, function words too ('single
    request' is not said by every line with 'request' in it)."""
    return tuple(all_stems_of(member))


@cache
def thesaurus_of(groups: tuple[ThesaurusGroup, ...]) -> Thesaurus:
    return Thesaurus(groups)


def all_stems_of(text: str) -> list[str]:
    """Every word's stem, function words too: what a line says, for a thesaurus phrase to be found in."""
    return _STEMMER.stemWords(words_of(text))


def stems_of(text: str) -> list[str]:
    return list(_stems_of(text))


@lru_cache(maxsize=WORD_MEMO)
def _stems_of(text: str) -> tuple[str, ...]:
    """Read once per text: a question's drug names and codes are stemmed at each look at what it asks
    beyond them (Question.name_stems), and the same names are typed question after question."""
    stop = stopwords()
    return tuple(_STEMMER.stemWords([w for w in words_of(text) if w not in stop]))


def document_lines(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Each loaded document's lines (lines[0] is line 1), by source id."""
    return dict(_read_lines(tuple((s.id, s.file) for s in kb.sources.values()), kb.directory))


@cache
def _read_lines(sources: tuple[tuple[str, str], ...], directory: Path | None) -> tuple[tuple[str, list[str]], ...]:
    out = []
    for source_id, file in sources:
        folder = directory or Path(file).parent
        out.append((source_id, (folder / Path(file).name).read_text(encoding="utf-8").split("\n")))
    return tuple(out)


def printed_vocabulary(kb: KnowledgeBase) -> frozenset[str]:
    """Every word the documents print, as the question normalizer reads words, and its stem: a word
    printed anywhere in them is never reported as not found ('oncologists', 'reviewers')."""
    from intents.reading.normalize import TOKEN

    words: set[str] = set()
    for lines in document_lines(kb).values():
        text = unicodedata.normalize("NFKC", "\n".join(lines).lower().replace("’", "'"))
        # Whole tokens only: 'aflibercept' is printed only inside 'ziv-aflibercept', another product.
        words.update(TOKEN.findall(text))
    words |= thesaurus_of(kb.thesaurus).words  # the thesaurus's words are the documents' words by another name
    return frozenset(words | set(_STEMMER.stemWords(list(words))))


def is_printed(word: str, vocabulary: frozenset[str]) -> bool:
    return word in vocabulary or stem(word) in vocabulary


class DocumentSearch:
    """Every line of the loaded documents, ranked by BM25 for a question."""

    def __init__(self, kb: KnowledgeBase):
        # Read and indexed at the first question with words beyond names and the question's shape:
        # most questions (a drug, a code) never search, so start-up doesn't wait (about 25 ms).
        self._kb = kb
        self.source_of_program = {p: kb.source_of(p).id for p in kb.programs}
        self.program_words = kb.vocabulary.programs  # the manifest's words that name each program
        self._read: tuple[list[_Entry], dict[str, float], float] | None = None
        self._built: tuple[tantivy.Schema, tantivy.Searcher] | None = None
        self._rows: dict[tuple[str, int], Listing] | None = None
        self._ranked: dict[tuple, list[Hit]] = {}
        self._topics: dict[tuple[str, frozenset[str]], _Topic] = {}  # per question and ignored words
        self._readings: dict[str, _Reading] = {}  # per question (_reading)
        self._words: tuple[frozenset[str], list[str]] | None = None
        self._asked_table: tuple[list[str], list[tuple[int, str]]] | None = None
        self._units: dict[tuple[int, int], tuple[int, bool]] = {}  # index address -> (unit, a question asked)
        self._by_doc: list[tuple[int, bool]] | None = None  # ... by document number, when one segment has all
        self._phrases: dict[tuple[str, ...], bool] = {}  # a phrase's stems -> printed together in one unit
        self._respellings: dict[str, str | None] = {}  # a word -> the known word it is read as (None: itself)
        self._clauses: dict[tuple[str, str, float], tuple[tantivy.Occur, tantivy.Query]] = {}
        self._sources_queries: dict[frozenset[str], tantivy.Query] = {}
        self._field_terms: dict[str, frozenset[str]] | None = None
        self._weights: dict[tuple[tuple[str, ...], ...], float] = {}  # a concept's alternatives -> its weight
        self._said_by_any: dict[tuple[tuple[str, ...], ...], bool] = {}  # ... -> printed by one of them
        self._asked_words_sorted: list[str] | None = None
        self._asked_vocab: frozenset[str] | None = None
        self._asked_sorted_of: dict[int, list[str]] = {}  # a unit -> its questions asked, words sorted
        self._concept_terms: dict[tuple[str, tuple[tuple[str, ...], ...], float], list[tuple[str, float]]] = {}
        self._choices_by_length: dict[int, list[str]] = {}  # a word's length -> respellings it can reach
        self._program_named: dict[str, bool] = {}  # a concept's word -> it names a program
        self._weighed_concepts: dict[int, tuple[Concept, Concept]] = {}  # a concept read -> it weighed
        self._covers = _Covers()  # how each unit ranked covers each concept asked (per edition)
        self._weighed = lru_cache(maxsize=RANKED_CACHE)(self._weigh)
        self._building = threading.RLock()  # Slack answers on a thread pool: build once

    def warm(self) -> None:
        """Read and index now. A long-running bot calls this before it takes questions, so no asker's
        first search pays for the build; a one-shot `ask` never does."""
        self._index()
        self._vocabulary()
        self._indexed_terms()
        self._asked_sorted()
        self._asked_vocabulary()
        self._map_units()

    @property
    def kb(self) -> KnowledgeBase:
        return self._kb

    @cached_property
    def thesaurus(self) -> Thesaurus:
        # Indexed at its first use, once per edition (~6 ms): a one-shot start reads it back built.
        kb = self._kb
        if kb.edition_key is None:  # built in memory (tests, benchmarks): nothing to key it by
            return thesaurus_of(kb.thesaurus)
        return remembered("thesaurus", kb.edition_key, lambda: thesaurus_of(kb.thesaurus))

    def forget_questions(self) -> None:
        """Drop the rankings and concepts kept by question text (the index and vocabulary stay)."""
        self._ranked = {}
        self._topics = {}
        self._readings = {}
        self._weighed.cache_clear()
        self.thesaurus.read_concepts.cache_clear()

    @property
    def ready(self) -> bool:
        return self._built is not None

    @property
    def entries(self) -> list[_Entry]:
        return self._documents()[0]

    def _documents(self) -> tuple[list[_Entry], dict[str, float], float]:
        read = self._read
        if read is not None:  # read once per edition: every later look-up skips the lock
            return read
        with self._building:
            if self._read is None:
                entries: list[_Entry] = []
                files = {s.id: s.file for s in self._kb.sources.values()}
                for source_id, lines in document_lines(self._kb).items():
                    entries += _read_document(self._kb, source_id, files[source_id], lines)
                doc_freq: dict[str, int] = {}
                for e in entries:
                    for s in e.stems:
                        doc_freq[s] = doc_freq.get(s, 0) + 1
                n = len(entries)
                idf = {s: _idf(n, df) for s, df in doc_freq.items()}
                self._read = (entries, idf, _idf(n, UNSEEN_AS_DOC_FREQ))
        return self._read

    @property
    def _schema(self) -> tantivy.Schema:
        return self._index()[0]

    @property
    def _searcher(self) -> tantivy.Searcher:
        return self._index()[1]

    def _index(self) -> tuple[tantivy.Schema, tantivy.Searcher]:
        built = self._built
        if built is not None:
            return built
        with self._building:
            if self._built is None:
                self._built = self._build()
        return self._built

    def _build(self) -> tuple[tantivy.Schema, tantivy.Searcher]:
        import tantivy  # here, not at import: start-up doesn't wait for what most questions never use

        builder = tantivy.SchemaBuilder()
        # Pre-stemmed text: whitespace is the only analysis left for tantivy to do.
        builder.add_text_field("body", stored=False, tokenizer_name="whitespace")
        builder.add_text_field("asked", stored=False, tokenizer_name="whitespace")
        builder.add_text_field("source", stored=False, tokenizer_name="raw")
        builder.add_unsigned_field("entry", stored=True, indexed=False)
        builder.add_unsigned_field("asked_of", stored=True, indexed=False)  # 1: a question asked about the unit
        schema = builder.build()
        index = tantivy.Index(schema)
        writer = index.writer(15_000_000, 1)
        # A unit's own words are one document, and each question people ask about it another: a question
        # is ranked against each question asked as against a short FAQ entry, and a unit asked about in
        # many ways is not pushed down for the length of all its questions together.
        for k, e in enumerate(self.entries):
            for field, text in [("body", e.indexed), *(("asked", q) for q in e.asked_indexed)]:
                doc = tantivy.Document()
                doc.add_text(field, text)
                doc.add_text("source", e.citations[0].source)
                doc.add_unsigned("entry", k)
                doc.add_unsigned("asked_of", int(field == "asked"))
                writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        return schema, index.searcher()

    def row_at(self, citation: Citation) -> Listing | None:
        """The table row printed on that line, if it is one."""
        if self._rows is None:
            self._rows = {(x.citation.source, x.citation.line): x for x in self._kb.listings}
        return self._rows.get((citation.source, citation.line))

    def printed(self, word: str) -> bool:
        """Whether any line of the documents has the word (by its stem)."""
        return stem(word) in self._documents()[1]

    def printed_stem(self, stem_: str) -> bool:
        return stem_ in self._documents()[1]

    def printed_phrase(self, stems: tuple[str, ...]) -> bool:
        """Whether one unit of the documents has every word of a phrase ('new member' is not printed
        because 'new' and 'member' each are somewhere)."""
        if len(stems) == 1:
            return self.printed_stem(stems[0])
        found = self._phrases.get(stems)
        if found is None:
            words = set(stems)
            found = self._phrases[stems] = any(words <= e.stems for e in self.entries)
        return found

    def idf(self, stem_: str) -> float:
        _, idf, unseen = self._documents()
        return idf.get(stem_, unseen)

    def respelled(self, text: str) -> str:
        """The question with a word nothing has (not the documents, the thesaurus or the questions people
        ask) read as the word one slip away that something has ('turnarund', 'grandfatherd'); a few
        words at most, so a pasted page costs no more than a question. A word the dictionary prints
        is spelled right, though nothing here has it: it is never looked up."""
        words = words_of(text)
        fixed = 0
        for i, w in enumerate(words):
            if fixed == MAX_RESPELLED:
                break
            respelling = self._respellings.get(w, False)
            if respelling is False:
                respelling = self._respelling(w)
            if respelling is not None:
                words[i], fixed = respelling, fixed + 1
        return " ".join(words) if fixed else text

    def _respelling(self, w: str) -> str | None:
        """The known word this one is read as (None: read as typed), once per word (WORD_MEMO)."""
        vocabulary = self._vocabulary()[0]
        found: str | None = None
        if w in vocabulary or w in question_shape_words() or not w.isalpha():
            pass  # known, or a word of the question's shape ('contact' is not 'contract' mistyped)
        elif (swapped := _swapped_known(w, vocabulary)) is not None:  # 'lsit', 'waht': two letters swapped
            found = swapped
        elif _plural_in_dictionary(w):
            # 'administers' is 'administer'; 'places' is never 'replaces', though one slip away.
            found = w[:-1] if w[:-1] in vocabulary else None
        elif len(w) >= MIN_RESPELLED_LEN and not in_dictionary(w):
            choices = self._respelling_choices(len(w))
            best = process.extractOne(w, choices, scorer=fuzz.ratio, processor=None, score_cutoff=RESPELL_MIN_RATIO)
            found = best[0] if best is not None else None
        if len(self._respellings) >= WORD_MEMO:
            self._respellings.clear()
        self._respellings[w] = found
        return found

    def _vocabulary(self) -> tuple[frozenset[str], list[str]]:
        """Every word search knows (the documents', the thesaurus's, the asked questions'), and those long
        enough to be a respelling's target."""
        if self._words is None:
            known = {w for e in self.entries for w in words_of(e.text)} | self.thesaurus.words
            known |= {w for a in self._kb.asked for q in a.questions for w in words_of(q)}
            self._words = (frozenset(known), sorted(w for w in known if len(w) >= MIN_RESPELLED_LEN and w.isalpha()))
        return self._words

    def _respelling_choices(self, length: int) -> list[str]:
        """The respelling targets a word of this length can reach RESPELL_MIN_RATIO with, in the same
        order as all of them (extractOne keeps the first of equals): fuzz.ratio is at most
        1 - |difference of lengths| / (sum of lengths), so the others are never read."""
        found = self._choices_by_length.get(length)
        if found is None:
            reach = (100 - RESPELL_MIN_RATIO + 1) / 100  # a point of slack for the scorer's rounding
            found = [c for c in self._vocabulary()[1] if abs(len(c) - length) <= reach * (len(c) + length)]
            self._choices_by_length[length] = found
        return found

    def asked_like(self, text: str, sources: set[str] | None = None) -> Hit | None:
        """The passage whose question people ask is worded most like this one, whole (an FAQ retrieval
        by the question's wording, for a question with no topic word to search by); None below
        ASKED_LIKE_MIN_RATIO."""
        # A function word no question people ask has ('so', 'exactly') only lowers the likeness.
        asked_words = self._asked_vocabulary()
        typed = [w for w in words_of(text) if w in asked_words or w not in stopwords()]
        if not typed:
            return None
        _, owners = self._asked_questions()
        # token_sort_ratio is the ratio of the words sorted: the questions asked are sorted once per
        # edition, not at every comparison (a twentieth of the cost).
        for _, score, k in process.extract(
            " ".join(sorted(typed)),
            self._asked_sorted(),
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=ASKED_LIKE_MIN_RATIO,
            limit=3,
        ):
            entry_index, sentence = owners[k]
            entry = self.entries[entry_index]
            if sources and entry.citations[0].source not in sources:
                continue
            sentence = _unnumbered(_quoted(entry, sentence))
            return Hit(entry.citations, entry.context, score, 1.0, sentence, entry.passage, True, True, 1.0)
        return None

    def asked_ratio(self, hit: Hit, text: str) -> float:
        """How close in wording the question is to the nearest question people ask about the hit's unit
        (token_set_ratio, 0-100): a one-word match through a question asked must be that question."""
        if hit.unit < 0:
            return 0.0
        typed = " ".join(words_of(text))
        texts = [q for a in self.entries[hit.unit].asked for q in a.typed]
        found = process.extractOne(typed, texts, scorer=fuzz.token_set_ratio, processor=None) if texts else None
        return found[1] if found else 0.0

    def likeness(self, hit: Hit, text: str) -> float:
        """How close in wording the question is to the nearest question people ask about the hit's unit,
        its words sorted (token_sort_ratio, 0-100: words of the question that one lacks count against it,
        unlike asked_ratio's)."""
        return self._likeness(hit, " ".join(sorted(words_of(text))))

    def _likeness(self, hit: Hit, typed_sorted: str) -> float:
        """likeness, of the question's words sorted (read once for every hit of a tie)."""
        if hit.unit < 0:
            return 0.0
        texts = self._asked_sorted_of.get(hit.unit)
        if texts is None:
            texts = [" ".join(sorted(q.split())) for a in self.entries[hit.unit].asked for q in a.typed]
            self._asked_sorted_of[hit.unit] = texts
        if not texts:
            return 0.0
        found = process.extractOne(typed_sorted, texts, scorer=fuzz.ratio, processor=None)
        return found[1] if found else 0.0

    def shape_share(self, hit: Hit, text: str) -> float:
        """The share of the question's shape words ('how many', 'codes', 'added', '2018') the hit's unit
        itself prints."""
        shape = [c for c in self.concepts(text) if c.generic and c.weight > 0]
        total = sum(c.weight for c in shape)
        if hit.unit < 0 or not total:
            return 0.0
        return _share(shape, self.entries[hit.unit].stems, total)

    def _asked_sorted(self) -> list[str]:
        """Every question people ask, its words sorted (as token_sort_ratio reads it)."""
        if self._asked_words_sorted is None:
            self._asked_words_sorted = [" ".join(sorted(q.split())) for q in self._asked_questions()[0]]
        return self._asked_words_sorted

    def _asked_vocabulary(self) -> frozenset[str]:
        """Every word of the questions people ask (read once per edition)."""
        if self._asked_vocab is None:
            self._asked_vocab = frozenset(w for q in self._asked_sorted() for w in q.split())
        return self._asked_vocab

    def _asked_questions(self) -> tuple[list[str], list[tuple[int, str]]]:
        """Every question people ask, as typed words, and the entry and sentence each is asked of."""
        with self._building:
            if self._asked_table is None:
                choices, owners = [], []
                for k, e in enumerate(self.entries):
                    for asked in e.asked:
                        for q in asked.typed:
                            choices.append(q)
                            owners.append((k, asked.sentence))
                self._asked_table = (choices, owners)
        return self._asked_table

    def reporters(self, text: str) -> set[str]:
        """The stems of who a question reports as asking ('our new infusion RN asked why …', 'pt's mom wants to
        know if …': search.toml [asides].reporter): an aside, not its topic."""
        found: set[str] = set()
        for m in _reporter().finditer(text.lower()):
            found.update(
                s for c in self.concepts(m.group(1), weigh=False) if not c.generic for a in c.alternatives for s in a
            )
        return found

    def has_topic(self, text: str, ignore: set[str] | None) -> bool:
        """Whether the text says something beyond the stems ignored and the question's shape (its
        concepts unweighed: read once per text)."""
        return any(self._topical(c, ignore) for c in self.concepts(text, weigh=False))

    def concepts(self, text: str, weigh: bool = True) -> list[Concept]:
        """The question's words as concepts: a synonym group's members are one concept. Unweighed
        (weight 0), they cost no reading of the documents. Only the first MAX_SEARCHED_WORDS words."""
        text = searched_part(text)[0]
        if not weigh:
            return list(self.thesaurus.read_concepts(text))
        return list(self._weighed(text))

    def _weigh(self, text: str) -> tuple[Concept, ...]:
        out = []
        weighed = self._weighed_concepts
        for c in self.thesaurus.read_concepts(self.respelled(text)):
            # Once per concept read (the thesaurus keeps each word's and group's: WORD_MEMO), kept with
            # it, so an id is never another's.
            kept = weighed.get(id(c))
            if kept is None or kept[0] is not c:
                if len(weighed) >= WORD_MEMO:
                    weighed.clear()
                kept = weighed[id(c)] = (c, self._weighed_concept(c))
            out.append(kept[1])
        return tuple(out)

    def _weighed_concept(self, c: Concept) -> Concept:
        # An adverb the documents never print ('automatically', 'basically') says how, not what:
        # weighed as a topic it would outweigh the words the documents do say.
        manner = not c.generic and _ADVERB.fullmatch(c.word) is not None and not self.printed(c.word)
        return Concept(c.word, c.alternatives, self._concept_weight(c.alternatives), c.generic or manner)

    def _said(self, alternatives: tuple[tuple[str, ...], ...]) -> bool:
        """Whether some line of the documents has every word of one of the alternatives (each word
        somewhere), once per edition and set of alternatives (WORD_MEMO kept)."""
        found = self._said_by_any.get(alternatives)
        if found is None:
            printed = self._documents()[1]
            found = any(all(x in printed for x in a) for a in alternatives)
            if len(self._said_by_any) >= WORD_MEMO:
                self._said_by_any.clear()
            self._said_by_any[alternatives] = found
        return found

    def _concept_weight(self, alternatives: tuple[tuple[str, ...], ...]) -> float:
        """A phrase weighs as its rarest word; a concept as its commonest alternative. Once per edition
        and set of alternatives (a synonym group's are the same at every question; WORD_MEMO kept)."""
        found = self._weights.get(alternatives)
        if found is None:
            _, idf, unseen = self._documents()
            found = min(max(idf.get(s, unseen) for s in a) for a in alternatives)
            if len(self._weights) >= WORD_MEMO:
                self._weights.clear()
            self._weights[alternatives] = found
        return found

    def _names_program(self, c: Concept) -> bool:
        found = self._program_named.get(c.word)  # once per word (WORD_MEMO kept)
        if found is None:
            if len(self._program_named) >= WORD_MEMO:
                self._program_named.clear()
            found = self._program_named[c.word] = any(re.search("|".join(w.words), c.word) for w in self.program_words)
        return found

    @staticmethod
    def _topical(c: Concept, ignore: set[str] | None) -> bool:
        return not c.generic and not (ignore and any(a[0] in ignore and set(a) <= ignore for a in c.alternatives))

    def coverage(self, text: str, lines: list[str], ignore: set[str] | None = None) -> float:
        """The share of the question's topic weight that these lines carry together (1.0 when the
        question has no topic words: nothing asked beyond what the rules answer)."""
        topic = [
            c
            for c in self.concepts(text)
            if not c.generic and not (ignore and any(set(a) <= ignore for a in c.alternatives))
        ]
        total = sum(c.weight for c in topic)
        if not topic or total < MIN_TOPIC_WEIGHT:
            return 1.0
        stems = frozenset().union(*map(_line_stems, lines))
        return sum(c.weight for c in topic if _covers(c, stems)) / total

    def shape_coverage(self, text: str, lines: list[str]) -> float:
        """The share of the question's shape words ('newly added', 'phone'; not a program's name) that
        these lines print together (0.0 when it has none)."""
        shape = self._reading(text, self.concepts(text)).shape
        total = sum(c.weight for c in shape)
        if not total:
            return 0.0
        return _share(list(shape), frozenset().union(*map(_line_stems, lines)), total)

    def affirms(self, text: str, hit: Hit, ignore: set[str] | None = None) -> bool:
        """Whether the hit's sentence says, in its own words, all that a plain yes/no question asks: every
        topic and shape word of it (a program's name aside), with no hedge or negation ('may', 'when',
        'not') in the sentence and nothing beyond it asked ('always', 'automatically'). 'does eviCore
        review urgent peds oncology requests?' is a 'Yes' of the reviewers' sentence; 'can the 30 days be
        extended?' is never one."""
        p = _affirm_patterns()
        said, lowered = hit.sentence.lower(), text.lower()
        possible = p.possible.match(lowered) is not None  # 'can the list change …?': 'may change'
        if not (p.opener.match(lowered) or (possible and p.may.search(said))) or _VERDICT_OPENS.match(hit.sentence):
            return False
        # Not negated, unless the sentence says the same negation ('… without telling us?').
        negated = _yes_no_patterns()[1]
        said_negations, said_hedges = _said_marks(said)
        if not set(negated.findall(lowered)) <= said_negations or p.beyond.search(lowered):
            return False
        # A hedge the question itself says ('… without telling us?' of '… without prior notice') is asked.
        hedges = said_hedges - set(p.hedged.findall(lowered))
        if hedges - (_POSSIBLE_HEDGES if possible else set()):
            return False
        return self.says_all(text, hit.sentence, ignore)

    def says_all(self, text: str, said: str, ignore: set[str] | None = None) -> bool:
        """Whether `said` prints every topic and shape word of the question, by any of its synonyms (a
        program's name, the payer every document is from, numbers and `ignore`'s stems aside)."""
        stems = _line_stems(said)
        concepts = self.concepts(text)
        implied = _affirm_patterns().implied  # the payer every document is from
        asked = [
            c
            for c in concepts
            if c.weight > 0 and not c.word.isdigit() and not self._names_program(c) and c.word not in implied
        ]
        asked = [c for c in asked if not (ignore and any(set(a) <= ignore for a in c.alternatives))]
        return bool(asked) and all(_covers(c, stems) for c in asked)

    @staticmethod
    def affirmed(headline: str) -> str:
        """The headline led by the documents' yes (search.toml [affirms].lead)."""
        return _data()["affirms"]["lead"].format(headline=headline)

    def _query(
        self,
        terms: list[str] | dict[str, float],
        sources: set[str] | None = None,
        fields: tuple[str, ...] = ("body", "asked"),
    ) -> tantivy.Query:
        """BM25 over a unit's own words and over the questions people ask about it (questions.toml);
        `terms` may weigh each term (a word of the question's shape less than a word of its topic)."""
        import tantivy

        weights = terms if isinstance(terms, dict) else dict.fromkeys(terms, 1.0)
        indexed = self._indexed_terms()
        # A boolean of term queries ranks by BM25 (a term-set query would score every match alike). A term
        # no document has in a field scores nothing there and adds nothing to any sum (the union drops
        # an empty clause before it scores): left out, the search reads only the clauses that match.
        searched = [(f, boost, indexed[f]) for f, boost in FIELD_BOOSTS.items() if f in fields]
        built = self._clauses
        clauses = [
            built.get((f, t, boost * weight)) or self._clause(f, t, boost * weight)
            for t, weight in sorted(weights.items())
            for f, boost, terms in searched
            if t in terms
        ]
        query = tantivy.Query.boolean_query(clauses) if clauses else tantivy.Query.empty_query()
        if not sources:
            return query
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, self._within(sources))])

    def _indexed_terms(self) -> dict[str, frozenset[str]]:
        """Each text field's terms, as the index holds them (whitespace-separated stems)."""
        if self._field_terms is None:
            self._field_terms = {
                "body": frozenset(w for e in self.entries for w in e.indexed.split()),
                "asked": frozenset(w for e in self.entries for q in e.asked_indexed for w in q.split()),
            }
        return self._field_terms

    def _clause(self, field: str, term: str, boost: float) -> tuple[tantivy.Occur, tantivy.Query]:
        """One boosted term of a query, built once per edition (building a query's few dozen terms cost
        as much as the search they run; WORD_MEMO kept)."""
        key = (field, term, boost)
        found = self._clauses.get(key)
        if found is None:
            import tantivy

            query = tantivy.Query.boost_query(tantivy.Query.term_query(self._schema, field, term), boost)
            if len(self._clauses) >= WORD_MEMO:
                self._clauses.clear()
            found = self._clauses[key] = (tantivy.Occur.Should, query)
        return found

    def _within(self, sources: set[str]) -> tantivy.Query:
        """Only these documents: a boolean of source terms scored 0 (a term-set query here is ten times
        slower); built once per set of documents."""
        key = frozenset(sources)
        found = self._sources_queries.get(key)
        if found is None:
            import tantivy

            schema = self._schema
            found = self._sources_queries[key] = tantivy.Query.const_score_query(
                tantivy.Query.boolean_query(
                    [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "source", x)) for x in sorted(sources)]
                ),
                0.0,
            )
        return found

    def rank(self, text: str, k: int = 3) -> list[tuple[Citation, ...]]:
        """The k best-ranked units by BM25 over their own words alone (no gate, no questions people ask):
        what a question's words find."""
        terms = sorted({s for c in self.concepts(text) for a in c.alternatives for s in a})
        if not terms:
            return []
        return [
            self.entries[self._searcher.doc(address)["entry"][0]].citations
            for _, address in self._searcher.search(self._query(terms, fields=("body",)), k).hits
        ]

    def search(
        self,
        text: str,
        sources: set[str] | None = None,
        ignore: set[str] | None = None,
        min_topic: float = MIN_TOPIC_WEIGHT,
    ) -> list[Hit]:
        """Lines that carry the question, best first. `ignore`: stems already answered elsewhere (the
        drug names the question names: they still rank, but a line is not quoted for them); `sources`:
        only these documents; `min_topic`: how much the question must ask beyond what is ignored."""
        return [h for h in self._ranking(text, sources, ignore, min_topic, confident_only=True) if h.confident][
            :MAX_QUOTED
        ]

    def nearest(
        self, text: str, sources: set[str] | None = None, ignore: set[str] | None = None, k: int = MAX_NEAREST
    ) -> list[Hit]:
        """The passages of prose nearest the question when none carries it: what an unsure answer offers."""
        near = [h for h in self.ranked(text, sources, ignore, 0.0) if h.passage and h.coverage >= NEAR_COVERAGE]
        return near[:k]

    def ranked(
        self,
        text: str,
        sources: set[str] | None = None,
        ignore: set[str] | None = None,
        min_topic: float = MIN_TOPIC_WEIGHT,
    ) -> list[Hit]:
        """Every unit BM25 ranks in its top TOP_K, with how much of the question it carries, best first."""
        return self._ranking(text, sources, ignore, min_topic)

    def _ranking(
        self,
        text: str,
        sources: set[str] | None,
        ignore: set[str] | None,
        min_topic: float,
        confident_only: bool = False,
    ) -> list[Hit]:
        """`ranked`; with confident_only, only the first MAX_QUOTED units that carry the question
        confidently, in the same order (the ranking sorts them first, and a leading tie is among them):
        a drug answer's look for a further line (drug_answer.lines_beside) ranks for most drug questions
        and finds one for few, and no other unit's sentence is chosen."""
        key = (text, frozenset(sources or ()), frozenset(ignore or ()), min_topic, confident_only)
        found = self._ranked.get(key)
        if found is None:
            found = self._rank(text, sources, ignore, min_topic, confident_only)
            if len(self._ranked) >= RANKED_CACHE:
                self._ranked.clear()
            self._ranked[key] = found
        return found

    def _top_entries(self, terms: dict[str, float], sources: set[str] | None) -> list[tuple[int, _Entry, float]]:
        """The TOP_K units best ranked by BM25, each scored by its own words plus the question asked
        about it that ranks best."""
        body: dict[int, float] = {}
        asked: dict[int, float] = {}
        by_doc = self._by_doc
        for score, address in self._searcher.search(self._query(terms, sources), TOP_K * DOCS_PER_UNIT).hits:
            k, asked_of = by_doc[address.doc] if by_doc is not None else self._unit_of(address)
            if not asked_of:
                body[k] = score
            elif k not in asked:  # the best-ranked question asked about it
                asked[k] = score
        scored = {k: body.get(k, 0.0) + asked.get(k, 0.0) for k in {*body, *asked}}
        best = sorted(scored, key=lambda k: -scored[k])[:TOP_K]
        return [(k, self.entries[k], scored[k]) for k in best]

    def _map_units(self) -> None:
        """Which unit every document of the index is, read now: a server's first questions don't pay
        for the reads."""
        import tantivy

        searcher = self._searcher
        for _, address in searcher.search(tantivy.Query.all_query(), searcher.num_docs).hits:
            self._unit_of(address)
        if searcher.num_segments == 1:  # as built (one commit): a document's number alone says which it is
            self._by_doc = [self._units[(0, doc)] for doc in range(searcher.num_docs)]

    def _unit_of(self, address: tantivy.DocAddress) -> tuple[int, bool]:
        """The unit a document of the index is (its own words, or a question asked about it); each
        document's stored fields are read once (a read costs more than the ranking)."""
        key = (address.segment_ord, address.doc)
        found = self._units.get(key)
        if found is None:
            doc = self._searcher.doc(address)
            found = self._units[key] = (doc["entry"][0], bool(doc["asked_of"][0]))
        return found

    def _weighed_terms(
        self, concepts: tuple[Concept, ...] | list[Concept], ignore: set[str] | None
    ) -> dict[str, float]:
        """Each search term with its weight. The question's shape ('sco', 'list', 'mean') ranks a
        program's own lines first, but less than its topic ('footnote 2 on the sco list' is the
        footnote's, not every SCO line's); a synonym the asker didn't type counts less than the words
        typed, and a word of a synonym's phrase less again ('single request' must not rank every line
        with 'request' in it above the line asked about)."""
        terms: dict[str, float] = {}
        for c in concepts:
            weight = 1.0 if self._topical(c, ignore) else GENERIC_TERM_BOOST
            for s, boost in self._terms_of(c, weight):
                if boost > terms.get(s, 0.0):  # the greater of its boosts (a boost is never 0)
                    terms[s] = boost
        return terms

    def _terms_of(self, c: Concept, weight: float) -> list[tuple[str, float]]:
        """A concept's search terms and their boosts, once per concept and weight (a synonym group's
        concept has dozens; WORD_MEMO kept)."""
        key = (c.word, c.alternatives, weight)
        found = self._concept_terms.get(key)
        if found is None:
            found = []
            typed = set(all_stems_of(c.word))
            for alternative in c.alternatives:
                for s in alternative:
                    if s in typed:
                        boost = weight
                    else:
                        boost = weight * SYNONYM_TERM_BOOST * (PHRASE_PART_BOOST if len(alternative) > 1 else 1.0)
                    found.append((s, boost))
            if len(self._concept_terms) >= WORD_MEMO:
                self._concept_terms.clear()
            self._concept_terms[key] = found
        return found

    def _topic_of(self, text: str, ignore: set[str] | None, topic: list[Concept]) -> _Topic:
        """The question's topic read for ranking, once per question and ignored words: its rankings in
        several sets of documents share it, and how much of it a unit carries (RANKED_CACHE kept)."""
        key = (text, frozenset(ignore or ()))
        found = self._topics.get(key)
        if found is None:
            if len(self._topics) >= RANKED_CACHE:
                self._topics.clear()
            # Asked about, and said by no line of the documents by any name ('chairs').
            unsaid = [c for c in topic if not self._said(c.alternatives)]
            found = self._topics[key] = _Topic(topic, " ".join(words_of(text)), unsaid, self._covers)
        return found

    @staticmethod
    def _unit_hit(read: _Topic, unit: int, entry: _Entry, chosen: bool = True) -> Hit:
        """How a unit carries the question (its BM25 score aside: 0), once per question; unless chosen,
        its sentence is left '' (_with_sentence chooses it: a hit's place in the ranking never reads it)."""
        hits = read.hits if chosen else read.unchosen
        found = hits.get(unit)
        if found is not None:
            return found
        coverage, covered, lead, closeness = _carried_once(read, unit, entry)
        confident = _confident(read, coverage, covered)
        reading = read.reading
        sentence = _answering_sentence(entry, read, read.total, lead, reading) if chosen else ""
        missing = tuple(c.word for c in read.unsaid if c not in covered)
        found = hits[unit] = _new_hit(
            citations=entry.citations,
            context=entry.context,
            score=0.0,
            coverage=coverage,
            sentence=sentence,
            passage=entry.passage,
            confident=confident,
            asked=bool(lead),
            closeness=closeness,
            unsaid=missing,
            unit=unit,
            shape=reading.shape_cover.share(entry.stems, reading.shape_total) if reading.shape else 0.0,
            means=reading.means_cover.share(entry.stems, reading.means_total) if reading.means else 0.0,
            in_scope=not entry.scope or bool(entry.scope & reading.named) or bool(reading.numbers & entry.stems),
            likeness=0.0,
        )
        return found

    def _rank(
        self, text: str, sources: set[str] | None, ignore: set[str] | None, min_topic: float, confident_only: bool
    ) -> list[Hit]:
        if not self.has_topic(text, ignore):
            return []  # names and the question's shape only: nothing to search for
        concepts = self.concepts(text)
        topic = [c for c in concepts if self._topical(c, ignore)]
        total = sum(c.weight for c in topic)
        if not topic or total < min_topic:
            return []
        terms = self._weighed_terms(concepts, ignore)
        read = self._topic_of(text, ignore, topic)
        units = self._top_entries(terms, sources)
        if confident_only:
            units = [
                (k, e, score)
                for k, e, score in units
                if _may_be_confident(read, k, e) and _confident(read, *_carried_once(read, k, e)[:2])
            ]
            if not units:
                return []
        if read.reading is None:  # read only for a ranking that keeps a unit
            read.reading = self._reading(text, concepts)
        chosen = not confident_only  # ... whose sentences are chosen for the hits searched for only
        out = [_scored(self._unit_hit(read, unit, entry, chosen), score) for unit, entry, score in units]
        out.sort(key=_rank_key)
        ranked = self._tie_broken(text, out)
        return ranked if chosen else [self._with_sentence(read, h) for h in ranked[:MAX_QUOTED]]

    def _with_sentence(self, read: _Topic, hit: Hit) -> Hit:
        """The hit with the sentence of its unit that answers (_answering_sentence)."""
        entry = self.entries[hit.unit]
        lead = _carried_once(read, hit.unit, entry)[2]
        return _with(hit, sentence=_answering_sentence(entry, read, read.total, lead, read.reading))

    def _tie_broken(self, text: str, ranked: list[Hit]) -> list[Hit]:
        """The ranking with its leading tie (hits alike but for BM25) led by the one a question people
        ask about is worded most like the question, when one clearly is (TIE_LIKENESS_*)."""
        if len(ranked) < 2 or not ranked[0].confident or (first := _tie_key(ranked[0])) != _tie_key(ranked[1]):
            return ranked
        n = next(
            (i for i, h in enumerate(ranked[:MAX_TIED]) if i > 1 and _tie_key(h) != first), min(MAX_TIED, len(ranked))
        )
        typed_sorted = " ".join(sorted(words_of(text)))
        tied = [_with(h, likeness=self._likeness(h, typed_sorted)) for h in ranked[:n]]
        best = max(tied, key=lambda h: h.likeness)
        runner_up = max((h.likeness for h in tied if h is not best), default=0.0)
        if (
            not likeness_leads(best.likeness, runner_up)
            # ... unless it prints less of how the question is asked than BM25's first ('does Cigna require
            # PA for CAR-T?' is the FAQ that says 'require prior authorization', not how to request it).
            or best.shape < tied[0].shape - TIE_SHAPE_SLACK
        ):
            return [*tied, *ranked[n:]]
        return [best, *(h for h in tied if h is not best), *ranked[n:]]

    def _reading(self, text: str, concepts: tuple[Concept, ...] | list[Concept]) -> _Reading:
        """What a ranking needs of the question beyond its topic, once per question (its concepts are the
        question's: every ranking of it, and every rule weighed against it, reads the same)."""
        found = self._readings.get(text)
        if found is None:
            if len(self._readings) >= RANKED_CACHE:
                self._readings.clear()
            found = self._readings[text] = self._read_question(text, concepts)
        return found

    def _read_question(self, text: str, concepts: tuple[Concept, ...] | list[Concept]) -> _Reading:
        # The text lowered and its words read once for every pattern and group below.
        lowered, words = text.lower(), words_of(text)
        opener, negated, wh = _yes_no_patterns()
        opens = opener.match(lowered) is not None
        weighed = [(c, self.thesaurus.groups_of_word(c.word)) for c in concepts if c.weight > 0]
        asked_shape = tuple(c for c in concepts if c.generic and c.weight > 0 and not c.word.isdigit())
        return _Reading(
            yes_no=opens and negated.search(lowered) is None,  # as _asks_yes_or_no
            wh=wh.match(lowered) is not None,
            asks=opens or text.rstrip().endswith("?"),
            named=frozenset(self.thesaurus.groups_in_words(words)),
            numbers=frozenset(w for w in words if w.isdigit()),
            asked_shape=asked_shape,
            shape=tuple(c for c in asked_shape if not self._names_program(c)),
            means=tuple(c for c, groups in weighed if groups & MEANS_GROUPS),
            leads=tuple(c for c, groups in weighed if groups & LEAD_GROUPS),
            universal=_universal().search(lowered) is not None,
        )


@dataclass(frozen=True)
class _Reading:
    """What a ranking needs to know of the question beyond its topic: whether it asks yes or no, or
    how/what; the thesaurus groups and numbers it names; its shape words, and its words for a means."""

    yes_no: bool
    wh: bool
    asks: bool  # opens as a yes/no question or ends in a question mark, negated or not: not a fragment
    named: frozenset[str]
    numbers: frozenset[str]
    asked_shape: tuple[Concept, ...]  # every shape word, programs' names too
    shape: tuple[Concept, ...]  # ... without programs' names
    means: tuple[Concept, ...]
    leads: tuple[Concept, ...] = ()  # words that decide the sentence to lead (LEAD_GROUPS)
    universal: bool = False  # asks of all, every or any of something

    @cached_property
    def shape_total(self) -> float:
        return sum(c.weight for c in self.shape)

    @cached_property
    def means_total(self) -> float:
        return sum(c.weight for c in self.means)

    # The shape's and the means' words as masks (as the topic's are): every ranked unit is weighed
    # against both, and a synonym group's dozens of phrases are looked for only where their first stem is.
    @cached_property
    def shape_cover(self) -> _Topic:
        return _Topic(list(self.shape))

    @cached_property
    def means_cover(self) -> _Topic:
        return _Topic(list(self.means))


def _rank_key(h: Hit) -> tuple:
    """Of lines that carry as much, the one saying it in one place, then the one printing the means
    asked, then prose before a heading or a row that only names the topic, then BM25."""
    return (not h.confident, -round(h.coverage, 2), -round(h.closeness, 1), -round(h.means, 1), not h.passage, -h.score)


def likeness_leads(best: float, runner_up: float) -> bool:
    """Whether a likeness this much ahead of the runner-up's decides a tie (TIE_*)."""
    margin = best - runner_up
    return (best >= TIE_LIKENESS_MIN and margin >= TIE_LIKENESS_MARGIN) or (
        best >= TIE_FAIR_LIKENESS and margin >= TIE_FAIR_MARGIN
    )


def _carried_once(read: _Topic, unit: int, entry: _Entry) -> tuple[float, list[Concept], str | None, float]:
    """_carried of a unit, once per question's topic (a confident-only ranking reads it first)."""
    found = read.carried.get(unit)
    if found is None:
        found = read.carried[unit] = _carried(entry, read, read.total, read.typed, unit)
    return found


def _may_be_confident(read: _Topic, unit: int, entry: _Entry) -> bool:
    """Whether the unit may carry the question confidently: every mask _carried can end with is within
    the concepts its own words or any of its questions asked cover, and a mask weighs no more than one
    it is within. If that one is not confident, the unit is not, and its questions' masks and likeness
    to this one are never read (most units ranked carry too little of a long question)."""
    within = read.within(unit, entry)
    return read.weight(within) / read.total >= MIN_COVERAGE and within.bit_count() >= min(2, len(read.concepts))


def _confident(read: _Topic, coverage: float, covered: list[Concept]) -> bool:
    """Carries enough of the question to be quoted as its answer. One word in common is chance when the
    question asks about two or more things."""
    return coverage >= MIN_COVERAGE and len(covered) >= min(2, len(read.concepts))


def _tie_key(h: Hit) -> tuple:
    return _rank_key(h)[:-1]


def _answering_sentence(entry: _Entry, topic: _Topic, total: float, lead: str | None, reading: _Reading) -> str:
    """The sentence of the unit to quote first. An FAQ answer's 'Yes.' or 'No.' answers its own question:
    said first only to a question that asks much of what that one does ('single case agreement
    possible?' is not 'No.'), never to a how/what question nor to a fragment ('Cigna CAR-T prior auth')."""
    verdict = (
        bool(entry.context_stems)
        and reading.asks
        and not reading.wh
        and topic.share(entry.context_stems, total) >= FAQ_VERDICT_SHARE
    )
    if verdict and not reading.universal and _denies_a_universal(entry.text, entry.context):
        # 'No.' to 'Are ALL providers … contracted?' denies the 'all': never the answer to 'does Cigna
        # require the provider to be in the network?', which asks no 'all'.
        verdict = False
    sentence = _quoted(entry, lead, verdict) if lead else _best_sentence(entry, topic, verdict)
    if not verdict and entry.context_stems and reading.asked_shape and reading.yes_no:
        # ... or a yes/no question asking what it does in its shape ('do all gene therapies need PA even
        # for PHS+?' is 'Is prior authorization required for all gene therapies?' with the plan the
        # answer names): its 'Yes.' leads the sentence it opens.
        asked_total = sum(c.weight for c in reading.asked_shape)
        sentence = _after_verdict(entry, sentence, _share(list(reading.asked_shape), entry.context_stems, asked_total))
    if reading.leads:
        sentence = _sentence_saying(entry, reading.leads, sentence)
    return _unnumbered(sentence)


@lru_cache(maxsize=256)
def _denies_a_universal(text: str, context: tuple[Citation, ...]) -> bool:
    """Whether an FAQ answer is a 'No.' to a question asked of all of something (search.toml
    [yes_no].universal)."""
    if not _VERDICT_OPENS.match(text) or text.lower().startswith("yes"):
        return False
    return _universal().search(" ".join(c.text for c in context).lower()) is not None


@cache
def _universal() -> re.Pattern[str]:
    return gated(re.compile(_data()["yes_no"]["universal"]))


def _sentence_saying(entry: _Entry, concepts: tuple[Concept, ...], sentence: str) -> str:
    """The unit's sentence that says the question's deciding words (LEAD_GROUPS), when the one chosen
    doesn't and another does."""
    if all(_covers(c, _line_stems(sentence)) for c in concepts):
        return sentence
    return next((s for s, stems in _sentences_said(entry.text) if all(_covers(c, stems) for c in concepts)), sentence)


# How a unit covers a concept: its own words say it, which of its questions asked do (bit i: asked_flat's
# i-th), which of the sentences they are asked of do (bit k: asked's k-th).
_Cover = tuple[bool, int, int]


# _Topic.mask's index: a stem -> the concepts it covers alone, a phrase's first stem -> its phrases and
# their concept, and the keys of each as a set.
_StemsIndex = tuple[dict[str, int], dict[str, list[tuple[int, tuple[str, ...]]]], frozenset[str], frozenset[str]]


class _Weights(dict[int, float]):
    """A mask's weight (its concepts' summed in the topic's order), summed at its first look-up: a dict
    indexed directly, so a weight read again costs no call."""

    def __init__(self, concepts: tuple[Concept, ...]):
        super().__init__()
        self.concepts = concepts

    def __missing__(self, mask: int) -> float:
        found = self[mask] = sum(c.weight for i, c in enumerate(self.concepts) if mask >> i & 1)
        return found


class _Covers:
    """How each unit covers each concept (_covering), once per edition: a concept is a word or a synonym
    group, the same at every question that has it, so ranking a unit reads its questions asked no more.
    Only units ranked are read; the whole is started afresh past COVERS_KEPT of them."""

    def __init__(self) -> None:
        self._of: dict[tuple[tuple[str, ...], ...], dict[int, _Cover]] = {}
        self._kept = 0

    def of(self, alternatives: tuple[tuple[str, ...], ...]) -> dict[int, _Cover]:
        """The concept's unit -> its _covering, as read so far."""
        found = self._of.get(alternatives)
        if found is None:
            found = self._of[alternatives] = {}
        return found

    def read(self, of: dict[int, _Cover], unit: int, entry: _Entry, concept: Concept) -> _Cover:
        found = of[unit] = _covering(entry, concept.alternatives)
        self._kept += 1
        if self._kept >= COVERS_KEPT:  # a topic being read keeps its own concepts' (no longer shared)
            self._of, self._kept = {}, 0
        return found


class _Topic:
    """The question's topic concepts, read once per ranking for the coverage checks of every ranked unit
    and every question people ask about it: which concepts a set of stems covers is a bit mask (bit i:
    the i-th concept), found from the few stems the set shares with the topic, and a mask's weight is
    summed in the topic's order, as a list of its concepts would be."""

    def __init__(
        self,
        topic: list[Concept],
        typed: str = "",
        unsaid: list[Concept] | None = None,
        covers: _Covers | None = None,
    ):
        self.concepts = tuple(topic)
        # Each concept's unit -> how the unit covers it (_covering), kept per edition by the search.
        self.kept = covers or _Covers()
        self.covers = [self.kept.of(c.alternatives) for c in topic]
        self.total = sum(c.weight for c in topic)
        self.typed = typed  # the question's words, as the search reads them
        self.unsaid = unsaid or []  # its concepts no line of the documents says by any name
        self.hits: dict[int, Hit] = {}  # a unit -> how it carries the question (score 0)
        self.unchosen: dict[int, Hit] = {}  # ... its sentence not chosen ('')
        self.carried: dict[int, tuple[float, list[Concept], str | None, float]] = {}  # a unit -> _carried of it
        self.reading: _Reading | None = None  # what the ranking needs of the question beyond its topic
        # What mask() reads, built at its first use (a ranking whose units carry nothing never reads it).
        self._stems_index: _StemsIndex | None = None
        self._masks: dict[int, tuple[int, list[tuple[int, int]], list[_Cover]]] = {}  # unit_masks, by unit
        self.weights = _Weights(self.concepts)  # a mask -> its weight; indexed directly where it is read most

    def unit_masks(self, unit: int, entry: _Entry) -> tuple[int, list[tuple[int, int]], list[_Cover]]:
        """The concepts the unit's own words cover (a mask), each question asked about it that covers
        any (its index in asked_flat, its mask; in their order), and each concept's _covering of the
        unit: read from the concepts' covers of the unit, not from each question's stems. Once per unit."""
        found = self._masks.get(unit)
        if found is None:
            found = self._masks[unit] = self._unit_masks(unit, entry)
        return found

    def within(self, unit: int, entry: _Entry) -> int:
        """The concepts the unit's own words or any of its questions asked cover (a mask)."""
        found, bit = 0, 1
        for of, c in zip(self.covers, self.concepts, strict=True):
            says, questions, _ = of.get(unit) or self.kept.read(of, unit, entry, c)
            if says or questions:
                found |= bit
            bit <<= 1
        return found

    def _unit_masks(self, unit: int, entry: _Entry) -> tuple[int, list[tuple[int, int]], list[_Cover]]:
        covers = []
        for of, c in zip(self.covers, self.concepts, strict=True):
            found = of.get(unit)
            covers.append(found if found is not None else self.kept.read(of, unit, entry, c))
        in_entry, anywhere = 0, 0
        for i, (says, questions, _) in enumerate(covers):
            if says:
                in_entry |= 1 << i
            anywhere |= questions
        masks = []
        while anywhere:
            low = anywhere & -anywhere
            anywhere ^= low
            mask, bit = 0, 1
            for _, questions, _ in covers:
                if questions & low:
                    mask |= bit
                bit <<= 1
            masks.append((low.bit_length() - 1, mask))
        return in_entry, masks, covers

    def _index(self) -> _StemsIndex:
        """A one-word alternative's stem -> the concepts it covers; a phrase's first stem -> the phrases
        that begin with it, with their concept: a phrase is looked for only in a set that has its first
        stem (a synonym group has dozens of phrases)."""
        by_stem: dict[str, int] = {}
        phrases_at: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for i, c in enumerate(self.concepts):
            for alternative in c.alternatives:  # Concept.single and .phrases, read without their caches
                if len(alternative) == 1:
                    by_stem[alternative[0]] = by_stem.get(alternative[0], 0) | 1 << i
                elif alternative:
                    phrases_at.setdefault(alternative[0], []).append((1 << i, alternative))
        self._stems_index = (by_stem, phrases_at, frozenset(by_stem), frozenset(phrases_at))
        return self._stems_index

    def mask(self, stems: frozenset[str]) -> int:
        by_stem, phrases_at, single_stems, phrase_stems = self._stems_index or self._index()
        found = 0
        for s in single_stems.intersection(stems):
            found |= by_stem[s]
        if phrase_stems.isdisjoint(stems):
            return found
        for s in phrase_stems.intersection(stems):
            for bit, phrase in phrases_at[s]:
                if not found & bit and stems.issuperset(phrase):
                    found |= bit
        return found

    def weight(self, mask: int) -> float:
        return self.weights[mask]

    def covered(self, mask: int) -> list[Concept]:
        return [c for i, c in enumerate(self.concepts) if mask >> i & 1]

    def share(self, stems: frozenset[str], total: float) -> float:
        return self.weight(self.mask(stems)) / total


def _new_hit(**fields: Any) -> Hit:
    """Hit(**fields) of every field, without the frozen dataclass's field-by-field object.__setattr__ (a
    ranking makes one per unit it keeps)."""
    hit = object.__new__(Hit)
    hit.__dict__.update(fields)
    return hit


def _scored(hit: Hit, score: float) -> Hit:
    """The hit with this BM25 score: dataclasses.replace without its field-by-field reflection (every
    field copied, whatever fields Hit gains)."""
    scored = object.__new__(Hit)
    scored.__dict__.update(vars(hit))
    scored.__dict__["score"] = score
    return scored


def _with(hit: Hit, **fields: Any) -> Hit:
    """The hit with these fields (as _scored copies it)."""
    changed = object.__new__(Hit)
    changed.__dict__.update(vars(hit))
    changed.__dict__.update(fields)
    return changed


def _carried(
    entry: _Entry, topic: _Topic, total: float, typed: str, unit: int
) -> tuple[float, list[Concept], str | None, float]:
    """How much of the question's topic weight the unit carries, by its own words or with the words of
    the questions people ask about one of its sentences (then that sentence leads), in which concepts,
    and how much its own words or the closest of those questions carry by themselves."""
    in_entry, questions, covers = topic.unit_masks(unit, entry)
    weight, best, paraphrase = topic.weights, in_entry, ASKED_MIN_SHARE * total
    said = weight[best]
    lead, lead_own, lead_text = None, (0.0, 0.0, 0.0), ""
    sentence_of, in_sentence = -1, 0
    for j, in_question in questions:  # the questions asked that cover a concept (most cover none), in order
        # A question people ask is a paraphrase of this one only if it carries much of it itself.
        if weight[in_question] < paraphrase:
            continue
        covered = in_entry | in_question
        # A paraphrase names the sentence that answers; a better one (more carried, or as much
        # and closer in its own words) replaces it.
        gain = weight[covered] - weight[best]
        if gain < -ASKED_LEAD_MARGIN:
            continue  # carries less
        k, _, text = entry.asked_flat[j]
        asked = entry.asked[k]
        if k != sentence_of:
            sentence_of, in_sentence = k, _sentence_mask(covers, k)
        # How much the question asked and the sentence it is asked of carry together, then the
        # sentence alone ('single case agreement?' is the sentence that says it, of two asked).
        # The sentence's own words count twice: of two sentences asked about alike, the one that
        # says what is asked leads ('when does the continuity end?' is the six-month sentence).
        sentence_weight = weight[in_sentence]
        own = (round(weight[in_sentence | in_question] + sentence_weight, 6), round(sentence_weight, 6), 0.0)
        if gain > ASKED_LEAD_MARGIN or (lead is None and gain >= 0):
            best, lead, lead_own, lead_text = covered, asked.sentence, own, text
            continue  # (a likeness not read is 0.0, read when compared)
        alike = behind = False
        if lead is not None and typed and (asked.sentence != lead or own[:2] == lead_own[:2]):
            # Another sentence's question asked: the one worded most like this one ('where can I find
            # the PA forms' is asked of the sentence that says where they are, not of the one that
            # faxes one), when even, or when clearly more alike ('does redirection ever mean a
            # specialty pharmacy?' is the unit's specialty pharmacy sentence, though 'redirect' is rarer).
            own = (*own[:2], fuzz.token_set_ratio(typed, text))
            if lead_own[2] == 0.0:
                lead_own = (*lead_own[:2], fuzz.token_set_ratio(typed, lead_text))
            # ... but never a sentence saying much less of the question in its own words than the
            # one leading ('who decides a drug is safe to give at home' is asked of the FDA sentence,
            # and the medical directors' sentence says all of it).
            said_alike = own[1] >= LEAD_LIKE_SAID_SHARE * lead_own[1]
            alike = said_alike and likeness_leads(own[2], lead_own[2])
            behind = lead_own[1] >= LEAD_LIKE_SAID_SHARE * own[1] and likeness_leads(lead_own[2], own[2])
            if own[:2] != lead_own[:2]:
                own = (*own[:2], 0.0)
        if alike or (own > lead_own and not behind):
            best, lead, lead_own, lead_text = covered, asked.sentence, own, text
    closest = lead_own[0] - lead_own[1]  # the question asked and its sentence together
    return weight[best] / total, topic.covered(best), lead, max(said, closest) / total


def _sentence_mask(covers: list[_Cover], k: int) -> int:
    """The concepts (bit i: the topic's i-th) the k-th sentence asked about says in its own words."""
    found = 0
    for i, (_, _, sentences) in enumerate(covers):
        if sentences >> k & 1:
            found |= 1 << i
    return found


def _covering(entry: _Entry, alternatives: tuple[tuple[str, ...], ...]) -> _Cover:
    """Whether the unit's own words say a concept (every word of one of its alternatives), which of its
    questions asked do (bit i: asked_flat's i-th; from the unit's stem -> questions masks, not a look at
    each question) and which of the sentences they are asked of do (bit k: asked's k-th)."""
    stems, at = entry.stems, entry.asked_at
    says, questions = False, 0
    for alternative in alternatives:
        if not alternative:
            continue
        says = says or stems.issuperset(alternative)
        if at:
            found = at.get(alternative[0], 0)
            for s in alternative[1:]:
                if not found:
                    break
                found &= at.get(s, 0)
            questions |= found
    sentences = 0
    for k, asked in enumerate(entry.asked):
        if any(asked.said.issuperset(a) for a in alternatives if a):
            sentences |= 1 << k
    return says, questions, sentences


def _read_document(kb: KnowledgeBase, source_id: str, file: str, lines: list[str]) -> list[_Entry]:
    """A document's searchable units (knowledge/passages.py), each with the questions asked about it."""
    prose = {p.id for p in kb.passages if p.source == source_id}
    asked: dict[str, list[tuple[str, list[str]]]] = {}
    scopes: dict[str, set[str]] = {}
    for a in kb.asked:
        asked.setdefault(a.passage, []).append((a.sentence, list(a.questions)))
        scopes.setdefault(a.passage, set()).update(a.only_when)
    entries = []
    for unit in units(source_id, file, lines):
        item = numbered_item_stem(unit.text)
        words = [w for c in unit.context for w in stems_of(c.text)] + stems_of(unit.text) + ([item] if item else [])
        said = (
            [w for c in unit.context for w in all_stems_of(c.text)] + all_stems_of(unit.text) + ([item] if item else [])
        )
        key = passage_id(unit)
        groups = asked.get(key, []) if key in prose else []
        entries.append(
            _Entry(
                unit.citations,
                unit.context,
                unit.text,
                frozenset(said),
                " ".join(words),
                passage=key in prose,
                context_stems=frozenset(w for c in unit.context for w in all_stems_of(c.text)),
                asked=tuple(
                    _Asked(
                        sentence,
                        tuple(frozenset(all_stems_of(with_note_numbers(q))) for q in questions),
                        frozenset(all_stems_of(sentence)),
                        tuple(questions),
                        tuple(" ".join(words_of(q)) for q in questions),
                    )
                    for sentence, questions in groups
                ),
                asked_indexed=tuple(" ".join(all_stems_of(with_note_numbers(q))) for a in groups for q in a[1]),
                scope=frozenset(scopes.get(key, ())) if key in prose else frozenset(),
            )
        )
    return entries


def _plural_in_dictionary(word: str) -> bool:
    """'places', 'administers': a dictionary word with an 's' (the dictionary prints 'place' only)."""
    return word.endswith("s") and not in_dictionary(word) and in_dictionary(word[:-1])


def _swapped_known(word: str, vocabulary: frozenset[str]) -> str | None:
    """The known word (or function word) this one is with two neighbouring letters swapped back."""
    if not MIN_SWAPPED_LEN <= len(word) <= MAX_SWAPPED_LEN:
        return None
    for k in range(len(word) - 1):
        if word[k] != word[k + 1]:
            candidate = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
            if candidate in vocabulary or candidate in stopwords():
                return candidate
    return None


def _idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _covers(concept: Concept, stems: frozenset[str]) -> bool:
    return not concept.single.isdisjoint(stems) or any(all(s in stems for s in alt) for alt in concept.phrases)


def _share(topic: list[Concept], stems: frozenset[str], total: float) -> float:
    return sum(c.weight for c in topic if _covers(c, stems)) / total


def _quoted(entry: _Entry, lead: str, verdict: bool = True) -> str:
    """What to quote of a unit whose sentence `lead` answers: a short unit whole when that sentence opens
    it (a legend's two sentences say one thing), else that sentence, after the FAQ answer's 'Yes.' or
    'No.' when it has one: the sentence that answers is the answer's first ('The list of gene therapies
    may change without prior notice.', not the sentence before it)."""
    sentences = [sentence for sentence, _ in _sentences_said(entry.text)]
    if len(entry.text) <= WHOLE_UNIT_CHARS and sentences[0] == lead:
        return entry.text
    first = sentences[0]
    # The verdict is the sentence after it's: 'No.' never leads a later one ('In some cases, a single
    # case agreement may be utilized.' is not what the FAQ's 'No.' denies).
    opens = len(sentences) > 1 and sentences[1] == lead
    return f"{first} {lead}" if verdict and len(first) < SHORT_SENTENCE_CHARS and opens else lead


def _after_verdict(entry: _Entry, sentence: str, asked_share: float) -> str:
    """An FAQ answer's sentence after its 'Yes.' or 'No.' when that sentence is the one the verdict opens
    and the FAQ's question carries most of the question's shape (FAQ_VERDICT_SHARE)."""
    sentences = [said for said, _ in _sentences_said(entry.text)]
    opens = len(sentences) > 1 and sentences[1] == sentence and len(sentences[0]) < SHORT_SENTENCE_CHARS
    # Only a 'Yes.': a 'No.' denies the FAQ's own question ('are ALL providers contracted?'), which
    # 'does the provider need to be contracted?' only resembles.
    agrees = bool(sentences) and sentences[0].rstrip(".!").lower() == "yes"
    return f"{sentences[0]} {sentence}" if opens and agrees and asked_share >= FAQ_VERDICT_SHARE else sentence


def _unnumbered(sentence: str) -> str:
    """A numbered footnote's text without its number ('2. Cigna may grant…' quotes 'Cigna may grant…'):
    the number is the item's name, cited with its line, and '2.' alone is not a sentence to lead with."""
    if not sentence.lstrip()[:1].isdigit():  # most sentences: no number to read (a decimal is a digit)
        return sentence
    m = _NUMBERED_ITEM.match(sentence)
    return sentence[m.end(1) + 1 :].lstrip() if m else sentence


@lru_cache(maxsize=4096)
def _line_stems(line: str) -> frozenset[str]:
    """A printed line's stems, every word's (read once: the rules' lines are weighed against every
    question on their topic)."""
    return frozenset(all_stems_of(line))


@lru_cache(maxsize=4096)
def _sentences_said(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """A unit's sentences, each with its stems (read once: every question ranking the unit needs them)."""
    return tuple((sentence, frozenset(all_stems_of(sentence))) for sentence in split_sentences(text))


def _best_sentence(entry: _Entry, topic: _Topic, verdict: bool = True) -> str:
    """The sentence of the line with most of the question's topic weight (a policy line can be long);
    a short line whole, when that sentence opens it."""
    said = _sentences_said(entry.text)
    sentences = [sentence for sentence, _ in said]
    carried = [topic.weight(topic.mask(stems)) for _, stems in said]
    best = sentences[carried.index(max(carried))]  # the first of equals: a tie keeps the line's own order
    if len(entry.text) <= WHOLE_UNIT_CHARS and best == sentences[0]:
        return entry.text
    # 'No.' alone answers nothing: keep the sentence that says why.
    k = sentences.index(best)
    if len(best) < SHORT_SENTENCE_CHARS and k + 1 < len(sentences):
        best = f"{best} {sentences[k + 1]}"
    elif verdict and k > 0 and len(sentences[0]) < SHORT_SENTENCE_CHARS:
        best = f"{sentences[0]} {best}"
    return best
