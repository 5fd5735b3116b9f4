"""The simple approaches people write instead of our matcher, for comparison only: look each word of
the question up among every drug name, alias and generic, and take the closest.

They stop at naming a drug, while the engine goes on to build and serialise the whole answer, so the
latency comparison is tilted in the baselines' favour. A name several drugs share counts as all of
them (right if any is), which tilts accuracy their way too.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict

from rapidfuzz import fuzz, process

from knowledge.kb import KnowledgeBase

# Ordinary English function words and question words only: a baseline tuned with our domain
# vocabulary would no longer be the simple approach it stands for.
_STOPWORD_TEXT = """
    a about an and any are at be but by can could do does for from get go has have how i if in is it me my
    need needs of on or our patient should so that the their them there they this to under up us via was
    we what when where which who why will with would you your also just please thanks
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
MIN_WORD = 4  # shorter words match some name too easily to be worth a look-up
DIFFLIB_CUTOFF = 0.75  # difflib's default 0.6 names a drug for most ordinary words
RAPIDFUZZ_CUTOFF = 85.0  # WRatio on a word; lower and 'home' or 'infusion' start naming drugs

_WORD = re.compile(r"[a-z0-9]+")


def words_of(question: str) -> list[str]:
    return [w for w in _WORD.findall(question.lower()) if len(w) >= MIN_WORD and w not in STOPWORDS]


class _NameList:
    def __init__(self, kb: KnowledgeBase):
        owners: dict[str, list[str]] = defaultdict(list)
        for drug in kb.drugs.values():
            for name in (drug.name, *drug.aliases, *drug.generics):
                key = name.lower()
                if drug.name not in owners[key]:
                    owners[key].append(drug.name)
        self.owners = dict(owners)
        self.names = list(owners)


class DifflibBaseline(_NameList):
    label = "difflib get_close_matches"

    def predict(self, question: str) -> list[str]:
        best_score, best_name = 0.0, None
        for word in words_of(question):
            found = difflib.get_close_matches(word, self.names, n=1, cutoff=DIFFLIB_CUTOFF)
            if found:
                score = difflib.SequenceMatcher(None, word, found[0]).ratio()
                if score > best_score:
                    best_score, best_name = score, found[0]
        return list(self.owners[best_name]) if best_name else []


class RapidfuzzBaseline(_NameList):
    label = "rapidfuzz extractOne WRatio"

    def predict(self, question: str) -> list[str]:
        best_score, best_name = 0.0, None
        for word in words_of(question):
            found = process.extractOne(word, self.names, scorer=fuzz.WRatio, score_cutoff=RAPIDFUZZ_CUTOFF)
            if found and found[1] > best_score:
                best_score, best_name = found[1], found[0]
        return list(self.owners[best_name]) if best_name else []
