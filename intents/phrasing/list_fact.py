"""Whether a yes/no question asks the one fact a list's "Yes —" answers: that a drug needs prior
authorization (precert, a site-of-care review) or is on a list — through whom, where it is given — and
nothing else. An allow-list (phrasing.toml [list_fact]): a question asking anything else of a listed drug
('is the Keytruda auth valid for a year?', 'does Tysabri need REMS?', 'can Keytruda be billed under
J9999?') is answered with the drug's lines, never a "Yes" that reads as the answer to it."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft, edition_memo
from intents.phrasing.words import phrasing_data, phrasing_words
from intents.reading.literal_gate import gated
from intents.reading.non_drug_words import clinic_words
from intents.reading.question import Question
from knowledge.models import Drug

_WORD = re.compile(r"[a-z0-9][a-z0-9'.-]*")


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["list_fact"][key]))


def _pieces(text: str) -> list[tuple[str, bool]]:
    """The message's pieces, each with whether it is a question (ends with '?', opens with a yes/no
    opener, or follows 'check if')."""
    out: list[tuple[str, bool]] = []
    start = 0
    for sep in [*_pattern("pieces").finditer(text), None]:
        piece = text[start : sep.start() if sep else len(text)]
        # (the message's last piece asks too when a verb asks in it: '…? specifically is Casgevvy on it')
        marked = "?" in sep.group(0) if sep else _pattern("last_asks").search(piece) is not None
        for k, part in enumerate(_pattern("ask_if").split(piece)):
            opens = phrasing_words().yes_opener.match(part.lstrip()) is not None
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
    other = _pattern("other_question")
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
    fact = _pattern("fact")
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
    for entry in draft.kb.vocabulary.programs:
        part = _program_words(entry.words).sub(" ", part)
    names = _names(draft, q)  # (word by word: a name's words are its own, never the question's verbs)
    allowed = _pattern("words")
    several = _pattern("several") if len({m.drug_id for m in q.found.drugs}) + len(q.found.codes) > 1 else None
    words = [w.strip(".-'") for w in _WORD.findall(part)]
    context = _clinic_context()
    return all(w in names or w in context or allowed.match(w) or (several and several.match(w)) for w in words if w)


@cache
def _clinic_context() -> frozenset[str]:
    unasked = _pattern("clinic_unasked")
    return frozenset(w for w in clinic_words() if not unasked.match(w))


def _names(draft: Draft, q: Question) -> set[str]:
    """The words of the names the question and its answer hold: drugs as typed and as printed (their
    generics, and their own rows' descriptions: 'factor IX products' for Alprolix's 'Factor Ix …'),
    codes, classes, payers, names no document has."""
    found = q.found
    typed = [m.text for m in found.drugs] + [c.text for c in found.codes] + found.unknown + found.described_by
    printed = [n for d in draft.drugs for n in (d.name, d.generic, d.match.text) if n]
    words = _words_of([*typed, *printed, *q.other_payers])
    for drug_id in {m.drug_id for m in found.drugs}:  # its generics and rows' descriptions: once per edition
        words |= edition_memo(draft.kb, ("printed_words", drug_id), _printed_words, draft.kb.drugs[drug_id])
    return words


def _words_of(names: list[str]) -> set[str]:
    return {w.strip(".-'") for n in names for w in _WORD.findall(n.lower())}


def _printed_words(drug: Drug) -> frozenset[str]:
    return frozenset(_words_of([*drug.generics, *(x.description for x in drug.listings if x.description)]))


@cache
def _program_words(words: tuple[str, ...]) -> re.Pattern[str]:
    return gated(re.compile("|".join(words)))
