"""The sentences every intent family shares: how a drug is labelled, how a listing is said as a verdict,
how unknown words and row lists are said, and the fixed headlines. One place, so an answer reads the
same whichever family built it. Family-specific sentences stay in their family module."""

from __future__ import annotations

import re
from functools import cache

from intents.answer import ContactRef, Finding, Statement, lead_finding
from intents.draft import (
    Draft,
    contact_ref,
    edition_memo,
    finding_status,
    legend_statement,
    listing_citations,
    listing_detail,
    through_whom,
)
from intents.reading.question import Question
from intents.reading.search import Hit
from intents.wording_table import joined, phrase, sentence, table_sentence, wording_table
from knowledge.kb import KnowledgeBase
from knowledge.linking import PROCEDURE_LIST_LAYOUTS
from knowledge.models import Drug, Listing, ProgramId

MAX_NAMED_UNKNOWN = 5  # a pasted page must not come back as a page of "couldn't find"


def label(drug: Drug) -> str:
    facts = [g for g in drug.generics[:1]] + list(drug.codes)
    return f"{drug.name} ({', '.join(facts)})" if facts else drug.name


def through_name(kb: KnowledgeBase, finding: Finding) -> str | None:
    """Whose prior authorization a finding is, in a word: eviCore, Cigna, or the program's own name."""
    if finding.through is None:
        return None
    named = wording_table()["through"].get(finding.through)
    if named:
        return named
    return kb.program(finding.program).short if finding.program else None


def status_words(kb: KnowledgeBase, finding: Finding) -> str:
    """A finding's status in a few words ('prior auth through eviCore'), naming the list when whose it
    is doesn't already ('prior auth through Cigna (home infusion precert list)': Cigna has several)."""
    who = through_name(kb, finding)
    words = wording_table()["status_words"][finding.status].format(through=who or wording_table()["through"]["cigna"])
    if finding.program and who and who.lower() not in kb.program(finding.program).short.lower():
        words += f" ({kb.program(finding.program).short})"
    return words


def verdict(draft: Draft, drug: Drug, f: Finding) -> str:
    """What one finding means, read from its status (never from its summary's words)."""
    if f.program is None:
        return sentence("drug_not_found")
    program = draft.kb.program(f.program)
    rows = drug.listings_for(f.program)
    if f.status == "auth-needed-oncology" and (other := draft.other_use_note(rows, f.status)):
        # 'Actemra for RA': the legend's own line answers it — that use is not the oncology program's.
        legend = other.citation.text.lstrip(other.symbol).strip().rstrip(".")
        who = wording_table()["through"].get(other.other_use_through or "", other.other_use_through)
        return table_sentence("verdict", "other-use", who=who, list=program.short, symbol=other.symbol, legend=legend)
    if f.status == "pharmacy-benefit":
        notes = [n for x in rows for n in x.notes if n.status == "pharmacy-benefit"]
        marked = table_sentence("verdict", "marked", symbol=notes[0].symbol) if notes else ""
        meaning = notes[0].meaning if notes else table_sentence("verdict", "pharmacy-benefit-unmarked")
        return table_sentence("verdict", "pharmacy-benefit", meaning=meaning, list=program.short, marked=marked)
    if f.status == "site-of-care-review":
        added = next((x.date_added for x in rows if x.date_added), None)
        when = table_sentence("verdict", "added", date=added) if added else ""
        return table_sentence("verdict", "site-of-care-review", list=program.short, added=when)
    if f.status == "moved":
        return next((x.status_note.rstrip(".") for x in rows if x.status_note), table_sentence("verdict", "moved"))
    if f.status in ("not-listed", "auth-needed-oncology"):
        return table_sentence("verdict", f.status, list=program.short)
    # A requirement: 'yes — …', unless the question's shape leads with the verdict ('Yes — Keytruda: …').
    key = _requirement_key(program.layout, f)
    yes = (
        ""
        if draft.verdict_leads
        else table_sentence("verdict", "yes-with" if key == "auth-needed-procedure_list" else "yes")
    )
    return yes + table_sentence("verdict", key, list=program.short, requirement=program.requirement)


def _requirement_key(layout: str, f: Finding) -> str:
    """Which [verdict] sentence says a requirement: by whose prior authorization it is, then its list's
    layout."""
    if f.through in ("evicore", "program_team"):
        return f"auth-needed-{f.through}"
    return "auth-needed-procedure_list" if layout in PROCEDURE_LIST_LAYOUTS else "auth-needed"


def _call(draft: Draft, f: Finding) -> str:
    """', call <the program's number> or use the eviCore portal': the number to call, after the verdict."""
    c = f.contact
    if c is None or not c.phone:
        return ""
    if f.through == "evicore":
        return table_sentence("call", "evicore-portal" if c.url else "evicore", phone=c.phone)
    if c.program is None and f.program and not draft.kb.contacts(f.program):
        # The list prints no number of its own: said first, never passed off as the list's line.
        return table_sentence("call", "list-prints-none", label=c.label, phone=c.phone)
    return table_sentence("call", "listed", label=c.label, phone=c.phone)


def _dual_meaning(drug: Drug, f: Finding) -> str:
    if f.through != "evicore":  # the other use's answer quotes the legend already
        return ""
    notes = [n for x in drug.listings_for(f.program) for n in x.notes if n.status == "auth-needed-oncology"]
    return (
        table_sentence("verdict", "dual-meaning", meaning=notes[0].meaning, symbol=notes[0].symbol)
        if notes and f.program
        else ""
    )


def brief(draft: Draft, drug: Drug, f: Finding) -> str:
    """A finding in a few words, for 'Also: …' and for one row of a list."""
    short = draft.kb.program(f.program).short if f.program else ""
    briefs = wording_table()["brief"]
    if f.status == "auth-needed" and f.through == "evicore":
        key = "auth-needed-evicore"
    elif f.status == "auth-needed" and short and draft.kb.program(f.program).layout in PROCEDURE_LIST_LAYOUTS:
        key = "auth-needed-procedure_list"
    elif f.status == "auth-needed-oncology" and f.through != "evicore":
        key = "other-use"
    else:
        key = f.status
    return briefs[key].format(list=short) if key in briefs else verdict(draft, drug, f)


def _short_dated(draft: Draft, drug: Drug, program: ProgramId, more: bool) -> str:
    """'SCO+ site-of-care list, added March 2021': a list named in a verdict keeps the row's date added."""
    added = next((x.date_added for x in drug.listings_for(program) if x.date_added), None)
    return draft.kb.program(program).short + (
        phrase("comma_added", date=added) + ("," if more else "") if added else ""
    )


# The group of findings on none of the lists, in drug_headline's "Also: …" (a brief is never empty).
_NOT_ON = ""


@cache
def _on_lists() -> str:
    """Where a verdict names its list: the words of [phrases] on_lists before the list (' (on the ')."""
    return phrase("on_lists", lists="\0").partition("\0")[0]


def drug_headline(draft: Draft, drug: Drug, programs: list[ProgramId] | None) -> str:
    """One line per drug: the verdict of the list asked about (or the first list naming it), with the
    number to call, then what the other lists say, once each. Written once per edition and what it is
    written from: the drug's findings (each an object of the edition, built once: draft.add_findings),
    the programs asked and the draft's two switches. A popular drug's line is not put into words again
    at every question about it."""
    findings = tuple(f for f in draft.findings if f.drug == drug.name)
    if not findings:
        return f"{drug.name}: {sentence('drug_not_found')}."
    if draft.other_uses:  # ('Actemra for RA': findings of this answer's own, answered for that use)
        line, call = _drug_headline(draft, drug, programs, findings)
    else:
        switches = (draft.intent == "contacts", draft.verdict_leads, tuple(programs) if programs else None)
        key = ("headline", drug.id, tuple(map(id, findings)), switches)
        line, call = edition_memo(draft.kb, key, _drug_headline, draft, drug, programs, findings)
    if call is not None and call not in draft.contact_programs:  # its team, made one of the answer's contacts
        draft.contact_programs.append(call)
    return line


def _drug_headline(
    draft: Draft, drug: Drug, programs: list[ProgramId] | None, findings: tuple[Finding, ...]
) -> tuple[str, ProgramId | None]:
    """The drug's line, and the list whose team it names for a list the question didn't (else None)."""
    # A listing on any list asked about is the answer ('site of care' asks SCO, SCO+ and the policy:
    # on SCO+ only is a yes, not 'not on the SCO list'); a miss leads only when every list misses.
    lead = lead_finding(findings)
    with_call = draft.intent != "contacts"  # a contact question's numbers already lead the answer
    called = {lead.contact.phone} if lead.contact and with_call else set()
    # Lists that say the same as the lead's are named in it: 'site-of-care review (on the SCO list and
    # the site-of-care coverage policy)'.
    same = [f for f in findings if (f.status, f.through) == (lead.status, lead.through) and f.listed == lead.listed]
    said = verdict(draft, drug, lead)
    if len(same) > 1 and _on_lists() in said:
        dated = joined(_short_dated(draft, drug, f.program, f is not same[-1]) for f in same if f.program)
        said = said.split(_on_lists())[0] + phrase("on_lists", lists=dated)
    elif len(same) > 1 and lead.status == "not-listed":
        said = table_sentence(
            "verdict",
            "not-listed",
            list=joined((draft.kb.program(f.program).short for f in same if f.program), "or_the"),
        )
    else:
        same = [lead]
    line = f"{drug.name}: {said}{_call(draft, lead) if with_call else ''}{_dual_meaning(drug, lead)}."
    # The rest, grouped by what they mean: 'Also: site-of-care review (SCO+ list, coverage policy)'.
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        if f not in same:
            groups.setdefault(brief(draft, drug, f) if f.listed else _NOT_ON, []).append(f)
    also = []
    for said_as, group in groups.items():
        shorts = ", ".join(draft.kb.program(f.program).short for f in group if f.program)
        part = phrase("not_on", lists=shorts) if said_as == _NOT_ON else f"{said_as} ({shorts})"
        if "(the " in said_as:  # the words name their list already
            part = said_as
        contact = group[0].contact
        if with_call and contact and contact.phone and contact.phone not in called:
            called.add(contact.phone)
            part += f" — {contact.label}, {contact.phone}"
        also.append(part)
    if also:
        line += phrase("also", parts="; ".join(also))
    call = None
    if programs:
        elsewhere = [p for p in drug.programs() if p not in programs]
        if elsewhere:
            call, key, ref = _elsewhere_call(draft, drug, elsewhere, findings, called)
            names = [
                phrase(key, list=draft.kb.program(p).short, label=ref.label, phone=ref.phone)
                if with_call and ref and p == call
                else draft.kb.program(p).short
                for p in elsewhere
            ]
            line += phrase("also_on" if any(f.listed for f in findings) else "only_on", lists=", ".join(names))
    return line, call


def _elsewhere_call(
    draft: Draft, drug: Drug, elsewhere: list[ProgramId], findings: tuple[Finding, ...], called: set[str]
) -> tuple[ProgramId | None, str, ContactRef | None]:
    """Whom to call for a list the question didn't name that authorizes through another desk ('Avastin at
    the HOPD': SCO+ leads, the eviCore precert is eviCore's; 'Keytruda at home': on no list asked about,
    eviCore's): its team (drug_headline makes it one of the answer's contacts), and the phrase that says it
    (a dual-indication row: for oncology indications). None when the use asked about is not that list's
    ('Prolia for osteoporosis') or the list authorizes nothing (pharmacy benefit only, moved)."""
    if draft.other_uses:
        return None, "", None
    through = {f.through for f in findings if f.listed}
    for program in elsewhere:
        status = finding_status(draft.kb, drug.listings_for(program))
        whose = through_whom(draft.kb, program, status)
        phoned = [c for c in draft.kb.contacts(program) if c.phone]
        if whose is None or whose in through or not phoned:
            continue
        ref = contact_ref(phoned[0])
        if ref.phone in called:
            return None, "", None
        return program, "elsewhere_call_oncology" if status == "auth-needed-oncology" else "elsewhere_call", ref
    return None, "", None


LIST_MIN = 4  # from this many drugs on, an answer is a list: one compact row per drug
# Drugs one message is answered for: each costs its findings and a row, and a pasted list of hundreds
# would cost more than a message may (bench, worst case). The rest are named, to be asked again.
MAX_DRUGS_ANSWERED = 40
# Listed codes one message is answered for, for the same reason: a pasted column of codes is a list
# people check row by row (more than one Slack message holds, behind "Show all"), so more of them than
# of drug names; 100 cost ~20 ms where the 667 codes of a 4,000-character paste of listed codes cost
# ~90 ms (bench: worst case, "listed codes").
MAX_CODES_ANSWERED = 100


def drug_row(draft: Draft, drug: Drug, code: str | None = None, findings: list[Finding] | None = None) -> str:
    """One row of a list: code, drug, what its first list says and the number to call. `findings`: the
    drug's, when the caller has them by drug (a list of hundreds would search them all for each)."""
    if findings is None:
        findings = [f for f in draft.findings if f.drug == drug.name]
    lead = lead_finding(findings)
    if lead is None:
        return f"{code + ' ' if code else ''}{drug.name}: {sentence('drug_not_found')}"
    said = brief(draft, drug, lead)
    short = draft.kb.program(lead.program).short if lead.program else ""
    # The list is named unless the few words name it, or whose prior authorization it is, already.
    who = through_name(draft.kb, lead)
    named = short in said or (who is not None and who in said)
    where = f" ({short})" if short and lead.status != "not-listed" and not named else ""
    call = f" — {lead.contact.phone}" if lead.contact and lead.contact.phone else ""
    more = len({f.program for f in findings if f.listed}) - 1
    also = phrase("on_more_lists", count=more, s="s" if more > 1 else "") if more > 0 else ""
    return f"{code + ' ' if code else ''}{drug.name}: {said}{where}{call}{also}"


def drug_headlines(draft: Draft, asked: list[tuple[Drug, list[ProgramId] | None]]) -> list[str]:
    """A headline per drug (with the programs its answer reports); drugs whose lines read the same
    (Procrit and Epogen) share one. From LIST_MIN drugs on, one compact row each, on lines of their own."""
    if len(asked) >= LIST_MIN:
        by_drug: dict[str, list[Finding]] = {}
        for finding in draft.findings:
            by_drug.setdefault(finding.drug, []).append(finding)
        return [
            phrase("drugs_count", count=len(asked)),
            *(drug_row(draft, d, findings=by_drug.get(d.name, [])) for d, _ in asked),
        ]
    said: dict[str, list[str]] = {}
    for drug, programs in asked:
        line = drug_headline(draft, drug, programs)
        rest = line[len(drug.name) :] if line.startswith(drug.name) else line
        said.setdefault(rest, []).append(drug.name)
    return [f"{' / '.join(names)}{rest}" for rest, names in said.items()]


def listed_words(words: list[str]) -> str:
    named = ", ".join(f"“{w}”" for w in words[:MAX_NAMED_UNKNOWN])
    rest = len(words) - MAX_NAMED_UNKNOWN
    return named + (phrase("and_more_words", count=rest, s="s" if rest > 1 else "") if rest > 0 else "")


def drugs_capped_note(answered: int, rest: list[str]) -> str:
    """What a message naming more than MAX_DRUGS_ANSWERED drugs was not answered for."""
    return sentence("drugs_capped_note", count=answered + len(rest), answered=answered, names=listed_words(rest))


def codes_capped_note(answered: int, rest: list[str]) -> str:
    """What a message with more than MAX_CODES_ANSWERED listed codes was not answered for."""
    return sentence("codes_capped_note", count=answered + len(rest), answered=answered, names=listed_words(rest))


def search_capped_note(words: int) -> str:
    """A message longer than the search reads (intents/reading/search.py MAX_SEARCHED_WORDS)."""
    return sentence("search_capped_note", words=words)


def unread_note(unread: list[str]) -> str:
    """What a message past the spelling look-ups' cap (intents/reading/entities.py) left unread."""
    words = list(dict.fromkeys(unread))
    return sentence("unread_note", words=listed_words(words), were="was" if len(words) == 1 else "were")


def unknown_notes(draft: Draft, q: Question) -> None:
    if q.found.unknown:
        draft.notes.append(sentence("unknown_note", words=listed_words(q.found.unknown)))
    for code in q.found.codes:
        if not code.known:
            draft.notes.append(sentence("code_not_printed", code=code.code))


def row_statement(draft: Draft, x: Listing) -> Statement:
    """One row as a cited statement, led by the names it prints (a list of rows must say whose they are)."""
    # One compact line per row (a list of rows is a table): the list, the row's facts, its markers by
    # symbol; what a marker means is said once for the whole answer (its legend).
    summary = f"{draft.kb.program(x.program).short}: {listing_detail(draft.kb, x)}"
    if x.requirement and x.description and not x.status_note:
        summary += f": {x.requirement.rstrip('.')}"
    if x.names:
        summary = f"{' / '.join(x.names)} — {summary}"
    for note in x.notes:
        draft.legend.setdefault((note.citation.source, note.symbol), legend_statement(draft.kb, x, note.symbol))
    return Statement(summary=summary, citations=listing_citations(x))


def _printed_together(some: list[Listing], others: list[Listing]) -> bool:
    """A list that prints both codes (Lupron Depot's two strengths, Stelara's two routes) is not a
    disagreement between documents."""
    return bool({x.program for x in some} & {x.program for x in others})


def code_disagreement(draft: Draft, drug: Drug, code: str) -> str | None:
    """'J9305' for Avastin on the SCO+ list, J9035 everywhere else: a code only some rows print for a drug
    is said to be one the documents disagree on (it may be a misprint, or another drug's code)."""
    with_code = [x for x in drug.listings if code in x.codes]
    others = [x for x in drug.listings if x.codes and code not in x.codes]
    if not with_code or not others or _printed_together(with_code, others):
        return None
    where = ", ".join(dict.fromkeys(draft.kb.program(x.program).short for x in with_code))
    by_codes: dict[str, list[str]] = {}
    for x in others:
        shorts = by_codes.setdefault(", ".join(x.codes), [])
        if draft.kb.program(x.program).short not in shorts:
            shorts.append(draft.kb.program(x.program).short)
    elsewhere = "; ".join(phrase("codes_on", codes=codes, lists=joined(shorts)) for codes, shorts in by_codes.items())
    return sentence("code_disagreement", drug=drug.name, code=code, where=where, elsewhere=elsewhere)


def other_payer_lead(payers: list[str], answered: bool) -> str:
    """Said first when a question names another payer or plan type: Cigna's rules are never theirs."""
    named = " or ".join([", ".join(payers[:-1]), payers[-1]]) if len(payers) > 1 else payers[0]
    lead = sentence("other_payer_lead", payers=named, s="" if len(payers) > 1 else "s")
    return f"{lead} {sentence('for_cigna')}" if answered else lead


_VERDICT = re.compile(r"^(Yes|No)\.\s+(?=\S)")


def quoted_line(title: str, date_note: str, said: str) -> str:
    """A sentence of a document, verbatim, with the document it is from; an FAQ answer's 'Yes.' or 'No.'
    leads outside the quote ('Yes — “…”: “All FDA-approved…”'), so the first sentence holds both."""
    verdict = _VERDICT.match(said)
    if verdict:
        rest = said[verdict.end() :]
        return sentence("quoted_verdict", verdict=verdict.group(1), title=title, date_note=date_note, sentence=rest)
    return sentence("quoted_line", title=title, date_note=date_note, sentence=said)


def not_said(unprinted: list[str], titles: list[str] | None = None) -> str:
    """The documents (or the named ones) have no line that carries what was asked: said, never an
    overview instead. Only words printed nowhere in them are said to be unmentioned."""
    said = sentence("not_said_in", titles=joined(titles)) if titles else sentence("not_said")
    return f"{said} {sentence('not_printed', words=listed_words(unprinted))}" if unprinted else said


def quote_items(draft: Draft, hit: Hit) -> list[str]:
    """The items a list's lead-in introduces ('… facilities include:'), each a cited statement; returns
    them quoted, for a headline that would otherwise stop at the colon."""
    if not hit.sentence.rstrip().endswith(":"):
        return []
    lead = hit.citations[-1]
    items = [p for p in draft.kb.passages if p.context and p.context[-1] == lead]
    for item in items:
        draft.statements.append(Statement(summary=f"“{item.text}”", citations=[*item.context, *item.citations]))
    return [f"“{item.text}”" for item in items]


def quote(draft: Draft, hits: list[Hit]) -> list[str]:
    """Each hit as a cited statement (the FAQ question it answers cited beside it); returns the
    sentences, each with its document, for a headline."""
    said = []
    for hit in hits:
        source = draft.kb.sources[hit.citation.source]
        for program in draft.kb.program_ids:
            if draft.kb.source_of(program).id == source.id:
                draft.use_program(program)
        draft.statements.append(Statement(summary=f"“{hit.sentence}”", citations=[*hit.context, *hit.citations]))
        said.append(quoted_line(source.title, source.date_note, hit.sentence))
    return said
