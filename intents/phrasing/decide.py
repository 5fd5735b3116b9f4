"""Who decides a question's shape: the leads of intents/phrasing/lead.py, tried in the order of
phrasing.toml [[leads]], each only when its cues hold. A cue is a cheap fact of the question, its shape or
the answer (a drug named, a code typed, an hours word, two lists named, the answer's intent), read at most
once per question; an entry's cues are ones its lead cannot decide without, so a skipped lead would have
decided nothing, and a one-drug yes/no question runs only the few leads that can decide it (not every
lead's own scan of the text). The first lead that decides ends the look."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import compress

from intents.draft import Draft
from intents.families.lines_of_business import rows_for_plans
from intents.phrasing.code_rows import drugless_code_lead, program_rule_lead
from intents.phrasing.criteria import criteria_lead, required_lead
from intents.phrasing.each import both_lead, each_lead
from intents.phrasing.hours_asked import hours_lead
from intents.phrasing.items import asks_an_item, item_lead, rule_item_lead
from intents.phrasing.lead import (
    Verdict,
    added_order_lead,
    all_marked_lead,
    asks_the_named_lists_fact,
    code_asked_lead,
    code_owners_lead,
    coverage_rule,
    coverage_rule_lead,
    duration_lead,
    faq_asked_lead,
    faq_premise_lead,
    marker_asked_lead,
    membership_words,
    named_list_lead,
    named_marker,
    one_of_a_group,
    other_use_claimed,
    other_use_denied,
    premise_lead,
    same_list_lead,
    scope_lead,
    unlisted_code_lead,
    verdicts,
    yes_lead,
)
from intents.phrasing.marker_dates import asks_a_date, marker_date_lead
from intents.phrasing.refine import typed_lists
from intents.phrasing.scope import SCOPE_CLAIMS
from intents.phrasing.shape import Shape
from intents.phrasing.terms import asks_a_term, term_lead
from intents.phrasing.words import phrasing_data, phrasing_words
from intents.reading.literal_gate import gated
from intents.reading.question import Question
from knowledge.models import ProgramId


@dataclass(frozen=True)
class Asked:
    """What every lead and cue reads: the answer so far, the question, its shape (with the lists of a
    group named), the drugs' verdicts."""

    draft: Draft
    q: Question
    shape: Shape
    found: dict[str, Verdict]


def lead(draft: Draft, q: Question, shape: Shape) -> None:
    """Put the verdict in the question's own shape before the answer's headline; then what the answer's
    rows print of a line of business or payer asked about."""
    verdict_lead(draft, q, shape)
    if draft.status == "answered":
        rows_for_plans(draft, q)


def verdict_lead(draft: Draft, q: Question, shape: Shape) -> None:
    if draft.status not in ("answered", "not_found") or not draft.headline:
        return
    if shape.outside and draft.status == "answered" and (draft.drugs or q.found.codes):
        # 'is my patient approved for Tysabri?': what is asked isn't in the documents; never a 'yes'. A
        # code that names no drug too ('rate for J7190': its row answered, the rate said not held).
        draft.headline = _say("outside.lead", what=shape.outside, headline=draft.headline)
        return
    if draft.other_uses:
        # ('Actemra for RA': the verdict itself says whose that use is, not eviCore's: no yes to lead it.)
        if shape.asserted and shape.claim == "listed" and other_use_denied(draft, q):
            draft.headline = _say("premise.correct", headline=draft.headline)  # '…go to Cigna, not eviCore, right?'
        elif shape.asserted and shape.claim == "listed" and other_use_claimed(draft, q):
            draft.headline = _say("premise.not_so", headline=draft.headline)  # 'Aranesp for CKD goes to eviCore?'
        return
    lists = shape.lists or one_of_a_group(draft, q)
    if lists != shape.lists:
        shape = dataclasses.replace(shape, lists=lists)
    decide(Asked(draft, q, shape, verdicts(draft, shape.lists)))


def decide(asked: Asked) -> None:
    """The first lead of the table whose cues hold and that decides. The facts of the question and
    answer are read at once as bits (a few attributes each), the cues that search the text only for a
    lead those bits allow, each once."""
    facts = _facts(asked)
    searched: dict[str, bool] = {}
    for name, needed, vetoed, words in _table():
        if facts & needed != needed or facts & vetoed:
            continue
        for cue, negated in words:
            held = searched.get(cue)
            if held is None:
                held = searched[cue] = bool(WORD_CUES[cue](asked))
            if held is negated:
                break
        else:
            if LEADS[name](asked):
                return


Entry = tuple[str, int, int, tuple[tuple[str, bool], ...]]


@cache
def leads_table() -> tuple[tuple[str, tuple[tuple[str, bool], ...]], ...]:
    """phrasing.toml [[leads]]: (lead, ((cue, negated), …)) in order; a name neither table knows fails here."""
    table = []
    for entry in phrasing_data()["leads"]:
        cues = tuple((c.removeprefix("not "), c.startswith("not ")) for c in entry["when"])
        known = FACTS + tuple(WORD_CUES)
        unknown = [c for c, _ in cues if c not in known] + ([entry["lead"]] if entry["lead"] not in LEADS else [])
        if unknown:
            raise KeyError(f"phrasing.toml [[leads]] {entry['lead']}: unknown {unknown}")
        table.append((entry["lead"], cues))
    return tuple(table)


@cache
def _table() -> tuple[Entry, ...]:
    """Each lead with the facts it needs and those that rule it out as bits, then its word cues in order."""
    bit = {name: 1 << k for k, name in enumerate(FACTS)}
    out = []
    for name, cues in leads_table():
        needed = sum(bit[c] for c, negated in cues if c in bit and not negated)
        vetoed = sum(bit[c] for c, negated in cues if c in bit and negated)
        out.append((name, needed, vetoed, tuple((c, n) for c, n in cues if c not in bit)))
    return tuple(out)


def _say(key: str, **values: str) -> str:
    return phrasing_words().sentences[key].format(**values)


# ---- the leads that take more than one call of lead.py


def _same_list(a: Asked) -> bool:
    same_list_lead(a.draft, a.q)
    return True


def _premise(a: Asked) -> bool:
    premise_lead(a.draft, a.q, a.shape, a.found)
    return True


def _coverage(a: Asked) -> bool:
    a.draft.headline = _say("coverage.lead", headline=a.draft.headline)
    coverage_rule(a.draft)
    return True


def _one_drug_lists(a: Asked) -> bool:
    # ('plain': both lists holding the drug leave the plain 'Yes —' to the yes lead)
    return not both_lead(a.draft, a.q, yes="plain") and each_lead(a.draft, a.q)


def _typed_lists(a: Asked) -> bool:
    typed = typed_lists(a.q.text, a.draft.kb)
    if len(typed) < 2:
        return False  # (one list typed: its own answer is the yes lead's)
    lacking = any("yes" not in verdicts(a.draft, (p,)).values() for p in typed)
    return lacking and each_lead(a.draft, a.q, typed)


def _yes(a: Asked) -> bool:
    draft, q, shape, found = a.draft, a.q, a.shape, a.found
    unknown = tuple(n for n in q.found.unknown if n not in found)
    # 'Yes —' for the list's own fact only (read only where a yes could lead without permission's words).
    fact = "yes" not in found.values() or shape.permission or asks_the_named_lists_fact(draft, q, shape)
    yes_lead(draft, found, shape, unknown, fact)
    return True


LEADS: dict[str, Callable[[Asked], bool]] = {
    "code_owners": lambda a: code_owners_lead(a.draft, a.q, a.shape),
    "unlisted_code": lambda a: unlisted_code_lead(a.draft, a.q),
    "code_asked": lambda a: code_asked_lead(a.draft, a.q),
    "marker_asked": lambda a: marker_asked_lead(a.draft, a.q, a.shape),
    "added_order": lambda a: added_order_lead(a.draft, a.q),
    "each_drug": lambda a: each_lead(a.draft, a.q),
    "both_lists": lambda a: both_lead(a.draft, a.q),
    "either_list": lambda a: each_lead(a.draft, a.q),
    "same_list": _same_list,
    "all_marked": lambda a: all_marked_lead(a.draft, a.q),
    "scope": lambda a: scope_lead(a.draft, a.q),
    "hours": lambda a: hours_lead(a.draft, a.q, a.shape),
    "requirement_item": lambda a: item_lead(a.draft, a.q, a.shape),
    "faq_asked": lambda a: faq_asked_lead(a.draft, a.q),
    "faq_premise": lambda a: faq_premise_lead(a.draft, a.q),
    "duration": lambda a: duration_lead(a.draft, a.q),
    "coverage_rule": lambda a: coverage_rule_lead(a.draft, a.q, a.shape),
    "marker_date": lambda a: marker_date_lead(a.draft, a.q),
    "scoped_term": lambda a: term_lead(a.draft, a.q, a.shape),
    "drugless_code": lambda a: drugless_code_lead(a.draft, a.q, a.shape),
    "program_rule": lambda a: program_rule_lead(a.draft, a.q),
    "premise": _premise,
    "coverage": _coverage,
    "named_list": lambda a: named_list_lead(a.draft, a.q),
    "one_drug_lists": _one_drug_lists,
    "typed_lists": _typed_lists,
    "yes": _yes,
    "criteria_item": lambda a: criteria_lead(a.draft, a.q),
    "required_item": lambda a: required_lead(a.draft, a.q),
    "rule_item": lambda a: rule_item_lead(a.draft, a.q, a.shape),
}


# ---- the cues


@cache
def _pattern(table: str, key: str) -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()[table][key]))


@cache
def _faq_words() -> re.Pattern[str]:
    """Any of an FAQ's strong words ('all', 'any', 'special'): faq_asked_lead and faq_premise_lead each
    need the question to say one."""
    return gated(re.compile("|".join(f"(?:{w})" for w in phrasing_data()["premise"]["faq_strong"])))


def _named(q: Question) -> list[ProgramId]:
    """The lists named, less those named only as where the patient is or denied (each.py's units)."""
    return [p for p in q.programs if p not in q.context_programs and p not in q.phrasing.denied]


def _marker_named(a: Asked) -> bool:
    """A marker named by a word for markers, by its symbol or by its words (marker_asked_lead needs one)."""
    q = a.q
    return bool(q.marked or membership_words().search(q.text) or named_marker(a.draft, q) is not None)


# The facts a lead may need, read from attributes: their order is their bit in _facts.
FACTS = (
    "drugs",
    "one_drug",
    "two_drugs",
    "codes",
    "unknown",
    "topics",
    "yes_no",
    "yes_no_or_permission",
    "yes_no_or_asserted",
    "asserted",
    "claim",
    "claim_listed",
    "scope_claim",
    "premise_reach",
    "coverage",
    "either",
    "lists_exact",
    "verdicts",
    "answered",
    "yes_intent",
    "intent_dates",
    "intent_passage",
    "intent_contacts",
    "intent_codes",
    "intent_program",
    "pa_or_programs",
    "programs_named",
    "two_programs_named",
    "programs_asked",
)


def _facts(a: Asked) -> int:
    """FACTS of this question and answer, as bits (one pass: a call per fact would cost more than most)."""
    q, shape, draft = a.q, a.shape, a.draft
    drugs, named = len(q.found.drugs), _named(q)
    held = (
        drugs > 0,
        drugs == 1,
        drugs > 1,
        bool(q.found.codes),
        bool(q.found.unknown),
        bool(q.topics),
        shape.yes_no,
        shape.yes_no or shape.permission,
        shape.yes_no or shape.asserted,
        shape.asserted,
        shape.claim is not None,
        shape.claim == "listed",
        q.phrasing.claim in SCOPE_CLAIMS,
        bool(a.found) or shape.claim == "only" or draft.intent == "drug_family",
        shape.coverage,
        shape.either,
        bool(shape.lists),
        bool(a.found),
        draft.status == "answered",
        draft.intent in phrasing_words().yes_intents,
        draft.intent == "dates",
        draft.intent == "passage",
        draft.intent == "contacts",
        draft.intent == "code_lookup",
        draft.intent == "program_overview",
        bool(q.asks_pa or q.programs),
        bool(named),
        len(named) > 1,
        any(p not in q.context_programs for p in q.programs),
    )
    return sum(compress(_BITS, held))  # (the held facts' bits, summed in C)


_BITS = tuple(1 << k for k in range(len(FACTS)))


# The cues that search the question's text (or the edition's words), read only for a lead the facts allow.
WORD_CUES: dict[str, Callable[[Asked], object]] = {
    "asked_yes_no": lambda a: a.shape.yes_no or (a.q.found.codes and phrasing_words().yes_opener.search(a.q.text)),
    "opens_yes_no": lambda a: (
        a.shape.yes_no or (not a.shape.asserted and phrasing_words().yes_opener.match(a.q.text) is not None)
    ),
    "date_typed": lambda a: asks_a_date(a.q.text),
    "scoped_term_words": lambda a: asks_a_term(a.q.text),
    "asks_an_item": lambda a: asks_an_item(a.q, a.shape),
    "yes_opener": lambda a: phrasing_words().yes_opener.search(a.q.text),
    "marker_named": _marker_named,
    "same_words": lambda a: _pattern("same", "asks").search(a.q.text),
    "all_words": lambda a: _pattern("premise", "all_words").search(a.q.text),
    "hours_words": lambda a: _pattern("hours_asked", "asks").search(a.q.text),
    "faq_words": lambda a: _faq_words().search(a.q.text),
    "or_word": lambda a: _OR.search(a.q.text),
    "each_words": lambda a: _pattern("each", "asks").search(a.q.text),
    "both_words": lambda a: _pattern("both_asked", "words").search(a.q.text),
    "membership_words": lambda a: _pattern("named_lists", "membership").search(a.q.text),
}

# 'or' as a word: the literal first, so re looks for it as a string (a leading \b is tried at every position).
_OR = re.compile(r"or(?<=\bor)\b")
