"""Whether a yes/no question asks the one fact a list's "Yes —" answers: that a drug needs prior
authorization (precert, a site-of-care review) or is on a list — through whom, where it is given — and
nothing else. An allow-list (phrasing.toml [list_fact]): a question asking anything else of a listed drug
('is the Keytruda auth valid for a year?', 'does Tysabri need REMS?', 'can Keytruda be billed under
J9999?') is answered with the drug's lines, never a "Yes" that reads as the answer to it."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft, edition_memo
from intents.phrasing.words import phrasing_data
from intents.reading.literal_gate import gated
from intents.reading.non_drug_words import clinic_words
from intents.reading.question import Question
from knowledge.kb import KnowledgeBase
from knowledge.models import Drug

_WORD = re.compile(r"[a-z0-9][a-z0-9'.-]*")


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["list_fact"][key]))


@cache
def _plain(table: str, key: str) -> re.Pattern[str]:
    """A pattern without its literal gate: one tried at the text's start only (the gate would cost more than
    the one try it spares), one whose gate no asked piece lacks (the separators, the fact's words)."""
    return re.compile(phrasing_data()[table][key])


def _pieces(text: str) -> list[tuple[str, bool]]:
    """The message's pieces, each with whether it is a question (ends with '?', opens with a yes/no
    opener, or follows 'check if')."""
    out: list[tuple[str, bool]] = []
    start = 0
    for sep in [*_plain("list_fact", "pieces").finditer(text), None]:
        piece = text[start : sep.start() if sep else len(text)]
        # (the message's last piece asks too when a verb asks in it: '…? specifically is Casgevvy on it')
        marked = "?" in sep.group(0) if sep else _plain("list_fact", "last_asks").search(piece) is not None
        for k, part in enumerate(_pattern("ask_if").split(piece)):
            opens = _plain("yes_no", "opener").match(part.lstrip()) is not None
            if part.strip():
                out.append((part.strip(), marked or opens or k > 0))
        start = sep.end() if sep else len(text)
    return out


def asked_part(text: str) -> tuple[str, list[str]]:
    """The piece of a message that asks the yes/no (its last question, less a question asking something
    else and what follows the question's end), and the pieces before it, nearest first."""
    pieces = _pieces(text)
    if not pieces:
        return "", []
    other = _plain("list_fact", "other_question")
    asked = [k for k, (p, question) in enumerate(pieces) if question and not other.match(p)]
    if not asked and any(question for _, question in pieces):
        return "", []  # only 'who do I call?' and the like: no yes/no to lead
    k = asked[-1] if asked else len(pieces) - 1
    part = pieces[k][0].rstrip(" ?")
    end = _pattern("asked_end").search(part)
    return part[: end.start()] if end else part, [p for p, _ in reversed(pieces[:k])]


def asks_list_fact(draft: Draft, q: Question) -> bool:
    """The asked piece names the fact and says nothing else: every word besides the names the question
    and its answer hold (drugs as typed and as printed, codes, classes, payers, names no document has)
    and the lists' own names (the knowledge base's words) is one the allow-list holds. A piece with no
    fact of its own and nothing else ('Does it?') asks the nearest piece before it that names one."""
    part, before = asked_part(q.text)
    fact = _plain("list_fact", "fact")
    names = fact.search(part) is not None
    if not names and _only_allowed(draft, q, part):
        named = next((p for p in before if fact.search(p)), "")
        if _pattern("refers_back").search(part):
            return bool(named)  # 'looking for the SCO drug list - is Simponi Aria on it?'
        part, names = named, bool(named)  # (a piece before is kept only for the fact it names)
    return names and _only_allowed(draft, q, part)


def _only_allowed(draft: Draft, q: Question, part: str) -> bool:
    part = _pattern("membership").sub(" list ", _pattern("amount").sub(" ", part))
    part = _pattern("among").sub(" on ", part)
    for words in edition_memo(draft.kb, ("list_fact_program_words",), _program_patterns, draft.kb):
        part = words.sub(" ", part)
    words = [w.strip(".-'") for w in _WORD.findall(part)]
    # The words no name needs to pass (most of them: the allow-list's and the clinic's, each read once per
    # word), then those the question typed as names; only what is left reads every name of its answer.
    context = _clinic_context()
    rest = [w for w in words if w and w not in context and not _allowed(w)]
    if rest:
        typed = _typed_words(q)
        rest = [w for w in rest if w not in typed]
    if not rest:
        return True
    names = _names(draft, q)  # (word by word: a name's words are its own, never the question's verbs)
    drugs_and_codes = len({m.drug_id for m in q.found.drugs}) + len(q.found.codes)
    several = _plain("list_fact", "several") if drugs_and_codes > 1 else None
    return all(w in names or (several and several.match(w)) for w in rest)


def _allowed(word: str) -> bool:
    """The allow-list's verdict on one word, read once per word (at most WORD_MEMO kept: a wall of distinct
    words starts the memo over rather than growing it)."""
    held = _ALLOWED.get(word)
    if held is None:
        if len(_ALLOWED) >= WORD_MEMO:
            _ALLOWED.clear()
        held = _ALLOWED[word] = _pattern("words").match(word) is not None
    return held


WORD_MEMO = 4096
_ALLOWED: dict[str, bool] = {}


@cache
def _clinic_context() -> frozenset[str]:
    unasked = _pattern("clinic_unasked")
    return frozenset(w for w in clinic_words() if not unasked.match(w))


def _typed(q: Question) -> list[str]:
    """The names as the question typed them: drugs, codes, names no document has, classes described."""
    found = q.found
    return [m.text for m in found.drugs] + [c.text for c in found.codes] + found.unknown + found.described_by


def _typed_words(q: Question) -> set[str]:
    return _words_of(_typed(q))


def _names(draft: Draft, q: Question) -> set[str]:
    """The words of the names the question and its answer hold: drugs as typed and as printed (their
    generics, and their own rows' descriptions: 'factor IX products' for Alprolix's 'Factor Ix …'),
    codes, classes, payers, names no document has."""
    printed = [n for d in draft.drugs for n in (d.name, d.generic, d.match.text) if n]
    words = _words_of([*_typed(q), *printed, *q.other_payers])
    for drug_id in {m.drug_id for m in q.found.drugs}:  # its generics and rows' descriptions: once per edition
        words |= edition_memo(draft.kb, ("printed_words", drug_id), _printed_words, draft.kb.drugs[drug_id])
    return words


def _words_of(names: list[str]) -> set[str]:
    return {w.strip(".-'") for n in names for w in _WORD.findall(n.lower())}


def _printed_words(drug: Drug) -> frozenset[str]:
    return frozenset(_words_of([*drug.generics, *(x.description for x in drug.listings if x.description)]))


def _program_patterns(kb: KnowledgeBase) -> tuple[re.Pattern[str], ...]:
    """Each entry of the lists' words as one gated pattern, in the vocabulary's order (once per edition)."""
    return tuple(gated(re.compile("|".join(entry.words))) for entry in kb.vocabulary.programs)
