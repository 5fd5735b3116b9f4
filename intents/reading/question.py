"""What a question asks about: programs, topics, contact fields, follow-up cues. Patterns are data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from intents.phrasing.shape import Shape
from intents.reading.entities import Resolution
from intents.reading.literal_gate import gated, joint, may_match
from intents.reading.normalize import Normalized
from intents.reading.payers import other_payers
from intents.reading.search import stems_of
from knowledge.data_files import package_toml
from knowledge.kb import KnowledgeBase
from knowledge.models import ProgramId

if TYPE_CHECKING:
    from intents.reading.search import Concept, DocumentSearch, Hit


@dataclass(frozen=True)
class QuestionWords:
    """The manifest's words for programs and marked rows, compiled once per knowledge base: which
    programs a question names is data, so a further list is named by its manifest entry alone."""

    # A question that names a program asks about that program for every drug it names.
    programs: tuple[tuple[tuple[ProgramId, ...], re.Pattern[str]], ...]
    # Questions about the rows a marker or footnote picks out ('which eviCore drugs are pharmacy benefit
    # only?'): (program, symbol as printed) and the words that name it.
    marked: tuple[tuple[ProgramId, str, re.Pattern[str]], ...]
    history: bool = False  # the folder keeps a previous edition: "what changed?" can be answered

    @classmethod
    def of(cls, kb: KnowledgeBase) -> QuestionWords:
        return cls(
            programs=tuple((e.programs, gated(re.compile("|".join(e.words)))) for e in kb.vocabulary.programs),
            marked=tuple((m.program, m.symbol, gated(re.compile("|".join(m.words)))) for m in kb.vocabulary.marked),
            history=kb.history is not None,
        )


# What a question asks, in words: intents/reading/question_words.toml.
_WORDS = package_toml("intents.reading", "question_words.toml")


def _compiled(words: str | list[str]) -> re.Pattern[str]:
    """A pattern of the table: one string, or a list of alternatives."""
    return gated(re.compile(words if isinstance(words, str) else "|".join(words)))


def asks(kind: str) -> re.Pattern[str]:
    """The words of intents/reading/question_words.toml [asks] `kind`, compiled."""
    return _compiled(_WORDS["asks"][kind])


# Words for where the patient is or who is asking, not for a program ('our hospital', 'at the clinic').
CONTEXT_WORDS = asks("context")

# Policy and program topics, matched against rule topics in the knowledge base (data:
# intents/reading/topics.toml).
TOPIC_PATTERNS: dict[str, re.Pattern[str]] = {
    topic: gated(re.compile("|".join(alternatives)))
    for topic, alternatives in package_toml("intents.reading", "topics.toml")["topics"].items()
}


def topic_problems(rule_topics: set[str]) -> list[str]:
    """What `kb check` says of the topics: each topic a rule of the manifest names must be one a
    question can have."""
    return [
        f"intents/reading/topics.toml: topic {t!r} (a rule's) is one no question can have"
        for t in sorted(rule_topics - set(TOPIC_PATTERNS))
    ]


# A code's shape ('j9999', 'q5123', '90378'): unknown, it is said to be unmentioned, like a drug's name.
CODE_LIKE = re.compile(r"[a-z]\d{4}|\d{5}")

# Asking for rows, not for a meaning: 'which drugs…', 'list…', not 'what is a specialty pharmacy?'.
LISTING_WORDS = asks("listing")

# Behind their literal gates: the fields' patterns open with look-behinds, tried at every position.
CONTACT_FIELDS: dict[str, re.Pattern[str]] = {
    field: _compiled(words) for field, words in _WORDS["contact_fields"].items()
}
ANY_CONTACT_FIELD = joint(p.pattern for p in CONTACT_FIELDS.values())  # most questions ask none: one check

# Behind its gate too: the union tries each topic's alternatives at every position (~8 us a question), and
# its ~120 needed strings turn away most questions in a third of that.
ANY_TOPIC = gated(re.compile("|".join(f"(?:{p.pattern})" for p in TOPIC_PATTERNS.values())))
CONTACT_WORDS = asks("contact")
CODE_WORDS = asks("code")
DATE_WORDS = asks("date")
# Asking what a new edition changed: only read when the folder keeps the previous edition.
CHANGE_WORDS = asks("change")
HELP_WORDS = asks("help")
# 'which documents do you use?', 'where does this come from?': the help answer lists them with dates.
SOURCES_WORDS = asks("sources")
PA_WORDS = asks("prior_auth")
FOLLOW_UP = asks("follow_up")


_UNREAD = Shape()  # frozen: every question not yet refined shares it


@dataclass
class Question:
    norm: Normalized
    found: Resolution
    programs: list[ProgramId] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    contact_fields: list[str] = field(default_factory=list)
    asks_contact: bool = False
    asks_code: bool = False
    asks_date: bool = False
    asks_help: bool = False
    asks_pa: bool = False
    follow_up: bool = False
    marked: list[tuple[ProgramId, str]] = field(default_factory=list)  # marker rows asked for
    other_payers: list[str] = field(default_factory=list)  # 'Humana PA for Ocrevus?': not Cigna's
    context_programs: list[ProgramId] = field(default_factory=list)  # named only by where the patient is
    searcher: DocumentSearch | None = None  # the documents' own text, for what no rule foresees
    _hits: dict[tuple, list[Hit]] = field(default_factory=dict)
    asks_change: bool = False  # 'what changed in the SCO list?', 'was Aduhelm removed?' (with a history)
    phrasing: Shape = _UNREAD  # yes/no, an assertion, coverage, small talk, ranges (refine reads it)

    @property
    def text(self) -> str:
        return self.norm.clean

    @property
    def has_subject(self) -> bool:
        return bool(self.found.drugs or self.found.codes or self.found.ambiguities)

    def name_stems(self) -> set[str]:
        """The stems of the drug names and codes the question names (answered by the rows, not searched)
        and of the people it names. Read once for what is found (a follow-up's drugs may be added to it:
        then again), each caller getting its own set."""
        found = self.found
        key = ("names", id(found), len(found.drugs), len(found.codes), len(found.people))
        kept = self._hits.get(key)
        if kept is None:
            stems = (
                {s for m in found.drugs for s in stems_of(m.text)}
                | {s for c in found.codes for s in stems_of(c.text)}
                | {s for w in found.people for s in stems_of(w)}  # who said it is not what is asked
                | self.story_stems()
            )
            kept = self._hits[key] = [stems]  # type: ignore[list-item]
        return set(kept[0])  # type: ignore[arg-type]

    def story_stems(self) -> set[str]:
        """The stems of a message's story words (its sentences that ask nothing: 'Quick background - I'm new,
        came from ortho.'): context, which would only sink every passage alike. All of them when the
        asking sentence has a topic of its own and the story is a story (STORY_*); else those no line of
        the documents prints by any name ('weird', 'ortho'). Read once."""
        if self.searcher is None:
            return set()
        if "story" not in self._hits:
            clean = self.norm.clean
            clauses = story_sentences(clean) if any(m in clean for m in _CLAUSE_MARKS) else []
            story = " ".join(clauses)
            found: set[str] = set()
            if story:
                asked = set(self.searcher.concepts(story_asking_part(clean), weigh=False))
                # An asking sentence with a topic of its own is searched by it alone; one that leans on the
                # story ('what does that mean?') keeps the story's printed words: of a story told in several
                # clauses, those of the last that prints any, which 'that' points back to ('… got a letter
                # to move her. She has CHF and fluid concerns. Anything that lets her stay?').
                short = len(story.split()) < STORY_MIN_WORDS
                leans = short or sum(1 for c in asked if not c.generic) < STORY_FREE_TOPIC
                printed = self.searcher.printed_phrase
                near = None if short else self._nearest_clause(clauses)
                for c in self.searcher.concepts(story, weigh=False):
                    kept = leans and (near is None or c in near) and any(printed(a) for a in c.alternatives)
                    if not c.generic and c not in asked and not kept:
                        found.update(s for a in c.alternatives for s in a)
            found |= self.searcher.reporters(clean)
            self._hits["story"] = [found]  # type: ignore[list-item]
        return self._hits["story"][0]  # type: ignore[return-value]

    def _nearest_clause(self, clauses: list[str]) -> set[Concept] | None:
        """The topic words of the last story clause that prints any (None for a story of one clause)."""
        if self.searcher is None or len(clauses) < 2:
            return None
        printed = self.searcher.printed_phrase
        for clause in reversed(clauses):
            said = {c for c in self.searcher.concepts(clause, weigh=False) if not c.generic}
            if any(printed(a) for c in said for a in c.alternatives):
                return said
        return None

    def hits(self, sources: frozenset[str] | None = None, min_topic: float | None = None) -> list[Hit]:
        """The lines of the documents (of `sources` only, when given) that carry the question; once."""
        if self.searcher is None:
            return []
        key = (sources, min_topic)
        if key not in self._hits:
            extra = {} if min_topic is None else {"min_topic": min_topic}
            self._hits[key] = self.searcher.search(self.norm.clean, set(sources or ()), self.name_stems(), **extra)
        return self._hits[key]

    def asks_beside_prior_auth(self) -> bool:
        """'is Opdivo safe in pregnancy?', 'can a nurse practitioner order Zolgensma?': a question about a
        drug asking something besides its prior authorization, whom to call, its codes or dates; a drug's
        'yes — precert…' would read as the answer to it."""
        if self.asks_pa or self.asks_contact or self.asks_code or self.asks_date or not _ASKING.search(self.text):
            return False
        return bool(self.topic_words())

    def unprinted_topic_words(self) -> list[str]:
        """The topic words no line of the documents has, by any of their names ('give' is printed as
        'administer': the thesaurus says so)."""
        if self.searcher is None:
            return []
        searcher = self.searcher
        ignore = self.name_stems()
        return [
            c.word
            for c in searcher.concepts(self.norm.clean, weigh=False)
            if not c.generic
            # (a phrase's first stem first: most are no name's, and a set for each of ~20 alternatives costs)
            and not any(a[0] in ignore and set(a) <= ignore for a in c.alternatives)
            and not any(searcher.printed_phrase(a) for a in c.alternatives)
        ]

    def unmentioned_names(self) -> list[str]:
        """The unprinted topic words that look like a drug's name or a code: the only words an answer
        says the documents never mention. An ordinary English word, a question word, jargon or a
        person's name never is (the matcher keeps as name-like only what is none of those)."""
        name_like = {w.lower() for w in self.found.unknown}
        return [w for w in self.unprinted_topic_words() if w in name_like or CODE_LIKE.fullmatch(w)]

    def topic_words(self) -> list[str]:
        """The question's words that are about a topic, not its shape or a program's name."""
        if self.searcher is None:
            return []
        ignore = self.name_stems()
        return [
            c.word
            for c in self.searcher.concepts(self.norm.clean, weigh=False)
            if not c.generic and not any(a[0] in ignore and set(a) <= ignore for a in c.alternatives)
        ]


def _strip_names(text: str, found: Resolution) -> str:
    """Pattern matching runs on the question without the drug names ('Gamifant' contains no 'fan')."""
    for m in found.drugs:
        text = text.replace(m.text, " ")
    return text


# A long message tells a story before it asks: what it asks for (a phone, a topic, a date) is read from
# its asking sentences only, so '2 hours away' in the story is not a question about opening hours.
LONG_MESSAGE_SENTENCES = 3
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_SENTENCE_MARKS = ".?!"  # what _SENTENCE_END's sentences end with
_ASKING = asks("asking")
# Shorthand the program and topic words don't know by that name, spelled out before they are matched.
ABBREVIATIONS = tuple((gated(re.compile(a["pattern"])), a["means"]) for a in _WORDS["abbreviation"])
# (Spelled out one after another: a text none of them can match is left as it is by all.)
ANY_ABBREVIATION = joint(a["pattern"] for a in _WORDS["abbreviation"])


_CLAUSE_MARKS = (".", "!", ":")  # a message without any is one clause
STORY_FREE_TOPIC = 2  # topic words an asking sentence needs to be searched without its message's story
STORY_MIN_WORDS = 6  # ... and words a story needs to be one ('CHF pt. hopd ok?' is the question told short)


# A message's clauses, for its story: its sentences, and what a colon sets apart ('The front desk wants a
# one-liner: who signed the letter?'). Not a dash: 'fluid overload pt - justification for hopd?' is one ask.
_CLAUSE_END = re.compile(r"(?<=[.?!:])\s+")


def story_sentences(text: str) -> list[str]:
    """The clauses of a message of two or more that ask nothing, when some other one asks."""
    sentences = [s for s in _CLAUSE_END.split(text) if s.strip()]
    if len(sentences) < 2:
        return []
    story = [s for s in sentences if not _ASKING.search(s.strip())]
    return story if len(story) < len(sentences) else []


def story_asking_part(text: str) -> str:
    """The clauses of a message that ask (all of it when none does)."""
    sentences = [s for s in _CLAUSE_END.split(text) if s.strip()]
    asking = [s for s in sentences if _ASKING.search(s.strip())]
    return " ".join(asking) if asking else text


def asking_part(text: str) -> str:
    """The sentences of a long message that ask something (all of it when none does, or when short)."""
    if sum(map(text.count, _SENTENCE_MARKS)) < LONG_MESSAGE_SENTENCES - 1:
        return text  # too few sentence ends to be long: most questions, told without the split
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    if len(sentences) < LONG_MESSAGE_SENTENCES:
        return text
    asking = [s for s in sentences if _ASKING.search(s.strip())]
    return " ".join(asking) if asking else text


def read(norm: Normalized, found: Resolution, words: QuestionWords) -> Question:
    text = _strip_names(norm.clean, found)
    if may_match(ANY_ABBREVIATION, text):
        for pattern, spelled in ABBREVIATIONS:
            text = pattern.sub(spelled, text)
    q = Question(norm=norm, found=found)
    story, text = text, asking_part(text)
    for programs, pattern in words.programs:
        if pattern.search(text):
            q.programs += [p for p in programs if p not in q.programs]
    if q.programs and CONTEXT_WORDS.search(text):
        # 'our hospital', 'at home': where the patient is. Programs named only by such words refine the
        # question; a drug's own program still decides the answer (see drug_answer.programs_for).
        outside_context = CONTEXT_WORDS.sub(" ", text)
        named = {p for programs, pattern in words.programs if pattern.search(outside_context) for p in programs}
        q.context_programs = [p for p in q.programs if p not in named]
    # Most questions name no topic: one search says so.
    if ANY_TOPIC.search(text):
        q.topics = [t for t, pattern in TOPIC_PATTERNS.items() if pattern.search(text)]
    # Each field's gated pattern, not their union's search (gated, five cost less than it does); the union's
    # gate first: most questions ask for no field.
    if may_match(ANY_CONTACT_FIELD, text):
        q.contact_fields = [f for f, pattern in CONTACT_FIELDS.items() if pattern.search(text)]
    q.asks_contact = bool(q.contact_fields or CONTACT_WORDS.search(text))
    q.asks_code = bool(CODE_WORDS.search(text))
    q.asks_date = bool(DATE_WORDS.search(text))
    q.asks_help = (
        not (norm.tokens or norm.codes or norm.numbers)
        or bool(HELP_WORDS.match(norm.clean))
        or (not (found.drugs or found.codes or found.described) and bool(SOURCES_WORDS.search(text)))
    )
    q.asks_pa = bool(PA_WORDS.search(text))
    q.follow_up = bool(FOLLOW_UP.match(text.strip()))
    q.asks_change = words.history and bool(CHANGE_WORDS.search(text))
    q.other_payers = other_payers(story)
    if LISTING_WORDS.search(text):
        q.marked = [(program, symbol) for program, symbol, pattern in words.marked if pattern.search(text)]
    return q
