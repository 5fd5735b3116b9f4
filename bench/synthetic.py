"""A knowledge base grown to N times the real one's drug names, for the growth measurement: the
real drugs plus generated ones shaped like them (a brand, its upper-case alias when the real drug
has one, as many generics), each carrying a real drug's listings so answers are built as usual."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator

from intents.reading.dictionary import is_english
from intents.reading.normalize import squash
from knowledge.kb import KnowledgeBase
from knowledge.models import Drug

_ONSETS = ("b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "cl", "tr", "pr", "st")
_VOWELS = ("a", "e", "i", "o", "u", "y")
_CODAS = ("", "", "", "n", "r", "l", "x", "s")
# Stems the generic-name council uses, so generics end the way real ones do.
_STEMS = ("mab", "zumab", "ximab", "tinib", "ciclib", "parib", "cept", "ase", "stat", "vir", "leucel", "gene")


class NameMaker:
    """Pronounceable, unique names that are no real drug's and no English word."""

    def __init__(self, taken: set[str], seed: int):
        self._random = random.Random(seed)
        self._taken = taken

    def _syllables(self, count: int) -> str:
        pick = self._random.choice
        return "".join(pick(_ONSETS) + pick(_VOWELS) + pick(_CODAS) for _ in range(count))

    def _unique(self, make: Callable[[], str]) -> str:
        while True:
            name = make()
            key = squash(name)
            if key not in self._taken and not is_english(key):
                self._taken.add(key)
                return name

    def brand(self) -> str:
        return self._unique(lambda: self._syllables(self._random.choice((2, 3, 3, 4))).capitalize())

    def generic(self) -> str:
        return self._unique(lambda: self._syllables(self._random.choice((2, 3))) + self._random.choice(_STEMS))


def _keys(drug: Drug) -> set[str]:
    return {squash(n) for n in (drug.name, *drug.aliases, *drug.generics)}


def _synthetic_drugs(kb: KnowledgeBase, seed: int) -> Iterator[Drug]:
    maker = NameMaker(set().union(*map(_keys, kb.drugs.values())), seed)
    templates = list(kb.drugs.values())
    for i in itertools.count():
        template = templates[i % len(templates)]
        brand = maker.brand()
        aliases = tuple(
            brand.upper() if squash(a) == squash(template.name) else maker.brand() for a in template.aliases
        )
        yield template.model_copy(
            update={
                "id": f"synthetic{i}",
                "name": brand,
                "aliases": aliases,
                "generics": tuple(maker.generic() for _ in template.generics),
                # Codes stay with the real drugs: a code question must not list a thousand look-alikes.
                "codes": (),
            }
        )


def grown_kb(kb: KnowledgeBase, scale: int, seed: int = 20241123) -> KnowledgeBase:
    """The real KB with generated drugs added until it has `scale` times as many distinct names."""
    if scale <= 1:
        return kb
    drugs = dict(kb.drugs)
    wanted = (scale - 1) * name_count(kb)
    for drug in _synthetic_drugs(kb, seed):
        if wanted <= 0:
            break
        drugs[drug.id] = drug
        wanted -= len(_keys(drug))
    return KnowledgeBase(
        sources=kb.sources,
        programs=kb.programs,
        drugs=drugs,
        codes=kb.codes,
        listings=kb.listings,
        general_contacts=kb.general_contacts,
        program_ids=kb.program_ids,
    )


def name_count(kb: KnowledgeBase) -> int:
    """Distinct names (brand, alias, generic) once typography is squashed away."""
    return len(set().union(*map(_keys, kb.drugs.values())))
