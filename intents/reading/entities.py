"""Find drugs and codes in a question, with provenance (method, score, the text it came from).

Exact look-ups first (whole names, longest first, so 'Simponi Aria' is never read as 'Simponi'),
then rapidfuzz and metaphone for misspellings and sound-alikes. Close calls are not decided here:
they come back as ambiguities for the answer to ask about.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import jellyfish
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from intents.reading.dictionary import is_english
from intents.reading.near_spellings import NearbyNames
from intents.reading.non_drug_words import is_shorthand, names_of_people_and_places
from intents.reading.normalize import Normalized, squash
from intents.reading.search import is_printed, printed_vocabulary, question_shape_words, stem, thesaurus_of
from intents.reading.vocabulary import (
    BIOSIMILAR_WORDS,
    DESCRIPTION_FILLER,
    DESCRIPTION_TERMS,
    DOMAIN_WORDS,
    GENERIC_PARTS,
    ROMAN_NUMERALS,
    SERVICE_WORDS,
    STOPWORDS,
)
from knowledge.cache import remembered
from knowledge.kb import KnowledgeBase
from knowledge.linking import PROCEDURE_LIST_LAYOUTS
from knowledge.models import Drug, Listing

# Scores are rapidfuzz ratios (0-100) on squashed names.
FUZZY_MIN = 60.0  # below this a name is not a candidate at all (two slips in a six-letter name: 67)
FUZZY_ACCEPT = 84.0  # at or above this, a single clear candidate is taken (and the reading shown)
AMBIGUITY_MARGIN = 6.0  # a runner-up this close to the best means: ask, don't pick
PHONETIC_SCORE = 88.0  # same metaphone code: as good as a near-miss spelling...
PHONETIC_MIN_RATIO = 55.0  # ...provided the spelling is not far off as well
PARTIAL_SCORE = 90.0  # a word that belongs to one multi-word name only ('hylecta')
EXTEND_MIN = 90.0  # 'darzalex fasprow' -> Darzalex Faspro: the longer name, nearly exact
MIN_FUZZY_LEN = 4
MAX_TYPO_EDITS = 2  # keystrokes a misspelling of a short name may be off by
MAX_TYPO_EDITS_LONG = 3  # ...and of a name longer than LONG_NAME letters
LONG_NAME = 9
MIN_ONE_SLIP_LEN = 5  # one slip in a name this long is still clearly that name
MAX_CANDIDATES = 3
MAX_FUZZY = 8  # nearest names scored per typed word
AFFIX_MIN = 3  # letters added at one end of a name that make it another name, not a slip
DOMAIN_SLIP_MIN = 85.0  # this close to a word of the domain ('evicor'), a word is that word mistyped
MIN_DESCRIPTION_PREFIX = 4  # 'anticoag' of 'anticoagulation': abbreviations are cut words
MIN_ABBREVIATION_LEN = 6  # an abbreviation this long stands for the word it begins
MIN_ABBREVIATION_SHARE = 0.6  # ... else it must be this much of the word typed
MAX_NAME_WORDS = 6
# A short word with two letters swapped that then spells a word of the question's shape is that word
# mistyped ('lsit', 'waht'), never a drug no document names; any other word is left to the names' look-ups.
TRANSPOSED_WORD_LEN = range(4, 6)
MIN_COMPOUND_PART = 3  # 'home' + 'infusion' run together; shorter parts ('a', 'in') join too much
# Spelling look-ups (nearby names, each well under a millisecond) per message: a question names a few
# drugs, a pasted wall of 600 unfamiliar words would cost a quarter of a second. Words past the cap are
# still matched exactly, and the answer says which were not looked up (Resolution.unread).
MAX_FUZZY_LOOKUPS = 24
# Mostly noise: once this many unfamiliar words found no name at all, the rest of the message is not
# looked up either (and the remaining words are not weighed one by one).
NOISE_MISSES = 12
# A name heard and typed in pieces ('zol jensma', 'rem a kade'): the pieces are short words, and their
# letters together must be close to a name (a fuzzy or phonetic score this high) to be read as one.
MAX_SPLIT_PIECE = 6
SPLIT_MIN_SCORE = 85


def _split_spans_around(start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The spans of two or three words that hold the unknown word at start..end."""
    return ((start - 1, end), (start, end + 1), (start - 1, end + 1), (start - 2, end), (start, end + 2))


# Readings of single words that depend only on the edition (is it ordinary English or a printed word, is
# it a domain word mistyped), kept for this many words: a word repeated down a pasted message, or asked
# again in the next question, is read once.
WORD_MEMO = 4096

_BIOSIMILAR_SUFFIX = re.compile(r"-[a-z]{4}$")
# A brand's short trailing part ('Prolastin-C', 'Gamunex C', 'Aralast NP', 'Signifor LAR'): people type
# the base alone, and the base names that brand only.
_BRAND_SUFFIX = re.compile(r"[\s-]+[a-z0-9]{1,3}$")
MIN_BRAND_BASE = 5
_PAREN = re.compile(r"\s*\([^)]*\)")
_COMBINATION_JOIN = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*|\s*/\s*)")
_LONGEST_STOPWORD = max(map(len, STOPWORDS))


@dataclass(frozen=True)
class DrugMatch:
    drug_id: str
    method: str  # exact | alias | generic | split | partial | fuzzy | phonetic | shorthand | context
    score: float
    text: str
    start: int  # token span in the question
    end: int


MIN_SHORTENING = 3  # letters: 'pembro', 'nivo', 'tras' are a generic shortened, 'pe' is not
# A word standing alone that begins one printed generic name ('pembro', 'atezo') is that generic written
# short; shorter beginnings ('nivo', 'bev') begin too many words to be read without asking.
MIN_SHORTHAND = 5
SHORTHAND_SCORE = 85.0  # read as the generic it begins, and said so (a reading, never silent)
# Cell therapies written by clinicians' convention: the generic's first syllables and '-cel' ('axi-cel'
# for axicabtagene ciloleucel, 'tisa-cel' for tisagenlecleucel).
_CEL_SHORTHAND = re.compile(r"([a-z]{3,})-cel")


def _shortens_generic(drug: Drug, word: str) -> bool:
    """'pembro' of pembrolizumab, or the name itself cut short ('keytruda keyt', a truncated paste)."""
    return len(word) >= MIN_SHORTENING and any(
        part.startswith(word) for g in (drug.name, *drug.generics) for part in re.split(r"[^a-z]+", g.lower())
    )


DENYING_WORDS = frozenset({"not", "non", "except", "excluding", "without"})


def _without_denied(drugs: list[DrugMatch], tokens: list[str]) -> list[DrugMatch]:
    """'Darzalex (IV, not faspro)': a name right after 'not' beside another drug named says which product
    is NOT meant; it is not asked about."""
    if len({m.drug_id for m in drugs}) < 2:
        return drugs
    kept = [m for m in drugs if not (m.start and tokens[m.start - 1] in DENYING_WORDS)]
    return kept or drugs


def _without_restated_generics(drugs: list[DrugMatch]) -> list[DrugMatch]:
    """'Herceptin (trastuzumab)', 'pembrolizumab (Keytruda)': a generic written right beside one of its
    own brands restates which product is meant; it does not also ask about every product sharing the
    generic (Herzuma, Kanjinti, Ogivri… for trastuzumab)."""
    if len(drugs) < 2:  # a restated generic stands beside its brand: most questions name one drug
        return drugs
    spans: dict[tuple[int, int], list[DrugMatch]] = {}
    for m in drugs:
        spans.setdefault((m.start, m.end), []).append(m)
    brands = [m for group in spans.values() if all(m.method != "generic" for m in group) for m in group]
    restated = {
        span
        for span, group in spans.items()
        if all(m.method == "generic" for m in group)
        and any(b.drug_id in {m.drug_id for m in group} and (b.end == span[0] or span[1] == b.start) for b in brands)
    }
    return [m for m in drugs if (m.start, m.end) not in restated] if restated else drugs


@dataclass(frozen=True)
class Ambiguity:
    text: str
    candidates: tuple[tuple[str, float], ...]  # (drug id, score), best first


@dataclass(frozen=True)
class CodeMatch:
    code: str
    text: str
    known: bool


@dataclass
class Resolution:
    drugs: list[DrugMatch] = field(default_factory=list)
    ambiguities: list[Ambiguity] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # name-like words no document names
    unknown_spans: list[tuple[int, int]] = field(default_factory=list)  # their token spans, in order
    # Name-like words past MAX_FUZZY_LOOKUPS (or after NOISE_MISSES): matched exactly only, never by
    # spelling, so neither found nor "not found".
    unread: list[str] = field(default_factory=list)
    fuzzy_lookups: int = 0  # spelling look-ups made (the nearby-name index), at most MAX_FUZZY_LOOKUPS
    codes: list[CodeMatch] = field(default_factory=list)
    # Home-infusion rows whose description has every such word ('tpn', 'factor viii'), and the words.
    described: list[Listing] = field(default_factory=list)
    described_by: list[str] = field(default_factory=list)
    # People's and places' names ('sarah said…', 'my manager jennifer'): neither a drug nor a topic.
    people: list[str] = field(default_factory=list)

    def name_before(self, span: tuple[int, int]) -> DrugMatch | None:
        """The drug name that ends where `span` starts: 'opdivo' of 'opdivo qvantig'."""
        return next((m for m in self.drugs if m.end == span[0] and m.method != "context"), None)

    def drug_ids(self) -> list[str]:
        return list(dict.fromkeys(m.drug_id for m in self.drugs))


_Read = TypeVar("_Read")


@dataclass(frozen=True)
class _Scored:
    score: float  # rapidfuzz ratio, or PHONETIC_SCORE for a sound-alike
    method: str
    edits: int  # Damerau-Levenshtein distance to the nearest name


@dataclass(frozen=True)
class _Name:
    drug_id: str
    kind: str  # brand | alias | generic | generic_variant
    words: int


def _affixed(typed: str, name: str) -> bool:
    """'aflibercept' in 'zivaflibercept': one name inside the other with letters added at one end is
    another product (ziv-, ado-, fam-, a biosimilar's suffix), not a typing slip."""
    short, long = sorted((typed, name), key=len)
    return len(long) - len(short) >= AFFIX_MIN and (long.startswith(short) or long.endswith(short))


def typo_limit(typed: str | int) -> int:
    """How many keystrokes a typed name may be off by and still be read as a name."""
    length = typed if isinstance(typed, int) else len(typed)
    return MAX_TYPO_EDITS_LONG if length > LONG_NAME else MAX_TYPO_EDITS


def generic_variants(generic: str) -> set[str]:
    """'trastuzumab-pkrb' -> 'trastuzumab'; 'rituximab (10 mg)' -> 'rituximab'; 'imatinib mesylate'
    -> 'imatinib': the forms people type."""
    out = set()
    base = _PAREN.sub("", generic).strip()
    out.add(base)
    out.add(_BIOSIMILAR_SUFFIX.sub("", base))
    # A combination's parts joined as typed ('daratumumab-hyaluronidase' for 'daratumumab and
    # hyaluronidase-fihj', 'pertuzumab/trastuzumab/hyaluronidase' for Phesgo's).
    out.add(_COMBINATION_JOIN.sub(" ", _BIOSIMILAR_SUFFIX.sub("", base)))
    words = base.split()
    while len(words) > 1 and words[-1] in GENERIC_PARTS:
        words = words[:-1]
        out.add(" ".join(words))
    return {v for v in out if v and v != generic and not set(v.split()) <= GENERIC_PARTS}


class Matcher:
    @classmethod
    def of(cls, kb: KnowledgeBase) -> Matcher:
        """The matcher of a knowledge base, read back built when the same edition was matched before."""
        if kb.edition_key is None:  # built in memory (tests, benchmarks): nothing to key it by
            return cls(kb)
        matcher = remembered("matcher", kb.edition_key, lambda: cls(kb))
        matcher.kb = kb
        return matcher

    def __getstate__(self) -> dict:
        # Kept beside its knowledge base, not inside it; the word readings are rebuilt as words come.
        return {**self.__dict__, "kb": None, "_words_read": {}}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("_words_read", {})

    def _read_word(self, kind: str, word: str, read: Callable[[str], _Read]) -> _Read:
        """`read(word)`, once per word and kind (at most WORD_MEMO kept: a wall of distinct words starts
        the memo over rather than growing it)."""
        key = (kind, word)
        found = self._words_read.get(key)
        if found is None:
            if len(self._words_read) >= WORD_MEMO:
                self._words_read = {}
            found = self._words_read[key] = read(word)
        return found

    @staticmethod
    def _name_index(kb: KnowledgeBase) -> dict[str, list[_Name]]:
        """Every name a drug goes by, squashed: brands and aliases, generics, and their variants."""
        index: dict[str, list[_Name]] = defaultdict(list)

        def add(text: str, drug: Drug, kind: str) -> None:
            key = squash(text)
            if len(key) < 3 or key in STOPWORDS:
                return
            if not any(n.drug_id == drug.id for n in index[key]):
                index[key].append(_Name(drug.id, kind, len(text.split())))

        for drug in kb.drugs.values():
            add(drug.name, drug, "brand")
            for alias in drug.aliases:
                add(alias, drug, "alias")
            for generic in drug.generics:
                # 'immune globulin' names a class of products, not one drug: never read as a single drug.
                if not set(generic.lower().split()) <= GENERIC_PARTS:
                    add(generic, drug, "generic")
        # Variants only where they don't collide with a product's name: a brand always wins. A variant
        # that is another drug's generic ('trastuzumab' of trastuzumab-pkrb) names both: biosimilars
        # share their originator's generic, and a question by generic is about all of them.
        for drug in kb.drugs.values():
            for name in (drug.name, *drug.aliases):
                short = re.sub(r"(?:\s+\d+)+$", "", name)
                if short != name and squash(short) not in index:
                    add(short, drug, "alias")
            for generic in drug.generics:
                for variant in generic_variants(generic):
                    key = squash(variant)
                    if key in index and any(n.kind in ("brand", "alias") for n in index[key]):
                        continue
                    add(variant, drug, "generic_variant")
        return dict(index)

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        index = self._name_index(kb)
        self.index = index
        self.max_words = min(MAX_NAME_WORDS, max(n.words for names in index.values() for n in names) + 1)
        # Every beginning of every name: words that begin none end the look-up of a longer name there.
        self.prefixes = frozenset(key[:n] for key in index for n in range(1, len(key) + 1))
        # Only names a few keystrokes away can be read as a typo (see _decide), so only those are
        # scored: the index finds them without a scan over every name.
        self.nearby = NearbyNames(self.index, typo_limit)
        self.phonetic: dict[str, list[str]] = defaultdict(list)
        for key in self.index:
            if key.isalpha():
                self.phonetic[jellyfish.metaphone(key)].append(key)
        self.codes_by_digits: dict[str, list[str]] = defaultdict(list)
        for code in sorted(kb.codes):
            if len(code) == 5 and code[0].isalpha() and code[1:].isdigit():
                self.codes_by_digits[code[1:]].append(code)
        self.partials = self._distinctive_words(kb)
        # Each printed generic name (its words run together) and the drugs printing it: what a shorthand
        # ('pembro', 'axi-cel') may begin.
        self.generics: dict[str, tuple[str, ...]] = {}
        for drug in kb.drugs.values():
            for generic in drug.generics:
                key = squash(generic)
                self.generics[key] = (*self.generics.get(key, ()), drug.id)
        # A typed word whose stem is a name's ('xolaire' -> 'xolair') is that name mistyped, though the
        # stem makes it look printed.
        self.name_stems = frozenset(stem(key) for key in self.index if key.isalpha())
        self.shared = self._shared_words(kb)
        self.descriptions = self._description_words(kb)
        # The vocabulary's longer words and the parts of generic names, for telling a mistyped 'evicore'
        # or 'globuln' from an unknown drug.
        # The thesaurus's words are the domain's too ('turnarund' is 'turnaround' mistyped, not a drug).
        jargon = thesaurus_of(kb.thesaurus).words
        domain = DOMAIN_WORDS | GENERIC_PARTS | jargon
        # A word of the thesaurus that names no drug is the asker's jargon ('outpt', 'temp', 'tat'),
        # never a drug the documents don't name, however short.
        self.jargon = frozenset(jargon)
        self.domain_words = sorted(w for w in domain if len(w) >= MIN_ONE_SLIP_LEN and w.isalpha())
        self.domain_prefixes = {w[:n] for w in self.domain_words for n in range(MIN_ONE_SLIP_LEN, len(w) + 1)}
        self._printed: frozenset[str] | None = None
        self._words_read: dict[tuple[str, str], bool] = {}
        # Exact names that begin longer names ('darzalex' -> 'darzalexfaspro'), so a misspelt second
        # word ('darzalex fasprow') still reaches the longer name instead of stopping at the shorter.
        self.longer: dict[str, list[str]] = defaultdict(list)
        for key in self.index:
            for size in range(3, len(key)):
                if key[:size] in self.index:
                    self.longer[key[:size]].append(key)

    @staticmethod
    def _distinctive_words(kb: KnowledgeBase) -> dict[str, str]:
        """Words that belong to exactly one drug's multi-word name: 'hylecta' -> Herceptin Hylecta."""
        owners: dict[str, set[str]] = defaultdict(set)
        for drug in kb.drugs.values():
            for name in (drug.name, *drug.aliases, *drug.generics):
                words = re.findall(r"[a-z][a-z0-9-]+", _PAREN.sub("", name.lower()))
                if len(words) < 2:
                    continue
                for w in words:
                    if len(w) >= 5 and w not in STOPWORDS and w not in GENERIC_PARTS:
                        owners[w].add(drug.id)
            for name in (drug.name, *drug.aliases):
                base = _BRAND_SUFFIX.sub("", _PAREN.sub("", name.lower()).strip())
                is_base = base != name.lower() and re.fullmatch(r"[a-z]+", base) and len(base) >= MIN_BRAND_BASE
                if is_base and base not in STOPWORDS and base not in GENERIC_PARTS:
                    owners[base].add(drug.id)
        return {w: next(iter(ids)) for w, ids in owners.items() if len(ids) == 1}

    @staticmethod
    def _description_words(kb: KnowledgeBase) -> dict[str, list[int]]:
        """Each word of the procedure lists' descriptions (the home infusion list) -> its rows ('tpn' ->
        S9364..S9368), by position in kb.listings: the matcher is cached apart from the rows it points at."""
        words: dict[str, list[int]] = defaultdict(list)
        for position, x in enumerate(kb.listings):
            if x.names or not x.description or kb.program(x.program).layout not in PROCEDURE_LIST_LAYOUTS:
                continue
            for w in dict.fromkeys(re.findall(r"[a-z0-9]+", x.description.lower())):
                if (len(w) >= 3 and w.isalpha() and w not in DESCRIPTION_FILLER) or w in ROMAN_NUMERALS:
                    words[w].append(position)
        return dict(words)

    def _rows_described_by(self, word: str) -> list[Listing]:
        """Rows with the word, or with the longest abbreviation of it the list prints ('anticoag')."""
        if word in self.descriptions:
            return [self.kb.listings[i] for i in self.descriptions[word]]
        if len(word) < MIN_DESCRIPTION_PREFIX or not (word in SERVICE_WORDS or is_english(word)):
            return []  # 'injectafer' is a name that begins with 'inject', not an abbreviation's long form
        # Only the list's abbreviations of a typed word ('anticoag' of 'anticoagulation'): a typed prefix
        # ('ritux') is more likely a drug name cut short than a description.
        keys = [word[:n] for n in range(MIN_DESCRIPTION_PREFIX, len(word)) if word[:n] in self.descriptions]
        best = max((len(k) for k in keys), default=0)
        # 'anti' is too little of 'anticoagulation' to stand for it, and 'comp' (complex) of 'company'.
        if best < MIN_ABBREVIATION_LEN and best < MIN_ABBREVIATION_SHARE * len(word):
            return []
        rows: list[Listing] = []
        for k in keys:
            if len(k) == best:
                rows += [x for x in (self.kb.listings[i] for i in self.descriptions[k]) if x not in rows]
        return rows

    @staticmethod
    def _shared_words(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
        """Words of a few drugs' multi-word names and of no English: 'lupron' -> Lupron Depot, Lupron
        Depot-PED. Typed alone, they are asked about, never settled on one of the drugs."""
        owners: dict[str, set[str]] = defaultdict(set)
        for drug in kb.drugs.values():
            for name in (drug.name, *drug.aliases):
                words = re.findall(r"[a-z][a-z0-9]+", _PAREN.sub("", name.lower()))
                for w in words[:1] if len(words) >= 2 else ():
                    if len(w) >= 5 and w not in STOPWORDS and w not in GENERIC_PARTS and not is_english(w):
                        owners[w].add(drug.id)
        return {w: tuple(sorted(ids)) for w, ids in owners.items() if 1 < len(ids) <= MAX_CANDIDATES}

    # -- resolution ---------------------------------------------------------------------------------
    def resolve(self, q: Normalized, name_like_all: bool = True) -> Resolution:
        out = Resolution()
        for code, typed in q.codes:
            out.codes.append(CodeMatch(code, typed, code in self.kb.codes))
        for number in q.numbers:
            if number in self.kb.codes:
                out.codes.append(CodeMatch(number, number, True))
        for digits in q.digits:
            # Every printed code with these digits (J9047 and C9047 both): each is a fact to state.
            for code in self.codes_by_digits.get(digits, ()):
                if all(c.code != code for c in out.codes):
                    out.codes.append(CodeMatch(code, digits, True))
        tokens = list(q.tokens)
        used = [False] * len(tokens)
        self._exact(tokens, used, out)
        self._partial(tokens, used, out)
        # 'Dr. Patel', 'Sarah here', 'office in Tampa': who asks and from where, never a missing drug.
        people = names_of_people_and_places(q.clean)
        for i, token in enumerate(tokens):
            if token in people:
                used[i] = True
                out.people.append(token)
            elif is_shorthand(token):  # 'prolia q6mo': the schedule, not a second word of the name
                used[i] = True
        self._fuzzy(tokens, used, out)
        self._split_names(tokens, out)
        self._described(tokens, used, out)
        out.drugs = _without_restated_generics(out.drugs)
        out.drugs = self._biosimilars_asked(out.drugs, tokens)
        self._another_product(q.clean, out)
        out.drugs = _without_denied(out.drugs, tokens)
        out.drugs.sort(key=lambda m: m.start)
        return out

    def _biosimilars_asked(self, drugs: list[DrugMatch], tokens: list[str]) -> list[DrugMatch]:
        """'rituximab biosimilars', 'biosimilars of trastuzumab': a generic beside a biosimilar word asks for
        its biosimilars, the products whose own generic is it with the FDA's four-letter suffix
        (rituximab-arrx), never its originator (Rituxan) nor a combination sharing it (Rituxan Hycela).
        Only where the generic has an originator printed bare: a suffixed generic alone (ravulizumab-cwvz)
        is an original product's name, not a biosimilar's."""
        asked = [i for i, t in enumerate(tokens) if t in BIOSIMILAR_WORDS]
        if not asked:
            return drugs
        beside = [m for m in drugs if m.method == "generic" and any(m.end == i or 0 < m.start - i <= 2 for i in asked)]
        drop: set[int] = set()
        for span in {(m.start, m.end) for m in beside}:
            group = [m for m in beside if (m.start, m.end) == span]
            typed = squash(group[0].text)
            kinds = {m.drug_id: self._biosimilar_of(self.kb.drugs[m.drug_id], typed) for m in group}
            if any(kinds.values()) and any(k is False for k in kinds.values() if k is not None):
                drop |= {id(m) for m in group if not kinds[m.drug_id]}
        return [m for m in drugs if id(m) not in drop]

    @staticmethod
    def _biosimilar_of(drug: Drug, typed: str) -> bool | None:
        """True: a generic of the drug is the typed one with a biosimilar's suffix; False: the typed
        generic itself, bare (the originator); None: neither (a combination sharing it)."""
        bases = [_PAREN.sub("", g).strip().lower() for g in drug.generics]
        if any(_BIOSIMILAR_SUFFIX.search(b) and squash(_BIOSIMILAR_SUFFIX.sub("", b)) == typed for b in bases):
            return True
        return False if any(squash(b) == typed for b in bases) else None

    def _another_product(self, text: str, out: Resolution) -> None:
        """'opdivo qvantig', 'keytruda qlex': a word no document prints, written right after a listed
        drug's name as one phrase, names another product or not: asked back with the listed drug as the
        candidate, never answered as the listed one. A shortening of the drug's own generic ('keytruda
        pembro') only restates it; a name after a drug in a list ('keytruda, humira') is a name apart."""
        kept = []
        for word, span in zip(out.unknown, out.unknown_spans, strict=True):
            before = out.name_before(span)
            drug = self.kb.drugs[before.drug_id] if before is not None else None
            if drug is None or f"{before.text} {word}" not in text or _shortens_generic(drug, word):
                kept.append((word, span))
                continue
            out.drugs = [m for m in out.drugs if m is not before]
            out.ambiguities.append(Ambiguity(f"{before.text} {word}", ((drug.id, before.score),)))
        out.unknown, out.unknown_spans = [w for w, _ in kept], [sp for _, sp in kept]

    def _exact(self, tokens: list[str], used: list[bool], out: Resolution) -> None:
        # (tokens are already [a-z0-9+-]: most have neither sign)
        keys = [t if t.isalnum() else t.replace("-", "").replace("+", "") for t in tokens]
        prefixes = self.prefixes
        i = 0
        while i < len(tokens):
            if keys[i] not in prefixes:  # most words begin no name: none is read from them
                i += 1
                continue
            # Names don't start with 'the', 'for', 'is'...: from such a word only the word itself is tried,
            # unless the words from it spell a brand whole ('yes carta', 'her cept in': a name heard).
            found = self._longest_name_at(keys, i, min(self.max_words, len(tokens) - i))
            if tokens[i] in STOPWORDS and found is not None and not self._heard_brand(found):
                found = self._longest_name_at(keys, i, 1)
            if found is None:
                i += 1
                continue
            size, names = found
            extended = self._extend(tokens, i, size)
            if extended:
                key, score, size = extended
                matches = [(n.drug_id, "fuzzy", round(score, 1)) for n in self.index[key]]
            else:
                matches = [(n.drug_id, self._exact_method(n, size), 100.0) for n in names]
            text = " ".join(tokens[i : i + size])
            out.drugs += [DrugMatch(drug_id, method, score, text, i, i + size) for drug_id, method, score in matches]
            used[i : i + size] = [True] * size
            i += size

    @staticmethod
    def _heard_brand(found: tuple[int, list[_Name]]) -> bool:
        """Several words that together are a brand's name written as one word ('yes carta')."""
        size, names = found
        return size > 1 and any(n.kind == "brand" and n.words < size for n in names)

    def _longest_name_at(self, keys: list[str], i: int, longest: int) -> tuple[int, list[_Name]] | None:
        """The most words from i on (at most `longest`) that together are a name, and its names: read
        word by word only while the words so far begin a name."""
        found = None
        joined = ""
        for size in range(1, longest + 1):
            joined += keys[i + size - 1]
            if joined not in self.prefixes:
                break
            names = self.index.get(joined)
            if names:
                found = (size, names)
        return found

    @staticmethod
    def _exact_method(name: _Name, size: int) -> str:
        if name.kind not in ("brand", "alias"):
            return "generic"
        if size > name.words:
            return "split"  # 'key truda' for Keytruda
        return "exact" if name.kind == "brand" else "alias"

    def _extend(self, tokens: list[str], i: int, size: int) -> tuple[str, float, int] | None:
        key = squash("".join(tokens[i : i + size]))
        end = i + size
        if key not in self.longer or end >= len(tokens) or tokens[end] in STOPWORDS:
            return None
        found = process.extractOne(
            squash(key + tokens[end]), self.longer[key], scorer=fuzz.ratio, score_cutoff=EXTEND_MIN
        )
        return (found[0], found[1], size + 1) if found else None

    def _described(self, tokens: list[str], used: list[bool], out: Resolution) -> None:
        """When no drug name was found: the home infusion rows whose descriptions have the question's
        remaining words ('tpn', 'factor viii'). Runs after the drug look-ups, so a mistyped drug name is
        read as that drug (or asked about) before it can be read as a description word."""
        if out.drugs or out.ambiguities:
            return
        unknown_at = {start: k for k, (start, end) in enumerate(out.unknown_spans) if end == start + 1}
        found: list[tuple[int, list[Listing]]] = []

        def described_by(part: str) -> list[Listing]:
            # Once per word and edition (the rows are read, never changed): 'member-member-…' is one look-up.
            return self._read_word("described", part, self._rows_described_by)

        for i, token in enumerate(tokens):
            if token in STOPWORDS and token not in DESCRIPTION_TERMS:
                continue  # no drug was found, so every other word may be a description's
            if token in ROMAN_NUMERALS and not (i and tokens[i - 1] in self.descriptions):
                continue  # 'factor viii' is a description; 'iv' alone is how a drug is given
            parts = [p for p in token.split("-") if len(p) >= 3 or p in ROMAN_NUMERALS]
            if any(squash(p) in self.index for p in parts):
                continue  # 'denosumab' of 'denosumab-bbdz' is a name, not a service
            per_part = [described_by(p) for p in parts]
            # Every part of 'alpha-1', none missing: 'infuse-bone' is not the rows that say 'infus'.
            if per_part and all(per_part):
                found += [(i, rows) for rows in per_part]
        if not found:
            return
        # The rows with the most of the words: all of them if any row has all ('factor viii').
        hits: dict[int, int] = defaultdict(int)
        by_id: dict[int, Listing] = {}
        for _, rows in found:
            for x in rows:
                hits[id(x)] += 1
                by_id[id(x)] = x
        most = max(hits.values())
        out.described = [x for key, x in by_id.items() if hits[key] == most]
        matched = list(dict.fromkeys(i for i, _ in found))
        out.described_by = [tokens[i] for i in matched]
        # A word the rows explain is not an unknown drug.
        gone = {unknown_at[i] for i in matched if i in unknown_at}
        out.unknown = [w for k, w in enumerate(out.unknown) if k not in gone]
        out.unknown_spans = [sp for k, sp in enumerate(out.unknown_spans) if k not in gone]
        for i in matched:
            used[i] = True

    def _partial(self, tokens: list[str], used: list[bool], out: Resolution) -> None:
        if self.shared.keys().isdisjoint(tokens) and self.partials.keys().isdisjoint(tokens):
            return  # most questions: no word of a few drugs' names (two checks, not a loop over the words)
        for i, token in enumerate(tokens):
            if not used[i] and token in self.shared:
                out.ambiguities.append(Ambiguity(token, tuple((d, PARTIAL_SCORE) for d in self.shared[token])))
                used[i] = True
            if not used[i] and token in self.partials:
                drug_id = self.partials[token]
                if drug_id not in out.drug_ids():
                    out.drugs.append(DrugMatch(drug_id, "partial", PARTIAL_SCORE, token, i, i + 1))
                used[i] = True

    def _split_names(self, tokens: list[str], out: Resolution) -> None:
        """'zol jensma', 'op deevo', 'rem a kade': a name said aloud and typed as it was heard, its pieces
        apart. A word no document knows, joined with the short words around it, is read as the name
        the joined letters are nearest, or asked back, as any mistyped name is (_decide)."""
        for word, (start, end) in list(zip(out.unknown, out.unknown_spans, strict=True)):
            spans = [(a, b) for a, b in _split_spans_around(start, end) if a >= 0 and b <= len(tokens)]
            spans = [(a, b) for a, b in spans if all(t.isalpha() and len(t) <= MAX_SPLIT_PIECE for t in tokens[a:b])]
            best: tuple[float, tuple[int, int], dict[str, _Scored]] | None = None
            for a, b in spans:
                if out.fuzzy_lookups >= MAX_FUZZY_LOOKUPS:
                    return
                out.fuzzy_lookups += 1
                joined = squash("".join(tokens[a:b]))
                scores = self._nearest_names(joined)
                top = max((c.score for c in scores.values()), default=0.0)
                if top >= SPLIT_MIN_SCORE and (best is None or top > best[0]):
                    best = (top, (a, b), scores)
            if best is None:
                continue
            k = out.unknown.index(word)
            del out.unknown[k], out.unknown_spans[k]
            _, span, scores = best
            self._decide(" ".join(tokens[span[0] : span[1]]), span, scores, out)

    def _nearest_names(self, key: str) -> dict[str, _Scored]:
        """The candidates of a squashed word, read once per word and edition (as _fuzzy's are: the same
        memo): a name heard in pieces ('op deevo') is scored again at every asking otherwise."""
        near = self._read_word("nearby", key, self.nearby.within)
        return self._read_word("candidates", key, lambda k: self._candidates(k, near))

    def _candidates(self, query: str, near: set[str]) -> dict[str, _Scored]:
        """drug id -> how close the typed string is to that drug's nearest name (`near`: the index's
        names within reach of it)."""
        found: dict[str, _Scored] = {}
        limit = typo_limit(query)

        def rank(score: float, edits: int) -> tuple[bool, bool, float, int]:
            # A name a few keystrokes away ('epogen' for 'epoian') beats a better-scoring one that is
            # not ('epoetin'): only the first can be offered (see _decide). One slip away beats both:
            # 'rtuxima' is Truxima with two letters swapped, whatever rituximab's ratio.
            return (edits <= limit, edits <= 1, score, -edits)

        def offer(key: str, score: float, method: str) -> None:
            if _affixed(query, key):
                return
            edits = DamerauLevenshtein.distance(query, key)
            for name in self.index[key]:
                old = found.get(name.drug_id)
                if old is None or rank(score, edits) > rank(old.score, old.edits):
                    found[name.drug_id] = _Scored(score, method, edits)

        for key, score, _ in process.extract(query, near, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN, limit=MAX_FUZZY):
            offer(key, score, "fuzzy")
        if query.isalpha():
            for key in self.phonetic.get(jellyfish.metaphone(query), ()):
                ratio = fuzz.ratio(query, key)
                if ratio >= PHONETIC_MIN_RATIO:
                    offer(key, max(ratio, PHONETIC_SCORE), "phonetic" if ratio < PHONETIC_SCORE else "fuzzy")
        return found

    def _fuzzy(self, tokens: list[str], used: list[bool], out: Resolution) -> None:
        # A word typed many times is looked up once: a pasted wall of one unknown word would otherwise
        # cost a nearby-name search per copy (bench: worst-case input).
        looked_up: dict[str, dict[str, _Scored]] = {}

        def within(key: str) -> set[str] | None:
            """The nearby names, or None once the message has had its MAX_FUZZY_LOOKUPS (each look-up
            counts, though what a word is near is read once per edition: WORD_MEMO kept)."""
            if out.fuzzy_lookups >= MAX_FUZZY_LOOKUPS:
                return None
            out.fuzzy_lookups += 1
            return self._read_word("nearby", key, self.nearby.within)

        def candidates(query: str) -> dict[str, _Scored] | None:
            if query not in looked_up:
                near = within(query)
                if near is None:
                    return None
                looked_up[query] = self._read_word("candidates", query, lambda q: self._candidates(q, near))
            return looked_up[query]

        def name_like(t: str) -> bool:
            return t not in STOPWORDS and len(t) >= MIN_FUZZY_LEN and t[0].isalpha()

        i = 0
        while i < len(tokens):
            if used[i] or not name_like(tokens[i]):
                i += 1
                continue
            if len(out.unknown) >= NOISE_MISSES:
                # Mostly noise: the rest is left unread, unweighed (each word's dictionary check costs too).
                out.unread += [t for j, t in enumerate(tokens[i:], i) if not used[j] and name_like(t)]
                return
            if self.is_non_drug_word(tokens[i]) or self._first_word_of_partial(tokens, i, out, candidates):
                i += 1
                continue
            if self._unlisted_biosimilar(tokens[i], within):
                # 'denosumab-bbdz': a biosimilar of a known drug that no document names; its neighbours
                # ('denosumab', another suffix) are other products.
                out.unknown.append(tokens[i])
                out.unknown_spans.append((i, i + 1))
                used[i] = True
                i += 1
                continue
            single = candidates(squash(tokens[i]))
            if single is None:
                out.unread.append(tokens[i])
                i += 1
                continue
            best_span, best = (i, i + 1), single
            if i + 1 < len(tokens) and not used[i + 1] and tokens[i + 1] not in STOPWORDS:
                pair = candidates(squash(tokens[i] + tokens[i + 1]))
                if pair and max(c.score for c in pair.values()) > max((c.score for c in best.values()), default=0):
                    best_span, best = (i, i + 2), pair
            text = " ".join(tokens[best_span[0] : best_span[1]])
            self._decide(text, best_span, best, out)
            for j in range(*best_span):
                used[j] = True
            i = best_span[1]

    @staticmethod
    def _first_word_of_partial(
        tokens: list[str], i: int, out: Resolution, candidates: Callable[[str], dict[str, _Scored] | None]
    ) -> bool:
        """'hercepton hylecta': the word before a name's own second word ('hylecta', read as Herceptin
        Hylecta) is that name's first word mistyped when the two together are nearest that name, a few
        keystrokes away: one drug, read from both words, not Herceptin beside it."""
        at = next((k for k, m in enumerate(out.drugs) if m.method == "partial" and m.start == i + 1), None)
        if at is None:
            return False
        partial, typed = out.drugs[at], squash(tokens[i] + tokens[i + 1])
        pair = candidates(typed)
        near = pair.get(partial.drug_id) if pair else None
        if near is None or near.edits > typo_limit(typed) or any(c.score > near.score for c in pair.values()):
            return False
        text = f"{tokens[i]} {tokens[i + 1]}"
        out.drugs[at] = DrugMatch(partial.drug_id, near.method, round(near.score, 1), text, i, partial.end)
        return True

    @property
    def printed(self) -> frozenset[str]:
        """A word the documents print is the documents' word, never an unknown drug ('oncologists'):
        read at the first word that is not English (most questions have none)."""
        if self._printed is None:
            self._printed = printed_vocabulary(self.kb)
        return self._printed

    def is_non_drug_word(self, word: str) -> bool:
        """An ordinary word is the question's, not a name; so is a word the documents print, and a
        hyphenated one made of such words ('mid-regimen')."""
        return self._read_word("non_drug_word", word, self._non_drug_word)

    def _non_drug_word(self, word: str) -> bool:
        if is_english(word):
            return True
        if word.endswith("+") and len(word) > 2:
            return self.is_non_drug_word(word.rstrip("+"))  # 'phs+' is the plan 'phs' plus: the word's own reading
        if stem(word) in self.name_stems and (word not in self.printed or self._cut_name(word)):
            return False  # 'xolaire', 'tysabry': printed only as a name's stem, so a name mistyped
        if is_printed(word, self.printed):
            return True
        if self._compound(word):
            return True
        if _transposed_english(word):
            return True
        parts = [p for p in word.split("-") if p]
        return len(parts) > 1 and all(p in STOPWORDS or is_english(p) or is_printed(p, self.printed) for p in parts)

    def _cut_name(self, word: str) -> bool:
        """'abraxan': a name's stem, which the printed vocabulary holds only as that name's stem, is the
        name cut short, not a word of the documents."""
        return word in self.name_stems and word not in self.index

    @staticmethod
    def _compound(word: str) -> bool:
        """'homeinfusion', 'priorauth': two of the question's own words typed as one."""
        if len(word) > 2 * _LONGEST_STOPWORD:  # a pasted 4,000-letter word is split nowhere
            return False
        return any(
            word[:k] in STOPWORDS and word[k:] in STOPWORDS
            for k in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1)
        )

    def _domain_slip(self, word: str) -> bool:
        return self._read_word("domain_slip", word, self._is_domain_slip)

    def _is_domain_slip(self, word: str) -> bool:
        if len(word) < MIN_ONE_SLIP_LEN:
            return False
        if word in self.domain_prefixes:  # cut short: 'infusi', 'authoriz'
            return True
        return process.extractOne(word, self.domain_words, scorer=fuzz.ratio, score_cutoff=DOMAIN_SLIP_MIN) is not None

    def _unlisted_biosimilar(self, token: str, within: Callable[[str], set[str] | None]) -> bool:
        """'denosumab-bbdz': a known generic with a suffix no listed biosimilar has, nor one a slip away
        ('trastuzumab-yqyp' is Trazimera's trastuzumab-qyyp mistyped). `within`: the nearby names (None:
        no look-ups left, and the token is left to the caller)."""
        stem, dash, suffix = token.rpartition("-")
        if not (dash and len(suffix) == 4 and suffix.isalpha() and squash(stem) in self.index):
            return False
        key = squash(token)
        near = within(key)
        return near is not None and not any(DamerauLevenshtein.distance(key, k) <= 1 for k in near)

    def _decide(self, text: str, span: tuple[int, int], scores: dict[str, _Scored], out: Resolution) -> None:
        """Take a clear winner; offer plausible typos; otherwise the word is not a name we know.

        A candidate is plausible when it sounds the same or is a few keystrokes away: a different
        drug that merely looks similar ('Tecfidera' / 'Tecelra') is neither, and is not offered.
        """
        limit = typo_limit(squash(text))
        plausible = {d: c for d, c in scores.items() if c.method == "phonetic" or c.edits <= limit}
        slip = len(squash(text)) >= MIN_ONE_SLIP_LEN  # one slip in a name this long is that name
        ranked = sorted(
            plausible.items(),
            key=lambda kv: (not (slip and kv[1].edits <= 1), -kv[1].score, kv[1].edits, self.kb.drugs[kv[0]].name),
        )
        if not ranked and (text in self.jargon or self._domain_slip(squash(text))):
            return  # 'evicor', 'infusi': the question's own words, mistyped; 'outpt': its jargon
        shorthand = self._shorthand(text) if not ranked else ()
        if len(shorthand) == 1:
            out.drugs.append(DrugMatch(shorthand[0], "shorthand", SHORTHAND_SCORE, text, *span))
            return
        if shorthand:  # 'trastu': one generic, several products: which one is asked
            out.ambiguities.append(Ambiguity(text, tuple((d, SHORTHAND_SCORE) for d in shorthand[:MAX_CANDIDATES])))
            return
        if not ranked:
            if text not in out.unknown:  # a word typed twice is one word not found
                out.unknown.append(text)
                out.unknown_spans.append(span)
            return
        best_id, best = ranked[0]
        close = [(d, c) for d, c in ranked[1:] if best.score - c.score < AMBIGUITY_MARGIN]
        one_slip = best.edits <= 1 and len(squash(text)) >= MIN_ONE_SLIP_LEN
        # Sounding alike is reason to ask, not to answer: 'procardia' sounds like Procrit and is another
        # drug. Only a name a few keystrokes away is taken without asking.
        typo_like = best.edits <= limit
        if (
            typo_like
            and (best.score >= FUZZY_ACCEPT or one_slip)
            and not [c for _, c in close if c.edits <= best.edits]
        ):
            out.drugs.append(DrugMatch(best_id, best.method, round(best.score, 1), text, *span))
            return
        options = [(best_id, best), *close] if close else ranked
        out.ambiguities.append(Ambiguity(text, tuple((d, round(c.score, 1)) for d, c in options[:MAX_CANDIDATES])))

    def _shorthand(self, text: str) -> tuple[str, ...]:
        # Read once per word and edition: each read tries every generic's name (~330) as the word's long form.
        return self._read_word("shorthand", text, self._generics_begun)

    def _generics_begun(self, text: str) -> tuple[str, ...]:
        """The drugs of the one printed generic name a word begins, with its suffixed forms ('pembro':
        pembrolizumab; 'trastu': trastuzumab, trastuzumab-anns…, every product of them), or that a
        clinician's '-cel' shorthand names ('axi-cel': axicabtagene ciloleucel); none when it begins
        several generics or none."""
        cel = _CEL_SHORTHAND.fullmatch(text)
        if cel:
            keys = [k for k in self.generics if k.startswith(cel.group(1)) and k.endswith("cel")]
        elif text.isalpha() and len(text) >= MIN_SHORTHAND:
            keys = [k for k in self.generics if k.startswith(text) and k != text]
        else:
            return ()
        shortest = min(keys, key=len, default="")
        if not keys or not all(k.startswith(shortest) for k in keys):
            return ()
        return tuple(dict.fromkeys(d for k in sorted(keys, key=len) for d in self.generics[k]))


def _transposed_english(word: str) -> bool:
    """'lsit' is 'list' with two letters swapped: a word of a question's shape (a function word, 'list',
    'drug', 'code'), never any dictionary word ('inlya' is Inlyta mistyped, not 'inlay')."""
    if len(word) not in TRANSPOSED_WORD_LEN or not word.isalpha():
        return False
    shape = question_shape_words()
    return any(
        word[:k] + word[k + 1] + word[k] + word[k + 2 :] in shape
        for k in range(len(word) - 1)
        if word[k] != word[k + 1]
    )
