"""Questions in people's own words about what the documents' prose says: answered by the passage that
clearly carries the question, quoted verbatim with its own document's team; when none clearly does,
said plainly, with the nearest passages and whom to call.

Passages are matched on their own words and on the questions people ask about them (questions.toml,
with the thesaurus), by intents/reading/search.py. This intent comes before the program rules: a question about
the 30-day transition worded as a 'grace period' is answered by the sentence that says it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from intents.draft import Draft
from intents.families.asked_quantity import asked_quantity
from intents.identity_memo import MAX_EDITION_TABLES, ByIdentity
from intents.reading.literal_gate import gated
from intents.reading.question import CONTACT_FIELDS, LISTING_WORDS, TOPIC_PATTERNS, Question
from intents.reading.search import (
    MIN_COVERAGE,
    DocumentSearch,
    Hit,
    demand_unmet,
    likeness_leads,
    stems_of,
)
from intents.registry import Cue, intent
from intents.wording import not_said, quote, quote_items
from intents.wording_table import phrase, sentence
from knowledge.kb import KnowledgeBase
from knowledge.models import ProgramId, ProgramWords

# A passage answers only when it carries at least this share of the question's topic weight: below it,
# the question is only near the passage (the lowest share search quotes at all is MIN_COVERAGE).
ANSWER_COVERAGE = 0.75
# ... and clearly wins: the runner-up carries at least this much less of the question, or ranks this
# much lower by BM25 ('what does a single asterisk mean?' is as near each of the three markers' lines,
# and is the legend's to answer).
CLEAR_MARGIN = 0.1
CLEAR_SCORE_RATIO = 0.75
# ... or says it much more nearly in one place: its own words, or a question people ask about it, carry
# this much more of the question than the runner-up's ('fastest way to submit' is asked of the
# website's sentence; the six-month sentence only has 'submit' and a duration).
CLEAR_CLOSENESS_MARGIN = 0.25
# ... or carries as much of its topic and says, in its own words, this much more of how it is asked
# ('oncology requests by phone?' is the sentence with the telephone number).
CLEAR_SHAPE_MARGIN = 0.3
# ... or, from a document of a program the question names, this much (the asker named where to look).
OWN_DOCUMENT_COVERAGE = 0.6
SAME_SENTENCE_RATIO = 90  # sentences this alike (rapidfuzz ratio) say the same thing
SAME_COVERAGE = 0.01  # coverages this close are the same (rounding)
# A question whose topic is one word is matched by one word: it wins only through a question people
# ask about the passage, never by its own words alone.
MIN_TOPIC_CONCEPTS = 2
# ... and that question people ask must be worded about as the asker words it (token_set_ratio): 'how long
# does Cigna take to approve a PA?' is not 'how long is the one-time approval?' (55), 'what is embarc' is.
ONE_WORD_ASKED_RATIO = 70
ONE_WORD_FAIR_RATIO = 50
ONE_WORD_SAME_RATIO = 90  # token_sort_ratio: the same words, give or take one
ONE_WORD_SHAPE_SHARE = 0.65

# The thesaurus's groups of words that ask for a contact's details: the contact intent's to answer.
CONTACT_GROUPS = frozenset({"phone", "website", "hours_open", "weekend", "weekdays", "customer_service", "audience"})


_PASSAGE_HITS = ("passage_hits",)  # where a question keeps its passage hits (read by the intent's when)


def passage_hits(q: Question) -> list[Hit]:
    """The passages that clearly carry the question, best first (empty when none clearly does). A
    question that names programs is answered from their documents when one of their passages carries
    most of it ('does evicore use nccn pathways?' is the eviCore letter's, though the policy also
    prints 'guidelines'); a contact question naming a program only from its documents (another
    document's passage would give another team's number). Read once per asking: the intent's `when`
    reads them, and its handler answers from them (the question is not changed in between)."""
    kept = q._hits.get(_PASSAGE_HITS)
    if kept is None:
        kept = q._hits[_PASSAGE_HITS] = _passage_hits(q)
    return kept


def _passage_hits(q: Question) -> list[Hit]:
    if q.searcher is None or q.has_subject or q.found.unknown or q.asks_help or asks_program_rows(q):
        return []
    own = sources_of_question(q)
    if own is not None and q.asks_contact and not any(_team(q.searcher.kb, p) for p in q.programs):
        own = None  # named programs with no team of their own ('a move to home infusion'): any passage's
    if own is None or len(own) == len(set(q.searcher.source_of_program.values())):
        return _unless_rules(q, _clear_passages(q, q.hits()))
    # A contact question is answered by a passage only when it clearly carries it: its team is the answer.
    # A passage of the program's document about its other program is not the answer about this one ('is
    # the gene therapy list updated without notice?' is not 'The list of advanced cellular therapies …').
    own_hits = [h for h in q.hits(own) if not _about_another_program(q, h, of_its_document=True)]
    mine = _clear_passages(q, own_hits, ANSWER_COVERAGE if q.asks_contact else OWN_DOCUMENT_COVERAGE)
    if mine or q.asks_contact or len(q.topic_words()) < MIN_TOPIC_CONCEPTS:
        # Another document's passage that shares one word with a question about this program shares it
        # by chance ('how current is the gene therapy list?' is not the letter's 'currently receiving').
        return _unless_rules(q, mine)
    if _named_programs_rule(q):
        # The program named has its own rule on the topic asked ('gene therapy approval means Cigna will
        # cover it': the gene program's coverage rule, never the eviCore letter's 'continue to cover').
        return []
    return _unless_rules(q, _clear_passages(q, q.hits()))


def _team(kb: KnowledgeBase, program: ProgramId) -> bool:
    """Whether the program has a team to call (its own, or the one it shares)."""
    return bool(kb.contacts(kb.program(program).shares or program))


def _about_another_program(q: Question, hit: Hit, of_its_document: bool = False) -> bool:
    """Whether the hit's passage names programs (by the manifest's words), none of them the question's.
    Of a passage of the question's own document (`of_its_document`), only its document's programs count:
    another document's program named there is a referral, not another subject ('for oncology drugs on
    the SCO list, request PA through eviCore' is the SCO list's footnote, asked of the SCO list)."""
    if q.searcher is None or not q.programs:
        return False
    named = _programs_named_in(" ".join(c.text for c in (*hit.context, *hit.citations)), q.searcher.program_words)
    if of_its_document:
        named = frozenset(p for p in named if q.searcher.source_of_program.get(p) == hit.citation.source)
    return bool(named) and not named & set(q.programs)


@lru_cache(maxsize=1024)
def _programs_named_in(text: str, program_words: tuple[ProgramWords, ...]) -> frozenset[ProgramId]:
    """The programs a passage names by the manifest's words (a passage is read once, not per question)."""
    lowered = text.lower()
    return frozenset(p for w in program_words if re.search("|".join(w.words), lowered) for p in w.programs)


def asks_program_rows(q: Question) -> bool:
    """Whether the question asks which drugs the programs it names list, in the words of what their
    lists require ('which drugs need site-of-care review?', 'is there a list of meds that require
    evicore precertification'): the lists answer it (the program overview), not a passage that says
    'review'."""
    if not q.programs or q.searcher is None or not LISTING_WORDS.search(q.text):
        return False
    words = q.topic_words()
    if not words:
        return False
    kb = q.searcher.kb
    required = {s for p in q.programs for s in _stems(kb.program(p).requirement)}
    return all(_stems(w) <= required for w in words)


@lru_cache(maxsize=1024)
def _stems(text: str) -> frozenset[str]:
    """A printed phrase's stems (programs' names and requirements, topic words: read once each)."""
    return frozenset(stems_of(text))


def _named_programs_rule(q: Question) -> bool:
    kb = q.searcher.kb if q.searcher is not None else None
    return kb is not None and any(kb.rules(program=p, topic=t) for p in q.programs for t in q.topics)


def _unless_rules(q: Question, hits: list[Hit]) -> list[Hit]:
    if hits and not hits[0].in_scope and q.programs and _named_programs_rule(q):
        # The best passage says it for a case not asked, and the program named has a rule on the topic
        # asked ('which year did the added codes begin needing precert?' is the 2018 rule, not the
        # continuation of patients already on a newly added drug): the rule answers.
        return []
    return _unless_several_rules(q, hits)


def _unless_several_rules(q: Question, hits: list[Hit]) -> list[Hit]:
    """A rule of the documents on the question's topic whose lines carry more of it than the passage's
    own words do answers it instead: its summary cites every document that says it ('a transition
    period for patients moving from hospital outpatient' is the SCO list's FAQ and the policy's). A
    question naming no program whose topics are rules of several teams ('is there a grace period?': the
    30-day transition and the six-month continuation) is the rules' to answer, each said."""
    if hits and not q.programs and q.searcher is not None and len(q.topics) > 1 and _topics_ambiguous(q):
        return []
    return hits


def _topics_ambiguous(q: Question) -> bool:
    """Whether the question's topics are rules of several teams read from the same words, none read from
    words of its own, and it asks nothing else ('a grace period?' is the transition's and the
    continuation's)."""
    kb = q.searcher.kb if q.searcher is not None else None
    if kb is None:
        return False
    words: dict[ProgramId, set[tuple[int, int]]] = {}
    for topic in q.topics:
        spans = {m.span() for m in TOPIC_PATTERNS[topic].finditer(q.text)}
        for rule in kb.rules(topic=topic):
            words.setdefault(kb.program(rule.program).shares or rule.program, set()).update(spans)
    own_words = (spans - set().union(*(o for t, o in words.items() if t != team)) for team, spans in words.items())
    if len(words) < 2 or any(own_words):
        return False
    # ... and asking nothing else ('already getting it - any grace period?' is the continuation's passage).
    shared = set().union(*words.values())
    return all(any(a <= q.text.find(w) < b for a, b in shared) for w in q.topic_words())


def sources_of_question(q: Question) -> frozenset[str] | None:
    """The documents of the programs the question names (None when it names none)."""
    if q.searcher is None or not q.programs:
        return None
    return frozenset(q.searcher.source_of_program[p] for p in q.programs)


def one_word_asked(q: Question, hit: Hit) -> bool:
    """Whether a question with one topic word is the question people ask about the hit's passage, in
    about its words, and no rule of the documents on its topic carries it instead."""
    if not hit.asked or q.searcher is None:
        return False
    ratio = q.searcher.asked_ratio(hit, q.norm.clean)
    # Worded nearly as asked, or fairly so by a line that also prints the question's other words ('how
    # many HCPCS codes did Cigna add in 2018?' is the line that adds 53 codes in 2018).
    near = ratio >= ONE_WORD_ASKED_RATIO or (
        ratio >= ONE_WORD_FAIR_RATIO and q.searcher.shape_share(hit, q.norm.clean) >= ONE_WORD_SHAPE_SHARE
    )
    if not near:
        return False
    # Asked nearly word for word as people ask about this passage, it is the passage's, whatever rule shares
    # the topic ('what must a hospital affiliated infusion suite have' is the * note, not the criteria).
    return q.searcher.likeness(hit, q.norm.clean) >= ONE_WORD_SAME_RATIO or not _rules_carry(q)


def _rules_carry(q: Question) -> bool:
    """Whether the documents' rules on the question's topics carry it (by their lines' words)."""
    return _rules_coverage(q) >= MIN_COVERAGE


def _rules_coverage(q: Question) -> float:
    """The share of the question the documents' rules on its topics carry together (0 without any)."""
    if not q.topics or q.searcher is None:
        return 0.0
    kb = q.searcher.kb
    rules = [r for t in q.topics for r in kb.rules(topic=t) if not q.programs or r.program in q.programs]
    lines = [c.text for r in rules for c in r.citations]
    return q.searcher.coverage(q.text, lines, q.name_stems()) if lines else 0.0


def _clear_passages(q: Question, hits: list[Hit], coverage: float = 0.0) -> list[Hit]:
    if not hits or not hits[0].passage or hits[0].coverage < (coverage or ANSWER_COVERAGE) or not clear_winner(hits):
        return []
    if len(q.topic_words()) < MIN_TOPIC_CONCEPTS and not one_word_asked(q, hits[0]):
        # One topic word is matched by one word: it wins only through a question people ask about the
        # passage, and never over a rule of the documents on that topic ('how do I submit a precert to
        # eviCore?' is the rule on how to request, not the first line that says 'submit').
        return []
    return [h for h in hits if h.passage]


def clear_winner(hits: list[Hit]) -> bool:
    """The best hit is ahead of the next one that quotes another sentence."""
    best = hits[0]
    # Two documents printing the same rule in nearly the same words (the SCO FAQ's and the policy's
    # 30-day approval) are one answer, not two candidates.
    rest = [
        h for h in hits[1:] if fuzz.ratio(h.sentence, best.sentence) < SAME_SENTENCE_RATIO and not _one_list(h, best)
    ]
    if not rest:
        return True
    runner_up = rest[0]
    return (
        runner_up.coverage <= best.coverage - CLEAR_MARGIN
        or runner_up.closeness <= best.closeness - CLEAR_CLOSENESS_MARGIN
        or runner_up.score <= best.score * CLEAR_SCORE_RATIO
        or (runner_up.coverage <= best.coverage + SAME_COVERAGE and runner_up.shape <= best.shape - CLEAR_SHAPE_MARGIN)
        # ... or, tied but for BM25, a question people ask about it is worded much more like this one.
        or likeness_leads(best.likeness, runner_up.likeness)
    )


MAX_LIST_SPAN = 4  # lines between a list's lead-in ('… facilities include:') and its items


def _one_list(a: Hit, b: Hit) -> bool:
    """Whether two hits are a list's lead-in and one of its items ('Alternative less intensive site of
    care facilities include:' and '• Home infusion'): one answer, said together (quote_items)."""
    if a.citation.source != b.citation.source or abs(a.citation.line - b.citation.line) > MAX_LIST_SPAN:
        return False
    lead, item = (a, b) if a.citation.line < b.citation.line else (b, a)
    return lead.sentence.rstrip().endswith(":") and item.sentence.lstrip()[:1] in ("•", "-", "*")


def _asks_the_prose(q: Question) -> bool:
    # A contact question ('evicore fax?', 'advanced cellular therapy phone') is the contact intent's,
    # unless it asks more than whom to call and a passage clearly says it ('how long does the eviCore
    # website take to decide?').
    return (not q.asks_contact or _asks_beyond_programs(q)) and bool(passage_hits(q))


def _asks_beyond_programs(q: Question) -> bool:
    """Whether a contact question names a topic besides programs and what the contact intent answers
    (a number, an address, opening hours, the weekend)."""
    if q.searcher is None:
        return False
    text = q.text
    for pattern in _named_programs_and_fields(q.searcher):
        text = pattern.sub(" ", text)
    thesaurus = q.searcher.thesaurus
    # ... or by what the program is ('the evicore website for onc precert': oncology is eviCore's own).
    kb = q.searcher.kb
    # A question naming no program by the manifest's words may still say a program's name ('Cigna oncology
    # precertification phone?'): any program's name words are then no topic besides whom to call.
    programs = q.programs or kb.program_ids
    named = {s for p in programs for s in _stems(f"{kb.program(p).name} {kb.program(p).short}")}
    return any(
        not c.generic
        and not thesaurus.groups_of_word(c.word) & CONTACT_GROUPS
        and not any(set(a) <= named for a in c.alternatives)
        for c in q.searcher.concepts(text, weigh=False)
    )


# Each edition's program words, compiled once behind their literal gates (keyed by the tuple's identity,
# which the value keeps alive): a passage's team is read at every passage answer.
_NamedBy = tuple[tuple[ProgramId, ...], re.Pattern[str]]  # programs, and the words that name them
_PROGRAM_WORDS: ByIdentity[tuple[ProgramWords, ...], tuple[_NamedBy, ...]] = ByIdentity(MAX_EDITION_TABLES)


def _program_words(vocabulary: tuple[ProgramWords, ...]) -> tuple[_NamedBy, ...]:
    return _PROGRAM_WORDS.get(vocabulary, _compiled_program_words)


def _compiled_program_words(vocabulary: tuple[ProgramWords, ...]) -> tuple[_NamedBy, ...]:
    return tuple((w.programs, gated(re.compile("|".join(w.words)))) for w in vocabulary)


@lru_cache(maxsize=4)
def _named_programs_and_fields(searcher: DocumentSearch) -> tuple[re.Pattern[str], ...]:
    """What a contact question may name besides its topic, compiled once per edition: a program by its
    own names ('the eviCore oncology precert list') or its manifest words, and the contact fields."""
    kb = searcher.kb
    names = [re.escape(n.lower()) for p in kb.program_ids for n in (kb.program(p).name, kb.program(p).short)]
    words = ["|".join(w.words) for w in searcher.program_words]
    return (*map(re.compile, [*names, *words]), *CONTACT_FIELDS.values())


@intent(
    "passage",
    order=55,
    when=_asks_the_prose,
    never=Cue.SUBJECT,
)
def handle_passage(draft: Draft, q: Question) -> None:
    hits = holding_the_asked(q, passage_hits(q))
    best = hits[0]
    if not best.in_scope:
        # The passage says it only for a case the question doesn't name ('how long is a prior auth
        # valid?' is near the one-time 30-day approval of hospital outpatient requests): not the answer,
        # offered as near, with Cigna's general line. When no passage carries it for the case asked,
        # the documents don't say it.
        if any(h.in_scope and h.coverage >= ANSWER_COVERAGE for h in hits[1:]):
            answer_unsure(draft, q, sources_of_question(q))
        else:
            answer_not_said(draft, q, sources_of_question(q))
        draft.contact_programs[:] = [None]
        return
    quoted = [best] + [h for h in hits[1:2] if best.coverage - h.coverage < CLEAR_MARGIN]
    # A list's lead-in ('… facilities include:') is said with its items.
    draft.headline = " ".join([*quote_passages(draft, quoted[:1], q.programs), *quote_items(draft, best)])
    quote_passages(draft, quoted[1:], q.programs)
    if q.searcher is not None and q.searcher.affirms(q.norm.clean, best, q.name_stems()):
        # 'does eviCore review urgent peds oncology requests?': the sentence says all of it.
        draft.headline = q.searcher.affirmed(draft.headline)
    missing = demand_unmet(q.text, best.sentence)
    if missing:
        # 'how often is the SCO list updated?': no schedule is printed; the nearest line says what is.
        draft.headline = f"{missing} {draft.headline}"
    if q.asks_contact:
        printed_team_first(draft, best.sentence)


MAX_ASKED_HOLDERS = 3  # hits read for the sentence printing what is asked: one further down is another topic


def holding_the_asked(q: Question, hits: list[Hit]) -> list[Hit]:
    """A question asking a duration, date or time ('which day did the added codes start needing
    precert?'): of the first hits, one that prints it and is said of the case asked leads, when the
    best prints none (the continuation's sentence shares 'added', the 2018 letter's prints the date)."""
    printed = asked_quantity(q.text)
    if printed is None or printed.search(hits[0].sentence):
        return hits
    holder = next(
        (
            h
            for h in hits[1:MAX_ASKED_HOLDERS]
            if h.in_scope and h.coverage >= MIN_COVERAGE and printed.search(h.sentence)
        ),
        None,
    )
    return hits if holder is None else [holder, *(h for h in hits if h is not holder)]


def printed_team_first(draft: Draft, sentence: str) -> None:
    """A number asked of a line that prints one ('…or call Cigna Customer Service at 1.800.88Cigna'): the
    team whose number the line prints is the one to call (phrasing, #19 whom to call)."""
    pools = [(p, c) for p in draft.kb.program_ids for c in draft.kb.contacts(p)]
    pools += [(None, c) for c in draft.kb.general_contacts]
    program = next((p for p, c in pools if c.phone is not None and c.phone.value in sentence), "")
    if program != "":
        draft.contact_programs[:] = [program, *(p for p in draft.contact_programs if p != program)]


def quote_passages(draft: Draft, hits: list[Hit], asked: Sequence[ProgramId] = ()) -> list[str]:
    """Each hit as a cited statement (its FAQ question or list lead-in cited beside it), with its own
    document's team to call (of the programs it names, the one the question `asked` about first); returns
    each sentence with its document, for a headline."""
    for hit in hits:
        team = team_of(draft.kb, hit, asked)
        if team is not None and team not in draft.contact_programs:
            draft.contact_programs.append(team)
    return quote(draft, hits)


def team_of(kb: KnowledgeBase, hit: Hit, asked: Sequence[ProgramId] = ()) -> ProgramId | None:
    """Whom to call about a passage: the program of its document that it names (the cellular therapy
    paragraph of the gene therapy document is the cellular therapy team's), else the document's first
    program with a number; a program that shares another's team is that team."""
    owners, named_in = _owners_named(kb, hit)
    # 'is PA required for CAR-T?' quotes the FAQ naming both programs: the cellular therapy team's.
    named = sorted(named_in, key=lambda p: p not in asked)
    for program in [*named, *owners]:
        program = kb.program(program).shares or program
        if kb.contacts(program):
            return program
    return None


# Each passage's programs (its document's, and those its lines name), per edition: a passage's team is read
# at every answer quoting it. Keyed by the edition's identity and the passage's lines; the value keeps
# its edition, so an identity reused by a later edition is told apart.
_Owners = tuple[tuple[ProgramId, ...], tuple[ProgramId, ...]]
_OWNERS: dict[tuple, tuple[KnowledgeBase, _Owners]] = {}
MAX_OWNERS = 4096  # far more than the passages of an edition: reloads start it over


def _owners_named(kb: KnowledgeBase, hit: Hit) -> _Owners:
    """A passage's document's programs, and those of them its lines name (the manifest's words)."""
    key = (id(kb), hit.citation.source, tuple((c.file, c.line) for c in (*hit.context, *hit.citations)))
    known = _OWNERS.get(key)
    if known is not None and known[0] is kb:
        return known[1]
    owners = tuple(p for p in kb.program_ids if kb.source_of(p).id == hit.citation.source)
    text = " ".join(c.text for c in (*hit.context, *hit.citations)).lower()
    # By the manifest's words for each program ('advanced cellular therapies' names cellular therapy).
    named_anywhere = [
        p for programs, words in _program_words(kb.vocabulary.programs) if words.search(text) for p in programs
    ]
    found = (owners, tuple(p for p in owners if p in named_anywhere))
    if len(_OWNERS) >= MAX_OWNERS:
        _OWNERS.clear()
    _OWNERS[key] = (kb, found)
    return found


def offer_nearest(draft: Draft, q: Question, sources: frozenset[str] | None = None) -> bool:
    """When no passage clearly answers: the two or three nearest, cited, each with its team to call;
    False when nothing is near."""
    if q.searcher is None:
        return False
    near = q.searcher.nearest(q.norm.clean, set(sources or ()), q.name_stems())
    # Near a question about one program is never another program's passage (nor its team's number).
    near = [h for h in near if not _about_another_program(q, h)]
    if not near:
        return False
    quote_passages(draft, near, q.programs)
    return True


def answer_not_said(draft: Draft, q: Question, sources: frozenset[str] | None = None) -> None:
    """Said plainly: no line of the documents answers it; what they say on the nearest topic, and whom
    to call."""
    draft.status = "out_of_scope"
    offered = offer_nearest(draft, q, sources)
    draft.headline = not_said(q.unmentioned_names()) + (" " + sentence("nearest_topic_below") if offered else "")
    if not draft.contact_programs:
        draft.contact_programs.append(None)  # Cigna Customer Service


def answer_unsure(draft: Draft, q: Question, sources: frozenset[str] | None = None) -> None:
    """Said plainly: not sure, the nearest passages, and whom to call."""
    draft.status = "out_of_scope"
    draft.headline = phrase("not_sure" if offer_nearest(draft, q, sources) else "not_sure_nothing_near")
    if not draft.contact_programs:
        draft.contact_programs.append(None)  # Cigna Customer Service
