"""Phone, fax, email, hours and web portal: for a program, for a drug's programs, or Cigna's general line."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft, contact_line, contact_ref
from intents.drug_answer import answer_drugs, refined_programs
from intents.phrasing.hours_asked import asks_always, held_always
from intents.phrasing.words import phrasing_data
from intents.reading.literal_gate import gated
from intents.reading.question import Question, asks
from intents.registry import Cue, intent
from intents.wording_table import field_name, phrase, sentence
from knowledge.models import ProgramId

CUSTOMER_SERVICE = asks("customer_service")


@intent(
    "contacts",
    order=70,
    when=lambda q: q.asks_contact,
    needs=Cue.CONTACT,
)
def handle_contacts(draft: Draft, q: Question) -> None:
    draft.contact_fields = q.contact_fields
    if q.found.drugs or q.found.ambiguities:
        # 'who do I call for Yescarta?' is not a yes/no question: the number leads, and the drug's
        # requirement follows without a 'yes —' of its own.
        draft.verdict_leads = True
        answer_drugs(draft, q, q.programs or None)
        refined = refined_programs(draft, q)
        for program in q.programs:  # asked for this program's number, listed or not...
            # ...unless only 'our hospital' named it, or the drug's own listing overrode the program word
            # ('Casgevvy sickle cell'): the drug's own program's team is the one to call.
            listed = any(f.listed and f.program == program for f in draft.findings)
            if (program in q.context_programs or program in refined) and not listed:
                continue
            elsewhere = any(set(draft.kb.drugs[m.drug_id].programs()) - {program} for m in q.found.drugs)
            if not listed and elsewhere and draft.kb.contacts(program):
                continue  # 'since Zynlonta is a gene therapy we call the gene line?': its own lists' team
            # 'Actemra for RA - evicore or cigna?': the use asked about is not this program's to authorize.
            mine = [f for f in draft.findings if f.listed and f.program == program]
            if mine and all(f.through != draft.kb.program(program).through for f in mine if f.through):
                continue
            if program not in draft.contact_programs:
                draft.contact_programs.append(program)
        _purpose_first(draft, q)
        if draft.status == "answered":
            no_contact_fallback(draft)
            lead = email_for_requests(draft, q)
            draft.headline = " ".join(p for p in (lead, contact_lines(draft, q), draft.headline) if p)
        return
    purpose = _purpose(q, alone=True)
    everyone = [purpose] if purpose else [*draft.kb.program_ids, None]
    programs: list[ProgramId | None] = list(q.programs) if q.programs else everyone
    if CUSTOMER_SERVICE.search(q.text):
        programs = [None]
    for program in programs:
        if program not in draft.contact_programs:
            draft.contact_programs.append(program)
        if program:
            draft.use_program(program)
    _purpose_first(draft, q)
    no_contact_fallback(draft)
    lead = yes_or_no_hours(draft, q) or opening_or_closing(draft, q) or email_for_requests(draft, q)
    draft.headline = (lead + " " + contact_lines(draft, q)).strip()


def _purpose_first(draft: Draft, q: Question) -> None:
    """'what number do I call to move a patient to home infusion?': the team the task is for leads the
    numbers (phrasing.toml [contact_purpose])."""
    program = _purpose(q)
    if program:
        draft.contact_programs[:] = [program, *(p for p in draft.contact_programs if p != program)]


def _purpose(q: Question, alone: bool = False) -> ProgramId | None:
    """The team of the task or subject a contact question names; a subject's (`alone`: 'onc drugs precert
    fax?') only in a question naming no drug or program."""
    return next((p for p, words, only in _purposes() if (alone or not only) and words.search(q.text)), None)


@cache
def _purposes() -> tuple[tuple[ProgramId, re.Pattern[str], bool], ...]:
    data = phrasing_data()["contact_purpose"]["purposes"]
    return tuple((p["program"], gated(re.compile(p["words"])), bool(p.get("alone"))) for p in data)


def opening_or_closing(draft: Draft, q: Question) -> str:
    """'What time does eviCore close?': the closing (or opening) time first, cut from the hours as printed
    ('7:00 a.m. – 10:00 p.m. EST, Monday - Friday'), then the hours whole."""
    say = phrasing_data()["hours"]
    kind = next((k for k in ("closes", "opens") if re.search(say[k], q.text)), None)
    if kind is None:
        return ""
    said = []
    for program in draft.contact_programs:
        for contact in draft.kb.contacts(program) if program else draft.kb.general_contacts:
            printed = contact.hours.value if contact.hours else ""
            parts = printed.split(say["range_dash"])
            if len(parts) != 2:
                continue
            time = parts[1].split(",")[0].strip() if kind == "closes" else parts[0].strip()
            time = time.removesuffix(".")  # '7:00 a.m.' ends the sentence with its own full stop
            said.append(say[f"{kind}_at"].format(label=contact.label, time=time, hours=printed))
    return " ".join(dict.fromkeys(said))


def yes_or_no_hours(draft: Draft, q: Question) -> str:
    """'Is eviCore open on Sunday?' is answered yes or no first, from the hours the documents print."""
    from intents.reading.hours import asked_days, asked_times, open_when, parse  # contact questions only

    always = asks_always(q.text)  # 'is the eviCore line open 24/7?': every day, all day
    if "hours" not in q.contact_fields and not (always or asked_days(q.text) or asked_times(q.text)):
        return ""
    said = []
    for program in draft.contact_programs:
        for contact in draft.kb.contacts(program) if program else draft.kb.general_contacts:
            printed = contact.hours.value if contact.hours else None
            hours = parse(printed) if printed else None
            answer = (held_always(hours) if always else open_when(hours, q.text)) if hours else None
            if answer is not None:
                said.append(phrase("open_yes" if answer else "open_no", label=contact.label, hours=printed))
    return " ".join(dict.fromkeys(said))


@cache
def _email_purpose() -> dict[str, re.Pattern[str]]:
    data = phrasing_data()["email_purpose"]
    return {"request": gated(re.compile(data["request"])), "questions": re.compile(data["questions"])}


def email_for_requests(draft: Draft, q: Question) -> str:
    """'can I email the gene therapy PA?': an email the documents print only 'for questions' is not a way
    to send a request, said first with the numbers the same lines give for requests."""
    if "email" not in q.contact_fields or not _email_purpose()["request"].search(q.text):
        return ""
    said = []
    for program in draft.contact_programs:
        pool = draft.kb.contacts(program) if program else draft.kb.general_contacts
        for contact in pool:
            email = contact.email
            clause = _email_purpose()["questions"].pattern + re.escape(email.value) if email else ""
            if email is None or not re.search(clause, email.citation.text, re.IGNORECASE):
                continue
            ways = [f"{field_name(f)} {v.value}" for c in pool for f in ("phone", "fax") if (v := getattr(c, f))]
            said.append(
                phrasing_data()["email_purpose"]["lead"].format(
                    label=contact.label, ways=" or ".join(dict.fromkeys(ways))
                )
            )
    return " ".join(dict.fromkeys(said))


def no_contact_fallback(draft: Draft) -> None:
    """Some documents print no phone (the home infusion list): say so, and give Cigna's general line."""
    if any(draft.kb.contacts(p) for p in draft.contact_programs if p) or None in draft.contact_programs:
        return
    silent = [p for p in draft.programs_used if not draft.kb.contacts(p)]
    names = ", ".join(draft.kb.program(p).short for p in silent) or phrase("no_contact_that_document")
    general = [c for contact in draft.kb.general_contacts for c in contact.citations()]
    source = draft.kb.sources.get(general[0].source) if general else None
    # Where the general line is printed, and when: the eviCore letter (November 2017) today.
    where = f"“{source.title}” ({source.date_note})" if source else phrase("no_contact_anywhere")
    draft.notes.append(sentence("no_contact_note", names=names, where=where))
    draft.contact_programs.append(None)


def contact_lines(draft: Draft, q: Question) -> str:
    fields = q.contact_fields or None
    if fields and "phone" not in fields and "hours" in fields:
        fields = ["phone", *fields]
    lines = []
    seen: list[list[str]] = []
    programs = _printing(draft, q, fields)
    for program in programs:
        pool = [contact_ref(c) for c in (draft.kb.contacts(program) if program else draft.kb.general_contacts)]
        teams = sorted(ref.label for ref in pool)
        if teams in seen:  # SCO, SCO+ and the policy share the SCO team: said once
            continue
        seen.append(teams)
        missing = [f for f in fields or () if not any(getattr(ref, f) for ref in pool)]
        if pool and missing:
            # 'evicore fax': the documents print none. Say so, and give what they do print instead.
            what = " or ".join(field_name(f) for f in missing)
            general = draft.kb.general_contacts[0].label if draft.kb.general_contacts else ""
            whom = draft.kb.program(program).name if program else general
            lines.append(sentence("contact_not_printed", fields=what, whom=whom))
        shown = [f for f in fields or () if f not in missing] or (["phone", "url"] if missing else fields)
        for ref in pool:
            line = contact_line(ref, shown)
            if line and line not in lines:
                lines.append(line)
    return ". ".join(lines) + ("." if lines else "")


def _printing(draft: Draft, q: Question, fields: list[str] | None) -> list[ProgramId | None]:
    """The teams to list: asked for a fax with no program named ('Cigna prior auth fax number'), the
    teams whose fax the documents print, not a line per team saying it prints none (all of them when
    none does)."""
    programs = list(draft.contact_programs)
    # 'fax number': the fax is asked for; 'number' alone would be the phone.
    fields = [f for f in fields or () if f != "phone"] if fields and len(fields) > 1 else fields
    if q.programs or q.found.drugs or not fields:
        return programs

    def prints(program: ProgramId | None) -> bool:
        pool = draft.kb.contacts(program) if program else draft.kb.general_contacts
        return any(getattr(contact_ref(c), f) for c in pool for f in fields)

    # 'which programs have no fax': the teams that print none, each said so (phrasing.toml [contact_lacking]).
    lacking = _lacking().search(q.text) is not None
    return [p for p in programs if prints(p) != lacking] or programs


@cache
def _lacking() -> re.Pattern[str]:
    return re.compile(phrasing_data()["contact_lacking"]["asks"])
