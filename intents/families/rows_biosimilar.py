"""'How many biosimilars are on SCO+?', 'which home infusion drugs are biosimilars?': the rows whose drug's
generic is another product's generic with the FDA's four-letter suffix (trastuzumab-pkrb beside
trastuzumab), counted and cited, each with the generic it prints. A generic typed beside the word is the
drug answer's (intents/reading/entities.py _biosimilars_asked). Words are data (phrasing.toml
[rows_biosimilar], vocabulary.toml [biosimilar_words])."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft, edition_memo
from intents.drug_answer import has_drugs
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.reading.vocabulary import BIOSIMILAR_WORDS, GENERIC_PARTS
from intents.registry import NO_SUBJECT, intent
from intents.wording import row_statement
from intents.wording_table import named_first
from knowledge.kb import KnowledgeBase
from knowledge.models import Drug, ProgramId

MAX_NAMED = 20  # drugs named in the sentence; every row is cited below it
_SUFFIXED = re.compile(r"^(?P<base>.+)-[a-z]{4}$")
_PAREN = re.compile(r"\s*\([^)]*\)")


@cache
def _sets_asked() -> re.Pattern[str]:
    return re.compile(phrasing_data()["sets"]["asks"])


def _asks_biosimilar_rows(q: Question) -> bool:
    if has_drugs(q) or q.found.codes or q.found.unknown or not BIOSIMILAR_WORDS.intersection(q.norm.tokens):
        return False
    return bool(_sets_asked().search(q.text))


def _bare(generic: str) -> str:
    return _PAREN.sub("", generic).strip().lower()


def biosimilars(kb: KnowledgeBase) -> dict[str, str]:
    """Drug id -> the suffixed generic that makes it a biosimilar: another drug prints its base bare."""
    bare = {_bare(g) for d in kb.drugs.values() for g in d.generics}
    out = {}
    for drug in kb.drugs.values():
        for generic in map(_bare, drug.generics):
            m = _SUFFIXED.match(generic)
            # (not a class's words: 'immune globulin subcutaneous (human)-hipp' is no biosimilar of Cuvitru)
            if m and m["base"] in bare and not set(m["base"].split()) <= GENERIC_PARTS:
                out[drug.id] = generic
                break
    return out


@intent(
    "rows_biosimilar",
    order=22,
    when=_asks_biosimilar_rows,
    never=NO_SUBJECT,
)
def handle_rows_biosimilar(draft: Draft, q: Question) -> None:
    say, kb = phrasing_data()["rows_biosimilar"], draft.kb
    found = edition_memo(kb, ("biosimilars",), biosimilars, kb)
    named = [p for p in q.programs if p not in q.context_programs]
    programs: list[ProgramId] = named or [p for p in kb.program_ids if any(d.listings_for(p) for d in _of(kb, found))]
    heads = []
    for program in programs:
        rows = [x for x in kb.listings if x.program == program]
        drugs = [d for d in _of(kb, found) if d.listings_for(program)]
        draft.use_program(program)
        if program not in draft.contact_programs:
            draft.contact_programs.append(program)
        draft.statements += [row_statement(draft, x) for d in drugs for x in d.listings_for(program)]
        picked = sum(len(d.listings_for(program)) for d in drugs)
        names = named_first([f"{d.name} ({found[d.id]})" for d in drugs], MAX_NAMED)
        short = kb.program(program).short
        key = "lead" if drugs else "none"
        heads.append(say[key].format(n=picked, total=len(rows), short=short, names=names))
    draft.headline = " ".join(heads) or say["nowhere"]


def _of(kb: KnowledgeBase, found: dict[str, str]) -> list[Drug]:
    return sorted((kb.drugs[i] for i in found), key=lambda d: d.name.lower())
