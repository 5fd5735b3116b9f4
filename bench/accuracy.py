"""Entity accuracy: is the drug the question names the one we (or a baseline) put first?

Scored on the dev cases that name exactly one drug, and on those that name none (a drug no document
lists, a contact, a policy question), where any guessed drug is wrong."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from bench.questions import Case
from intents.answer import Answer

Verdict = Literal["right", "asked", "wrong"]
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def norm(name: str) -> str:
    return _NOT_ALNUM.sub("", name.lower())


def scorable(cases: Sequence[Case]) -> list[Case]:
    return [c for c in cases if len(c.drug_groups) <= 1]


def _expected(case: Case) -> set[str]:
    return {norm(n) for n in case.drug_groups[0]} if case.drug_groups else set()


def judge_engine(answer: Answer, case: Case) -> Verdict:
    expected = _expected(case)
    if answer.status == "clarify":
        # A question back is neither a right answer nor a wrong one, as long as it offers the drug.
        offered = {norm(c.name) for c in answer.candidates}
        return "asked" if not expected or expected & offered else "wrong"
    if not expected:
        return "wrong" if answer.drugs else "right"
    return "right" if answer.drugs and norm(answer.drugs[0].name) in expected else "wrong"


def judge_guess(names: Sequence[str], case: Case) -> Verdict:
    expected = _expected(case)
    if not expected:
        return "wrong" if names else "right"
    return "right" if any(norm(n) in expected for n in names) else "wrong"


@dataclass
class Tally:
    right: int = 0
    asked: int = 0
    wrong: int = 0
    with_drug: int = 0  # cases naming one drug
    without_drug: int = 0  # cases naming none
    misses: tuple[str, ...] = ()  # the questions judged wrong, for reading

    @property
    def total(self) -> int:
        return self.right + self.asked + self.wrong

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "total": self.total, "accuracy": self.accuracy}


def tally(cases: Sequence[Case], judge: Callable[[Case], Verdict]) -> Tally:
    out = Tally()
    misses = []
    for case in scorable(cases):
        verdict = judge(case)
        setattr(out, verdict, getattr(out, verdict) + 1)
        if case.drug_groups:
            out.with_drug += 1
        else:
            out.without_drug += 1
        if verdict == "wrong":
            misses.append(case.question)
    out.misses = tuple(misses)
    return out
