"""'What is <a number>?', 'whats the number <…> for?': a phone or fax number the documents print is
answered with whose it is and that team's line, never out of scope. Sentences: phrasing.toml [numbers]."""

from __future__ import annotations

import re

from intents.draft import Draft, contact_line, contact_ref
from intents.drug_answer import has_drugs
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import Cue, intent
from intents.wording_table import field_name
from knowledge.kb import KnowledgeBase
from knowledge.models import Contact, ProgramId

TYPED_NUMBER = re.compile(r"(?<![\w.])\d[\d.\-() ]{5,}\d(?![\w])")
TYPED_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MIN_DIGITS = 7  # a local number; fewer digits is a code, a count or a date
LOCAL_DIGITS = 7
AREA_DIGITS = 10
NUMBER_FIELDS = ("phone", "fax")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _same_number(typed: str, printed: str) -> bool:
    """A number typed with other separators or without its leading 1 is the printed one; a vanity number
    (letters for digits) matches on the local digits it prints."""
    digits = _digits(printed)
    if not digits.endswith(typed[-LOCAL_DIGITS:]):
        return False
    vanity = any(ch.isalpha() for ch in printed)
    return vanity or len(typed) < AREA_DIGITS or digits.endswith(typed[-AREA_DIGITS:])


def printed_numbers(kb: KnowledgeBase, text: str) -> list[tuple[ProgramId | None, Contact, str]]:
    """(program, contact, field) of each number (or email address) typed that a contact prints."""
    typed = [d for d in (_digits(m.group(0)) for m in TYPED_NUMBER.finditer(text)) if len(d) >= MIN_DIGITS]
    emails = [m.group(0).lower() for m in TYPED_EMAIL.finditer(text)] if "@" in text else []
    if not typed and not emails:
        return []
    pools = [(p, c) for p in kb.program_ids for c in kb.contacts(p)] + [(None, c) for c in kb.general_contacts]
    found = [
        (program, contact, "email")
        for email in emails
        for program, contact in pools
        if contact.email is not None and contact.email.value.lower() == email
    ]
    for number in typed:
        for program, contact in pools:
            for field in NUMBER_FIELDS:
                cited = getattr(contact, field)
                if cited is not None and _same_number(number, cited.value):
                    found.append((program, contact, field))
    return found


@intent(
    "number_lookup",
    order=12,
    when=lambda q: q.searcher is not None and not has_drugs(q) and bool(printed_numbers(q.searcher.kb, q.text)),
    never=Cue.DRUGS,
)
def handle_number_lookup(draft: Draft, q: Question) -> None:
    say = phrasing_data()["numbers"]
    said, seen = [], set()
    for program, contact, field in printed_numbers(draft.kb, q.text):
        if contact.label in seen:
            continue
        seen.add(contact.label)
        if program not in draft.contact_programs:
            draft.contact_programs.append(program)
        if program:
            draft.use_program(program)
        value = getattr(contact, field).value
        line = contact_line(contact_ref(contact))
        said.append(say["whose"].format(number=value, field=field_name(field), label=contact.label, line=line))
    draft.headline = " ".join(said)
    asked = {f for f in q.contact_fields if f in NUMBER_FIELDS}
    if asked and not asked & {field for _, _, field in printed_numbers(draft.kb, q.text)}:
        # 'is <eviCore's phone> the fax for eviCore?': the number is printed, but as another field.
        draft.headline = f"{say['no']} {draft.headline}"
        return
    named = [p for p in q.programs if p not in q.context_programs]
    if named:
        # 'is <the gene team's fax> the fax for CAR-T?': whether the number is the named program's team's, and
        # that team's line when it isn't.
        owners = {p for p, _, _ in printed_numbers(draft.kb, q.text)}
        teams = set(named) | {draft.kb.program(p).shares for p in named if draft.kb.program(p).shares}
        if owners & teams:
            draft.headline = f"{say['yes']} {draft.headline}"
            return
        others = [contact_line(contact_ref(c)) for p in named for c in draft.kb.contacts(p)]
        for p in named:
            if p not in draft.contact_programs:
                draft.contact_programs.append(p)
        draft.headline = " ".join([say["no"], draft.headline, *dict.fromkeys(f"{line}." for line in others)])
