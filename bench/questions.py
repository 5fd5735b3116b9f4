"""The questions every measurement runs on: the shared dev cases (read at run time, never copied
into the repo) plus our own, worded the way nurses and coordinators type in Slack."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEV_CASES = REPO_ROOT.parent / "shared" / "eval" / "dev.jsonl"
DEV2_CASES = DEV_CASES.with_name("dev2.jsonl")

# Own wording, covering what the dev cases cover thinly: typos, codes, several drugs at once,
# drugs no document lists, contact look-ups, Slack markup and a pasted paragraph.
OWN_QUESTIONS: tuple[str, ...] = (
    # misspellings and sound-alikes
    "is opdivoo managed by evicore?",
    "keytruda precert with evicor",
    "does ocrevuz need site of care review",
    "tecentrik evicore prior auth",
    "is entivio ok to infuse at home",
    "herceptin hylecta on the oncology list?",
    "simponi arya home infusion?",
    "zolgensma gene therapy phone number",
    "yescarta prior authorisation",
    "kymriah vs carvykti which need precert",
    # codes, written several ways
    "J9035 precert?",
    "what drug is j 9299",
    "is code J-1745 on site of care",
    "q2054 prior auth",
    "Does J3490 need evicore",
    # several drugs in one message
    "remicade and inflectra at home?",
    "Opdivo, Keytruda and Yervoy - evicore?",
    "stelara or entyvio on specialty care options",
    # drugs none of the documents list
    "is Ozempic on any precert list",
    "does Dupixent need site of care review",
    "Skyrizi home infusion",
    "Mounjaro prior auth?",
    # contacts and programs
    "what is the evicore fax number",
    "phone for the home infusion program",
    "gene therapy team email",
    "who do I call about site of care",
    "when does evicore close",
    # program rules and off-topic
    "what does SCO+ mean",
    "how long is the transition period for site of care",
    "what's the weather like today",
    "help",
    # Slack markup, typography and a long pasted message
    "<@U0PRECERT> is *Ocrevus* on site of care?",
    "Is Tysabri® (natalizumab) subject to SCO?",
    "hi team :wave: quick one - does the patient's Tecentriq go through eviCore or straight to Cigna? "
    "they start next week at the outpatient center and the office needs the fax today, thanks!",
)


@dataclass(frozen=True)
class Case:
    """One dev question and what it expects: groups of acceptable drug names, the first name of each
    group being the expected drug."""

    id: str
    question: str
    category: str
    drug_groups: tuple[tuple[str, ...], ...]
    statuses: tuple[str, ...]


def load_dev_cases(path: Path = DEV_CASES) -> list[Case]:
    if not path.is_file():
        return []
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        cases.append(
            Case(
                id=raw.get("id", ""),
                question=raw["q"],
                category=raw.get("cat", ""),
                drug_groups=tuple(tuple(group) for group in raw.get("drugs", [])),
                statuses=tuple(raw.get("status", [])),
            )
        )
    return cases


def all_questions(cases: Sequence[Case], own: Sequence[str] = OWN_QUESTIONS) -> list[str]:
    """Dev questions then ours, without repeats."""
    return list(dict.fromkeys([*(c.question for c in cases), *own]))
