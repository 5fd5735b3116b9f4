"""Read a question's phrasing into it before an intent is chosen: the shape (yes/no, assertion,
coverage, small talk), code ranges expanded, 'when' that asks a condition rather than a date, the
lists an assertion's drug is on, and the drugs of a quoted earlier message when the question names
none."""

from __future__ import annotations

import dataclasses
import re
from functools import cache

from intents.draft import edition_memo
from intents.identity_memo import MAX_EDITION_TABLES, ByIdentity
from intents.phrasing.ranges import read_ranges
from intents.phrasing.shape import Shape, read_shape
from intents.phrasing.slack_text import Message
from intents.phrasing.words import phrasing_data, phrasing_words
from intents.reading.entities import DrugMatch, Matcher
from intents.reading.literal_gate import gated
from intents.reading.normalize import normalize
from intents.reading.question import CONTACT_WORDS, DATE_WORDS, Question, QuestionWords
from intents.wording_table import phrase
from knowledge.kb import KnowledgeBase


def refine(q: Question, kb: KnowledgeBase, matcher: Matcher, message: Message, words: QuestionWords) -> list[str]:
    """Set `q.phrasing` and adjust what the question asks for; returns readings to show the asker."""
    readings: list[str] = []
    _plain_if_rhetorical(q)
    shape = read_shape(q.text)
    ranges = read_ranges(q.text, message.question, kb, q.found)
    if ranges:
        shape = dataclasses.replace(shape, ranges=tuple(ranges))
    if len(q.programs) > 1 and _compares().search(q.text):
        # 'which SCO+ drugs aren't on the SCO list?': the two lists compared, in the order typed.
        shape = dataclasses.replace(shape, compared=typed_lists(q.text, kb))
    lists = named_lists(q.text, kb, q.programs, words)
    if lists:
        shape = dataclasses.replace(shape, lists=lists)
    if shape.claim in ("listed", "only") and q.programs:  # (a claim of absence denies by its own words)
        denied = denied_programs(q.text, words, kb)
        if denied:
            shape = dataclasses.replace(shape, denied=denied)
    q.phrasing = shape
    if "#" in message.question:
        number_sign(q, message.question)
    if q.asks_contact and (phrasing_words().duration.search(q.text) or _asserted_duration(shape, q.text)):
        # 'how long does the eviCore website take?', '… gives a decision in 2-5 min, right?': a duration,
        # not the website's address.
        keeps = phrasing_data()["when"]["duration_keeps"]
        q.contact_fields = [f for f in q.contact_fields if f in keeps]
        q.asks_contact = bool(q.contact_fields) or bool(CONTACT_WORDS.search(q.text))
    if shape.asserted:
        # '…, right?': the tail asks for a verdict; it is no word to search the documents for.
        q.norm = dataclasses.replace(q.norm, clean=phrasing_words().premise_tail.sub("", q.text).strip())
    if not q.asks_date and q.programs and _current().search(q.text):
        q.asks_date = True  # 'is the eviCore list current?': its edition's date answers it
    if q.asks_date and (not _asks_a_date(q.text) or _consequence().search(q.text)):
        # 'when does Keytruda need precert?' asks under which conditions; 'what happens to my patient
        # when Ocrevus gets added?' asks what follows an addition, not its date.
        q.asks_date = False
    if shape.claim in ("no_pa", "condition") and q.programs and q.found.drugs:
        # 'X isn't on the eviCore list, so no PA is needed', 'only if given in the hospital': every list
        # the drug is on answers that; for a condition, the drug's own lists lead.
        own = [p for m in q.found.drugs for p in kb.drugs[m.drug_id].programs()]
        first, then = (q.programs, own) if shape.claim == "no_pa" else (own, q.programs)
        q.phrasing = dataclasses.replace(shape, named=tuple(p for p in q.programs if p not in q.context_programs))
        q.programs = list(dict.fromkeys([*first, *then]))
    if (q.found.drugs or q.found.codes) and _authorization_at_a_place(q, words):
        _add_the_drugs_lists(q, kb)
    if not q.marked and "*" in message.question:
        q.marked = marked_by_symbol(message.question, kb, q)
    if q.asks_contact and not q.programs and not q.has_subject:
        # 'who do I contact about Embarc?': the team of the list whose rows the marker marks.
        marked = q.marked or [(p, s) for p, s, pattern in words.marked if pattern.search(q.text)]
        q.programs = list(dict.fromkeys(p for p, _ in marked))
    if message.quoted and not (q.has_subject or q.found.unknown):
        readings += _from_quote(q, kb, matcher, message.quoted)
    elif message.quoted and q.found.drugs and not q.programs:
        # '> is Tysabri on SCO?' above 'what about Ocrevus': asked about the quote's lists.
        quoted = normalize(message.quoted).clean
        q.programs = [p for programs, pattern in words.programs if pattern.search(quoted) for p in programs]
    if message.struck:
        readings.append(phrase("struck_left_out", words=", ".join(f"“{w}”" for w in message.struck)))
    return readings


def _add_the_drugs_lists(q: Question, kb: KnowledgeBase) -> None:
    """'does Cigna require auth for J9035 at HOPD?': the place's lists lead, and every other list requiring
    authorization for the drug is a finding too (eviCore's holds wherever it is given)."""
    drugs = [kb.drugs[m.drug_id] for m in q.found.drugs]
    drugs += [d for c in q.found.codes if c.known for d in kb.drugs_with_code(c.code)]
    q.programs = list(dict.fromkeys([*q.programs, *(p for d in drugs for p in d.programs())]))


def _authorization_at_a_place(q: Question, words: QuestionWords) -> bool:
    """Authorization asked of a drug at a place of care ('auth … at HOPD'), the lists named being exactly
    the place's group: not a site-of-care review asked by name ('does Lartruvo need site of care review?')."""
    say = phrasing_data()["setting"]
    named = frozenset(q.programs)  # ('our outpatient hospital' names the place as context: still the place)
    if not named or named not in _groups_of(words):
        return False
    return bool(re.search(say["place"], q.text) and re.search(say["authorization"], q.text))


def _plain_if_rhetorical(q: Question) -> None:
    """ "doesn't Keytruda need precert?": the plain question, expecting its yes."""
    negated, rhetorical = _rhetorical()
    if q.text.startswith(negated) and q.text.rstrip().endswith("?"):
        q.norm = dataclasses.replace(q.norm, clean=rhetorical.sub(r"\g<verb> ", q.text, count=1))


@cache
def _rhetorical() -> tuple[tuple[str, ...], re.Pattern[str]]:
    """The openers '<verb> not ' (a cheap prefix test) and the pattern of a rhetorical one."""
    data = phrasing_data()["rhetorical_negation"]
    verbs = data["verbs"]
    pattern = re.compile("^(?P<verb>" + "|".join(verbs) + ")" + data["negated"] + data["after"])
    return tuple(v + data["negated"] for v in verbs), pattern


def _asserted_duration(shape: Shape, text: str) -> bool:
    return shape.asserted and _duration().search(text) is not None


@cache
def _duration() -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["premise"]["duration"], re.IGNORECASE))


_GROUPS: ByIdentity[QuestionWords, frozenset[frozenset[str]]] = ByIdentity(MAX_EDITION_TABLES)


def _groups_of(words: QuestionWords) -> frozenset[frozenset[str]]:
    """The lists of each group of the lists' words (more than one list: a place's), once per edition."""
    return _GROUPS.get(words, lambda w: frozenset(frozenset(ps) for ps, _ in w.programs if len(ps) > 1))


@cache
def _compares() -> re.Pattern[str]:
    data = phrasing_data()["overlap"]
    # Gated: the look-ahead reads to the end from every position, and most questions have no word it needs.
    return gated(re.compile(f"(?=.*(?:{data['asks_drugs']})).*(?:{data['both_words']}|{data['without_words']})"))


def typed_lists(text: str, kb: KnowledgeBase) -> tuple[str, ...]:
    """The lists named, in the order typed; a word naming a group ('SCO') is the list whose short name
    starts with that word ('SCO site-of-care list'), else it names none exactly."""
    found: list[tuple[int, str]] = []
    for programs, words in edition_memo(kb, ("typed_list_words",), _list_words, kb):
        for m in words.finditer(text):
            typed = m.group(0).strip()
            exact = [p for p in programs if kb.program(p).short.lower().split()[0] == typed]
            if len(programs) == 1 or len(exact) == 1:
                found.append((m.start(), programs[0] if len(programs) == 1 else exact[0]))
    return tuple(dict.fromkeys(p for _, p in sorted(found)))


def _list_words(kb: KnowledgeBase) -> tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]:
    """Each entry of the lists' words, compiled once per edition behind its literal gate (most questions
    type one list's words or none: the others are turned away without a scan)."""
    return tuple((e.programs, gated(re.compile("|".join(e.words)))) for e in kb.vocabulary.programs)


@cache
def _current() -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["when"]["current"]))


@cache
def _consequence() -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["when"]["consequence"]))


def _asks_a_date(text: str) -> bool:
    """A date word other than 'when' or 'since', or one of them beside a date ('when was Ocrevus added?')."""
    weak = phrasing_words().weak_date_words
    others = [m.group(0) for m in DATE_WORDS.finditer(text) if m.group(0) not in weak]
    return bool(others) or bool(phrasing_words().date_when.search(text)) or bool(_current().search(text))


def _from_quote(q: Question, kb: KnowledgeBase, matcher: Matcher, quoted: str) -> list[str]:
    """'> does Rituxan need PA?' above 'and the fax?': the quote's drugs are what the question is about."""
    found = matcher.resolve(normalize(quoted))
    names = []
    for m in found.drugs:
        if all(d.drug_id != m.drug_id for d in q.found.drugs):
            q.found.drugs.append(DrugMatch(m.drug_id, "context", 100.0, m.text, 0, 0))
            names.append(kb.drugs[m.drug_id].name)
    return [phrase("quote_read_as", names=", ".join(names))] if names else []


@cache
def _list_pattern(first_word: str) -> re.Pattern[str]:
    """'SCO list', 'SCO drug list', 'SCO site of care list' for the list whose short name starts 'SCO'."""
    return re.compile(rf"(?<![\w+]){re.escape(first_word)}(?![\w+])(?:\s+[\w-]+){{0,3}}?\s+list\b")


def named_lists(text: str, kb: KnowledgeBase, programs: list, words: QuestionWords) -> tuple[str, ...]:
    """The programs a question is about once a list named exactly narrows the group its words name ('the
    SCO list' among SCO, SCO+ and the coverage policy); else none."""
    if len(programs) < 2 or (" list" not in text and exact_list_words().search(text) is None):
        return ()
    dropped: set[str] = set()
    # ('on SCO+ not regular SCO': a list typed by its own words is named exactly too)
    own = {ps[0] for ps, pattern in words.programs if len(ps) == 1 and ps[0] in programs and pattern.search(text)}
    for group in (set(ps) & set(programs) for ps, _ in words.programs if len(ps) > 1):
        named = {p for p in group if p in own or _names_the_list(text, kb, p)}
        if named and named != group:
            dropped |= group - named
    return tuple(p for p in programs if p not in dropped) if dropped else ()


def _names_the_list(text: str, kb: KnowledgeBase, program: str) -> bool:
    words = kb.program(program).short.lower().split()
    if len(words) < 2 or words[-1] != "list":
        return False
    qualified = phrasing_data()["exact_list"].get(words[0])  # 'SCO (regular)', 'plain SCO'
    return bool(_list_pattern(words[0]).search(text) or (qualified and _qualified(qualified).search(text)))


@cache
def _qualified(pattern: str) -> re.Pattern[str]:
    return gated(re.compile(pattern))


@cache
def exact_list_words() -> re.Pattern[str]:
    """Any list's name made exact by a qualifier (phrasing.toml [exact_list]: 'regular SCO', 'SCO (not plus)')."""
    return gated(re.compile("|".join(f"(?:{p})" for p in phrasing_data()["exact_list"].values())))


# A marker typed as its symbol ('marked ** on the eviCore list'): asterisks standing alone, not Slack's
# bold around a word ('*Zolgensma*'), which the normalised text has already dropped with the symbol.
_SYMBOL = re.compile(r"(?<![\w*])\*{1,3}(?![\w*])")


def marked_by_symbol(raw: str, kb: KnowledgeBase, q: Question) -> list[tuple[str, str]]:
    """The (list, symbol) pairs a message's standalone asterisks name, on the lists it names (else any
    list printing that symbol)."""
    symbols = {m.group(0) for m in _SYMBOL.finditer(raw)}
    if not symbols:
        return []
    named = [p for p in q.programs if p not in q.context_programs]
    printed = {(x.program, n.symbol) for x in kb.listings for n in x.notes if n.symbol in symbols}
    return sorted((p, sym) for p, sym in printed if not named or p in named)


@cache
def _number_signs() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = phrasing_data()["when"]
    return re.compile(data["number_sign"]), re.compile(data["number_sign_phone"])


def number_sign(q: Question, raw: str) -> None:
    """'what's the # for eviCore', 'fax #?': the number asked for (normalising dropped the sign)."""
    fax, phone = _number_signs()
    text = raw.lower()
    field = "fax" if fax.search(text) else "phone" if phone.search(text) else None
    if field and field not in q.contact_fields:
        q.contact_fields = [*q.contact_fields, field]
        q.asks_contact = True


@cache
def _denied() -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["premise"]["denied"]))


DENIAL_REACH = 30  # characters before a list's words in which 'not (through)' denies it


def denied_programs(text: str, words: QuestionWords, kb: KnowledgeBase) -> tuple[str, ...]:
    """The lists an assertion names only after 'not', 'rather than', 'instead of' (a group's word that is
    one of its lists' own first word, 'not SCO', denies that list)."""
    out: list[str] = []
    affirmed: set[str] = set()
    own: set[str] = set()
    for programs, pattern in words.programs:
        for m in pattern.finditer(text):
            if _denied().search(text[max(0, m.start() - DENIAL_REACH) : m.start()]):
                out += [p for p in programs if p not in out]
                own |= {p for p in programs if kb.program(p).short.lower().split()[0] == m.group(0).strip()}
            elif len(programs) == 1:
                affirmed.add(programs[0])
    if affirmed & set(out):
        # 'only on SCO+, not SCO': a group's word denied beside one of its lists affirmed by its own words
        # is the list of that name ('SCO': the SCO list, not SCO+ nor the policy).
        return tuple(p for p in out if p in own and p not in affirmed)
    return tuple(out)
