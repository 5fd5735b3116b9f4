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

import math
import re
import threading
import tomllib
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import Stemmer
from rapidfuzz import fuzz, process

from intents.reading.dictionary import in_dictionary
from knowledge.asked import ThesaurusGroup
from knowledge.kb import KnowledgeBase
from knowledge.models import Citation, Listing
from knowledge.passages import passage_id, split_sentences, units

__all__ = ["split_sentences"]  # re-exported: what a quoted line is cut into

if TYPE_CHECKING:
    import tantivy

TOP_K = 8  # lines ranked by BM25 before the coverage gate
MIN_COVERAGE = 0.6  # share of the question's topic weight a line must carry to be quoted
MIN_TOPIC_WEIGHT = 1.0  # a question whose topic words are this common in the documents asks nothing specific
MAX_QUOTED = 2  # lines quoted in one answer
MAX_NEAREST = 3  # passages an unsure answer offers
NEAR_COVERAGE = 0.2  # share of the question's topic weight a passage must carry to be offered as near
# The questions people ask about a sentence lead the answer to that sentence only when they carry more
# of the question than the unit's own words do (by more than rounding).
ASKED_LEAD_MARGIN = 1e-6
ASKED_MIN_SHARE = 0.4  # of the question's topic weight a question people ask must carry to be its paraphrase
WHOLE_UNIT_CHARS = 200  # a unit this short is quoted whole: a legend's two sentences say one thing
SHORT_SENTENCE_CHARS = 12  # 'No.' alone answers nothing: quoted with the sentence that says why
# A unit's own words rank it before the questions people ask about it: the questions find a line worded
# unlike the question, but must not outrank the line that says it in the asker's words.
FIELD_BOOSTS = {"body": 1.0, "asked": 0.5}
# A word nothing in search has is read as the known word one slip away: this close by fuzz.ratio (one
# edit in a nine-letter word), this long at least, and this many per question at most.
RESPELL_MIN_RATIO = 88
MIN_RESPELLED_LEN = 6
MAX_RESPELLED = 3
RANKED_CACHE = 256  # questions whose ranking is kept (a question's intents ask for it several times)
# A word no line has weighs like one that two lines have: it counts against a line that lacks it (the
# documents don't say 'chair time'), but a stray word ('happens') doesn't outweigh the words they do say.
UNSEEN_AS_DOC_FREQ = 2
# Words of a message the search reads: a question is a few dozen words; a pasted page would cost a
# respelling look-up per unfamiliar word and a check of every word against every ranked line. The
# answer says when a message had more (intents/engine.py).
MAX_SEARCHED_WORDS = 80

_STEMMER = Stemmer.Stemmer("english")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_ADVERB = re.compile(r"[a-z]{4,}ly")


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
    # What it doesn't carry that no line of the documents says by any name ('chairs'): what the
    # documents don't say, rather than what this line doesn't.
    unsaid: tuple[str, ...] = ()

    @property
    def citation(self) -> Citation:
        return self.citations[0]


@dataclass(frozen=True)
class _Asked:
    """Questions people ask that one sentence of an entry answers (questions.toml), as stems."""

    sentence: str
    questions: tuple[frozenset[str], ...]  # each question's stems: words of two questions never add up


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
    asked_indexed: str = ""  # the stems of every question asked about it


@cache
def _data() -> dict:
    return tomllib.loads(resources.files("intents.reading").joinpath("search.toml").read_text("utf-8"))


def words_of(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("sco+", "sco plus")
    return [w.removesuffix("'s") for w in _WORD.findall(text)]


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
        self.longest = max((len(m) for m in self.member_group), default=1)
        self.words = frozenset(w for g in groups for m in g.members for w in words_of(m))
        self.read_concepts = lru_cache(maxsize=512)(self._read_concepts)

    def groups_in(self, text: str) -> list[str]:
        """The names of the groups a text has a member of (the thesaurus's names, not the text's words)."""
        words = words_of(text)
        found: list[str] = []
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                k = self.member_group.get(tuple(words[i : i + n]))
                if k is not None:
                    found.append(self.groups[k][0])
                    i += n
                    break
            else:
                i += 1
        return list(dict.fromkeys(found))

    def _read_concepts(self, text: str) -> tuple[Concept, ...]:
        """The question's words as unweighed concepts (a group's members are one concept)."""
        words = words_of(text)
        by_group: dict[int, list[str]] = {}
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                k = self.member_group.get(tuple(words[i : i + n]))
                if k is not None:
                    by_group.setdefault(k, []).append(" ".join(words[i : i + n]))
                    i += n
                    break
            else:
                i += 1
        out: list[Concept] = []
        covered: set[str] = set()
        stop, generic_words = stopwords(), generic_stems()
        for k, matches in sorted(by_group.items()):
            # Every member the question has is this one concept ('heart or lung' is one).
            typed = [stem(w) for m in matches for w in words_of(m)]
            covered.update(typed)
            generic = all(s in generic_words for s in typed)
            out.append(Concept(matches[0], self.groups[k][1], 0.0, generic))
        for w in words:
            if w in stop:
                continue
            s = stem(w)
            if s in covered:
                continue
            covered.add(s)
            # A number (a year, a count, a code's digits) is the rules' to read, not a topic.
            out.append(Concept(w, ((s,),), 0.0, s in generic_words or w.isdigit()))
        return tuple(out)


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
    stop = stopwords()
    return _STEMMER.stemWords([w for w in words_of(text) if w not in stop])


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
        self.thesaurus = thesaurus_of(kb.thesaurus)
        self.program_words = kb.vocabulary.programs  # the manifest's words that name each program
        self._read: tuple[list[_Entry], dict[str, float], float] | None = None
        self._built: tuple[tantivy.Schema, tantivy.Searcher] | None = None
        self._rows: dict[tuple[str, int], Listing] | None = None
        self._ranked: dict[tuple, list[Hit]] = {}
        self._words: tuple[frozenset[str], list[str]] | None = None
        self._weighed = lru_cache(maxsize=RANKED_CACHE)(self._weigh)
        self._building = threading.RLock()  # Slack answers on a thread pool: build once

    def warm(self) -> None:
        """Read and index now. A long-running bot calls this before it takes questions, so no asker's
        first search pays for the build; a one-shot `ask` never does."""
        self._index()
        self._vocabulary()

    def forget_questions(self) -> None:
        """Drop the rankings and concepts kept by question text (the index and vocabulary stay)."""
        self._ranked = {}
        self._weighed.cache_clear()
        self.thesaurus.read_concepts.cache_clear()

    @property
    def ready(self) -> bool:
        return self._built is not None

    @property
    def entries(self) -> list[_Entry]:
        return self._documents()[0]

    def _documents(self) -> tuple[list[_Entry], dict[str, float], float]:
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
        schema = builder.build()
        index = tantivy.Index(schema)
        writer = index.writer(15_000_000, 1)
        for k, e in enumerate(self.entries):
            doc = tantivy.Document()
            doc.add_text("body", e.indexed)
            doc.add_text("asked", e.asked_indexed)
            doc.add_text("source", e.citations[0].source)
            doc.add_unsigned("entry", k)
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

    def idf(self, stem_: str) -> float:
        _, idf, unseen = self._documents()
        return idf.get(stem_, unseen)

    def respelled(self, text: str) -> str:
        """The question with a word nothing has (not the documents, the thesaurus or the questions people
        ask) read as the word one slip away that something has ('turnarund', 'grandfatherd'); a few
        words at most, so a pasted page costs no more than a question. A word the dictionary prints
        is spelled right, though nothing here has it: it is never looked up."""
        words = words_of(text)
        vocabulary, choices = self._vocabulary()
        fixed = 0
        for i, w in enumerate(words):
            if fixed == MAX_RESPELLED:
                break
            if len(w) < MIN_RESPELLED_LEN or w in vocabulary or w in stopwords() or not w.isalpha() or in_dictionary(w):
                continue
            best = process.extractOne(w, choices, scorer=fuzz.ratio, processor=None, score_cutoff=RESPELL_MIN_RATIO)
            if best is not None:
                words[i], fixed = best[0], fixed + 1
        return " ".join(words) if fixed else text

    def _vocabulary(self) -> tuple[frozenset[str], list[str]]:
        """Every word search knows (the documents', the thesaurus's, the asked questions'), and those long
        enough to be a respelling's target."""
        if self._words is None:
            known = {w for e in self.entries for w in words_of(e.text)} | self.thesaurus.words
            known |= {w for a in self._kb.asked for q in a.questions for w in words_of(q)}
            self._words = (frozenset(known), sorted(w for w in known if len(w) >= MIN_RESPELLED_LEN and w.isalpha()))
        return self._words

    def concepts(self, text: str, weigh: bool = True) -> list[Concept]:
        """The question's words as concepts: a synonym group's members are one concept. Unweighed
        (weight 0), they cost no reading of the documents. Only the first MAX_SEARCHED_WORDS words."""
        text = searched_part(text)[0]
        if not weigh:
            return list(self.thesaurus.read_concepts(text))
        return list(self._weighed(text))

    def _weigh(self, text: str) -> tuple[Concept, ...]:
        found = self.thesaurus.read_concepts(self.respelled(text))
        out = []
        for c in found:
            # An adverb the documents never print ('automatically', 'basically') says how, not what:
            # weighed as a topic it would outweigh the words the documents do say.
            manner = not c.generic and _ADVERB.fullmatch(c.word) is not None and not self.printed(c.word)
            out.append(replace(c, weight=min(self._phrase_idf(m) for m in c.alternatives), generic=c.generic or manner))
        return tuple(out)

    def _phrase_idf(self, stems: tuple[str, ...]) -> float:
        return max(self.idf(s) for s in stems)

    @staticmethod
    def _topical(c: Concept, ignore: set[str] | None) -> bool:
        return not c.generic and not (ignore and any(set(a) <= ignore for a in c.alternatives))

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
        stems = frozenset(s for line in lines for s in all_stems_of(line))
        return sum(c.weight for c in topic if _covers(c, stems)) / total

    def _query(
        self, terms: list[str], sources: set[str] | None = None, fields: tuple[str, ...] = ("body", "asked")
    ) -> tantivy.Query:
        """BM25 over a unit's own words and over the questions people ask about it (questions.toml)."""
        import tantivy

        # A boolean of term queries ranks by BM25 (a term-set query would score every match alike).
        query = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should, tantivy.Query.boost_query(tantivy.Query.term_query(self._schema, f, t), boost))
                for t in terms
                for f, boost in FIELD_BOOSTS.items()
                if f in fields
            ]
        )
        if not sources:
            return query
        # A boolean of source terms scored 0 (a term-set query here is ten times slower).
        within = tantivy.Query.const_score_query(
            tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.term_query(self._schema, "source", x)) for x in sorted(sources)]
            ),
            0.0,
        )
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, within)])

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
        return [h for h in self.ranked(text, sources, ignore, min_topic) if h.confident][:MAX_QUOTED]

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
        key = (text, frozenset(sources or ()), frozenset(ignore or ()), min_topic)
        if key not in self._ranked:
            if len(self._ranked) >= RANKED_CACHE:
                self._ranked.clear()
            self._ranked[key] = self._rank(text, sources, ignore, min_topic)
        return self._ranked[key]

    def _rank(self, text: str, sources: set[str] | None, ignore: set[str] | None, min_topic: float) -> list[Hit]:
        if not any(self._topical(c, ignore) for c in self.concepts(text, weigh=False)):
            return []  # names and the question's shape only: nothing to search for
        concepts = self.concepts(text)
        topic = [c for c in concepts if self._topical(c, ignore)]
        total = sum(c.weight for c in topic)
        if not topic or total < min_topic:
            return []
        terms = sorted({s for c in concepts for a in c.alternatives for s in a})
        # Asked about, and said by no line of the documents by any name ('chairs').
        unsaid = [c for c in topic if not any(all(self.printed_stem(x) for x in a) for a in c.alternatives)]
        topic_stems = frozenset(s for c in topic for a in c.alternatives for s in a)
        out: list[Hit] = []
        for score, address in self._searcher.search(self._query(terms, sources), TOP_K).hits:
            entry = self.entries[self._searcher.doc(address)["entry"][0]]
            coverage, covered, lead = _carried(entry, topic, total, topic_stems)
            # One word in common is chance when the question asks about two or more things.
            confident = coverage >= MIN_COVERAGE and len(covered) >= min(2, len(topic))
            sentence = _quoted(entry, lead) if lead else _best_sentence(entry, topic)
            missing = tuple(c.word for c in unsaid if c not in covered)
            hit = Hit(
                entry.citations, entry.context, score, coverage, sentence, entry.passage, confident, bool(lead), missing
            )
            out.append(hit)
        out.sort(key=lambda h: (not h.confident, -round(h.coverage, 2), -h.score))
        return out


def _carried(
    entry: _Entry, topic: list[Concept], total: float, topic_stems: frozenset[str]
) -> tuple[float, list[Concept], str | None]:
    """How much of the question's topic weight the unit carries, by its own words or with the words of
    the questions people ask about one of its sentences (then that sentence leads), and in how many
    concepts."""
    best = [c for c in topic if _covers(c, entry.stems)]
    lead = None
    need = ASKED_MIN_SHARE * total
    # A question people ask with none of the topic's stems (`topic_stems`) carries none of it (most of
    # them): skipped without weighing each concept against it.
    for asked in entry.asked:
        for question in asked.questions:
            if need > 0 and question.isdisjoint(topic_stems):
                continue
            # A question people ask is a paraphrase of this one only if it carries much of it itself.
            if sum(c.weight for c in topic if _covers(c, question)) < need:
                continue
            stems = entry.stems | question
            covered = [c for c in topic if _covers(c, stems)]
            # A paraphrase names the sentence that answers; a better one (more carried) replaces it.
            gain = sum(c.weight for c in covered) - sum(c.weight for c in best)
            if gain > ASKED_LEAD_MARGIN or (lead is None and gain >= 0):
                best, lead = covered, asked.sentence
    return sum(c.weight for c in best) / total, best, lead


def _read_document(kb: KnowledgeBase, source_id: str, file: str, lines: list[str]) -> list[_Entry]:
    """A document's searchable units (knowledge/passages.py), each with the questions asked about it."""
    prose = {p.id for p in kb.passages if p.source == source_id}
    asked: dict[str, list[tuple[str, list[list[str]]]]] = {}
    for a in kb.asked:
        asked.setdefault(a.passage, []).append((a.sentence, [all_stems_of(q) for q in a.questions]))
    entries = []
    for unit in units(source_id, file, lines):
        words = [w for c in unit.context for w in stems_of(c.text)] + stems_of(unit.text)
        said = [w for c in unit.context for w in all_stems_of(c.text)] + all_stems_of(unit.text)
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
                asked=tuple(_Asked(sentence, tuple(frozenset(q) for q in questions)) for sentence, questions in groups),
                asked_indexed=" ".join(s for _, questions in groups for q in questions for s in q),
            )
        )
    return entries


def _idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _covers(concept: Concept, stems: frozenset[str]) -> bool:
    return not concept.single.isdisjoint(stems) or any(all(s in stems for s in alt) for alt in concept.phrases)


def _quoted(entry: _Entry, lead: str) -> str:
    """What to quote of a unit whose sentence `lead` answers: a short unit whole (a legend, a footnote),
    else that sentence, after the FAQ answer's 'Yes.' or 'No.' when it has one."""
    if len(entry.text) <= WHOLE_UNIT_CHARS:
        return entry.text
    first = split_sentences(entry.text)[0]
    return f"{first} {lead}" if len(first) < SHORT_SENTENCE_CHARS and lead != first else lead


def _best_sentence(entry: _Entry, topic: list[Concept]) -> str:
    """The sentence of the line with most of the question's topic weight (a policy line can be long);
    a short line whole."""
    if len(entry.text) <= WHOLE_UNIT_CHARS:
        return entry.text
    sentences = split_sentences(entry.text)

    def carried(sentence: str) -> float:
        stems = frozenset(all_stems_of(sentence))
        return sum(c.weight for c in topic if _covers(c, stems))

    best = max(sentences, key=carried)
    # 'No.' alone answers nothing: keep the sentence that says why.
    k = sentences.index(best)
    if len(best) < SHORT_SENTENCE_CHARS and k + 1 < len(sentences):
        best = f"{best} {sentences[k + 1]}"
    elif k > 0 and len(sentences[0]) < SHORT_SENTENCE_CHARS:
        best = f"{sentences[0]} {best}"
    return best
