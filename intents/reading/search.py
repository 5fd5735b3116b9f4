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
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import Stemmer

from knowledge.kb import KnowledgeBase
from knowledge.models import Citation, Listing
from knowledge.parsers.base import LOOKS_LIKE_ROW

if TYPE_CHECKING:
    import tantivy

TOP_K = 8  # lines ranked by BM25 before the coverage gate
MIN_COVERAGE = 0.6  # share of the question's topic weight a line must carry to be quoted
MIN_TOPIC_WEIGHT = 1.0  # a question whose topic words are this common in the documents asks nothing specific
MIN_LINE_WORDS = 2  # lines with fewer words (blank lines, '</br>') are not indexed
MAX_QUOTED = 2  # lines quoted in one answer
# A word no line has weighs like one that two lines have: it counts against a line that lacks it (the
# documents don't say 'chair time'), but a stray word ('happens') doesn't outweigh the words they do say.
UNSEEN_AS_DOC_FREQ = 2

_STEMMER = Stemmer.Stemmer("english")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Z0-9*“\"(])")


@dataclass(frozen=True)
class Concept:
    """One word of the question, and every stem that counts as it (its synonyms')."""

    word: str
    alternatives: tuple[tuple[str, ...], ...]  # each a phrase's stems; any one present covers the concept
    weight: float  # idf of its commonest alternative in these documents
    generic: bool  # a word of the question's shape, not its topic


@dataclass(frozen=True)
class Hit:
    citations: tuple[Citation, ...]  # the line(s) that carry the fact (a wrapped sentence spans several)
    context: tuple[Citation, ...]  # an FAQ's question line, when the hit is its answer
    score: float  # BM25
    coverage: float  # share of the question's topic weight on the line
    sentence: str  # the sentence that carries most of it

    @property
    def citation(self) -> Citation:
        return self.citations[0]


@dataclass(frozen=True)
class _Entry:
    """One searchable unit: a line, or in a hard-wrapped paragraph (the policy) one sentence."""

    citations: tuple[Citation, ...]
    context: tuple[Citation, ...]
    text: str  # the line, or the sentence joined across its lines
    stems: frozenset[str]
    indexed: str  # its FAQ question's and its own stems, as tantivy indexes them


@cache
def _data() -> dict:
    return tomllib.loads(resources.files("intents.reading").joinpath("search.toml").read_text("utf-8"))


def words_of(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("sco+", "sco plus")
    return [w.removesuffix("'s") for w in _WORD.findall(text)]


def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@cache
def stopwords() -> frozenset[str]:
    return frozenset(w.replace("’", "'") for w in _data()["stopwords"]["words"].split())


@cache
def generic_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in _data()["generic"]["words"].split())


@cache
def _synonyms() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    """(group, each member's stems)."""
    groups = []
    for name, members in _data()["synonyms"].items():
        stems = tuple(tuple(stem(w) for w in words_of(m) if w not in stopwords()) for m in members)
        groups.append((name, tuple(s for s in stems if s)))
    return tuple(groups)


@cache
def _synonym_index() -> tuple[dict[tuple[str, ...], int], int]:
    """Each member's words -> its group, and the longest member in words (matched word by word: a
    regular expression of every member costs more to compile than the questions it would serve)."""
    member_group: dict[tuple[str, ...], int] = {}
    for k, members in enumerate(_data()["synonyms"].values()):
        for m in members:
            member_group.setdefault(tuple(words_of(m)), k)
    return member_group, max(len(m) for m in member_group)


@lru_cache(maxsize=512)
def read_concepts(text: str) -> tuple[Concept, ...]:
    """The question's words as unweighed concepts (a synonym group's members are one concept)."""
    words = words_of(text)
    member_group, longest = _synonym_index()
    groups = _synonyms()
    by_group: dict[int, list[str]] = {}
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            k = member_group.get(tuple(words[i : i + n]))
            if k is not None:
                by_group.setdefault(k, []).append(" ".join(words[i : i + n]))
                i += n
                break
        else:
            i += 1
    out: list[Concept] = []
    covered: set[str] = set()
    for k, matches in sorted(by_group.items()):
        # Every member the question has is this one concept ('heart or lung' is one).
        typed = [stem(w) for m in matches for w in words_of(m)]
        covered.update(typed)
        generic = all(s in generic_stems() for s in typed)
        out.append(Concept(matches[0], groups[k][1], 0.0, generic))
    stop, generic_words = stopwords(), generic_stems()
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
    words |= synonym_words()  # the synonym table's words are the documents' words by another name
    return frozenset(words | set(_STEMMER.stemWords(list(words))))


@cache
def synonym_words() -> frozenset[str]:
    return frozenset(w for members in _data()["synonyms"].values() for m in members for w in words_of(m))


def is_printed(word: str, vocabulary: frozenset[str]) -> bool:
    return word in vocabulary or stem(word) in vocabulary


class DocumentSearch:
    """Every line of the loaded documents, ranked by BM25 for a question."""

    def __init__(self, kb: KnowledgeBase):
        # Read and indexed at the first question with words beyond names and the question's shape:
        # most questions (a drug, a code) never search, so start-up doesn't wait (about 25 ms).
        self._kb = kb
        self.source_of_program = {p: kb.source_of(p).id for p in kb.programs}
        self._read: tuple[list[_Entry], dict[str, float], float] | None = None
        self._built: tuple[tantivy.Schema, tantivy.Searcher] | None = None
        self._rows: dict[tuple[str, int], Listing] | None = None
        self._building = threading.RLock()  # Slack answers on a thread pool: build once

    def warm(self) -> None:
        """Read and index now. A long-running bot calls this before it takes questions, so no asker's
        first search pays for the build; a one-shot `ask` never does."""
        self._index()

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
                    entries += _read_document(source_id, files[source_id], lines)
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
        builder.add_text_field("source", stored=False, tokenizer_name="raw")
        builder.add_unsigned_field("entry", stored=True, indexed=False)
        schema = builder.build()
        index = tantivy.Index(schema)
        writer = index.writer(15_000_000, 1)
        for k, e in enumerate(self.entries):
            doc = tantivy.Document()
            doc.add_text("body", e.indexed)
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

    def idf(self, stem_: str) -> float:
        _, idf, unseen = self._documents()
        return idf.get(stem_, unseen)

    def concepts(self, text: str, weigh: bool = True) -> list[Concept]:
        """The question's words as concepts: a synonym group's members are one concept. Unweighed
        (weight 0), they cost no reading of the documents."""
        found = list(read_concepts(text))
        if not weigh:
            return found
        return [replace(c, weight=min(self._phrase_idf(m) for m in c.alternatives)) for c in found]

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
        stems = frozenset(s for line in lines for s in stems_of(line))
        return sum(c.weight for c in topic if _covers(c, stems)) / total

    def rank(self, text: str, k: int = 3) -> list[tuple[Citation, ...]]:
        """The k best-ranked units by BM25 alone (no gate): what a question's words find."""
        import tantivy

        terms = sorted({s for c in self.concepts(text) for a in c.alternatives for s in a})
        if not terms:
            return []
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(self._schema, "body", t)) for t in terms]
        )
        return [
            self.entries[self._searcher.doc(address)["entry"][0]].citations
            for _, address in self._searcher.search(query, k).hits
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
        if not any(self._topical(c, ignore) for c in self.concepts(text, weigh=False)):
            return []  # names and the question's shape only: nothing to search for
        concepts = self.concepts(text)
        topic = [
            c for c in concepts if not c.generic and not (ignore and any(set(a) <= ignore for a in c.alternatives))
        ]
        total = sum(c.weight for c in topic)
        if not topic or total < min_topic:
            return []
        import tantivy

        terms = sorted({s for c in concepts for a in c.alternatives for s in a})
        # A boolean of term queries ranks by BM25 (a term-set query would score every match alike).
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(self._schema, "body", t)) for t in terms]
        )
        if sources:
            # A boolean of source terms scored 0 (a term-set query here is ten times slower).
            within = tantivy.Query.const_score_query(
                tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Should, tantivy.Query.term_query(self._schema, "source", x))
                        for x in sorted(sources)
                    ]
                ),
                0.0,
            )
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, within)])
        ranked: list[tuple[float, float, _Entry]] = []
        for score, address in self._searcher.search(query, TOP_K).hits:
            entry = self.entries[self._searcher.doc(address)["entry"][0]]
            covered = [c for c in topic if _covers(c, entry.stems)]
            coverage = sum(c.weight for c in covered) / total
            # One word in common is chance when the question asks about two or more things.
            if coverage >= MIN_COVERAGE and len(covered) >= min(2, len(topic)):
                ranked.append((coverage, score, entry))
        ranked.sort(key=lambda r: (-round(r[0], 2), -r[1]))
        hits = [
            Hit(e.citations, e.context, score, coverage, _best_sentence(e, topic))
            for coverage, score, e in ranked[:MAX_QUOTED]
        ]
        return hits[:MAX_QUOTED]


def _read_document(source_id: str, file: str, lines: list[str]) -> list[_Entry]:
    """A document's searchable units: its lines, a wrapped paragraph's sentences, an FAQ answer with its question."""
    entries: list[_Entry] = []
    question: tuple[Citation, ...] = ()
    for paragraph in _paragraphs(lines):
        cites = tuple(Citation(source=source_id, file=file, line=n, text=lines[n - 1]) for n in paragraph)
        if len(cites) == 1 and _is_faq_question(cites[0].text):
            question = cites  # indexed with its answer, the paragraph after it
            continue
        units = [(cites, cites[0].text.strip())] if len(cites) == 1 else _sentences_across(cites)
        asked = [w for c in question for w in stems_of(c.text)]
        for unit_cites, text in units:
            words = asked + stems_of(text)
            entries.append(_Entry(unit_cites, question, text, frozenset(words), " ".join(words)))
        question = ()
    return entries


def _idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _covers(concept: Concept, stems: frozenset[str]) -> bool:
    return any(all(s in stems for s in alt) for alt in concept.alternatives)


def _is_faq_question(text: str) -> bool:
    stripped = text.strip()
    return stripped.endswith("?") and len(stripped) < 300


_BULLET = re.compile(r"^\s*(?:[•\-*]|\d+\.)\s")
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Inc|Dr|St|vs|Mr|Ms|Jr|Co)\.$")


def _paragraphs(lines: list[str]) -> list[list[int]]:
    """Line numbers grouped into paragraphs: a line that ends in a space was wrapped (the policy is
    hard-wrapped at about 100 characters), and continues on the next line unless that starts a bullet
    or a table row (the policy's code table is space-ended too)."""
    out: list[list[int]] = []
    current: list[int] = []
    for n, text in enumerate(lines, 1):
        if len(_WORD.findall(text.lower())) < MIN_LINE_WORDS:
            if current:
                out.append(current)
            current = []
            continue
        wrapped = lines[current[-1] - 1].endswith(" ") if current else False
        if current and not (wrapped and not _BULLET.match(text) and not LOOKS_LIKE_ROW.match(text)):
            out.append(current)
            current = []
        current.append(n)
    if current:
        out.append(current)
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences, not split after 'a.m.', 'e.g.' or 'U.S.'."""
    out: list[str] = []
    for piece in _SENTENCE.split(text.strip()):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out or [text.strip()]


def _sentences_across(cites: tuple[Citation, ...]) -> list[tuple[tuple[Citation, ...], str]]:
    """A wrapped paragraph's sentences, each with the lines it spans."""
    joined, spans = "", []
    for c in cites:
        part = " ".join(c.text.split())
        start = len(joined) + (1 if joined else 0)
        joined = f"{joined} {part}" if joined else part
        spans.append((start, len(joined), c))
    out = []
    position = 0
    for sentence in split_sentences(joined):
        start = joined.find(sentence, position)
        end = start + len(sentence)
        position = end
        lines = tuple(c for s, e, c in spans if s < end and e > start)
        out.append((lines, sentence))
    return out


def _best_sentence(entry: _Entry, topic: list[Concept]) -> str:
    """The sentence of the line with most of the question's topic weight (a policy line can be long)."""
    sentences = split_sentences(entry.text)

    def carried(sentence: str) -> float:
        stems = frozenset(stems_of(sentence))
        return sum(c.weight for c in topic if _covers(c, stems))

    best = max(sentences, key=carried)
    # 'No.' alone answers nothing: keep the sentence that says why.
    k = sentences.index(best)
    if len(best) < 12 and k + 1 < len(sentences):
        best = f"{best} {sentences[k + 1]}"
    elif k > 0 and len(sentences[0]) < 12:
        best = f"{sentences[0]} {best}"
    return best
