"""The sentences every intent family shares: how a drug is labelled, how a listing is said as a verdict,
how unknown words and row lists are said, and the fixed headlines. One place, so an answer reads the
same whichever family built it. Family-specific sentences stay in their family module."""

from __future__ import annotations

from intents.answer import Statement
from intents.answers import Draft, listing_citations, listing_summary
from intents.question import Question
from knowledge.models import Drug, Listing, ProgramId

MAX_NAMED_UNKNOWN = 5  # a pasted page must not come back as a page of "couldn't find"

HELP_HEADLINE = (
    "Ask me about Cigna drug prior-authorization rules: I answer from the documents below and quote the lines I used."
)
OUT_OF_SCOPE_HEADLINE = (
    "I can only answer questions about Cigna drug prior authorization from the loaded documents "
    "(eviCore oncology precert, site of care / SCO, home infusion, gene and cellular therapy). "
    "Try a drug name, a HCPCS code, or “help”."
)
NOT_FOUND_HEADLINE = (
    "I couldn't find {words} in the loaded documents. That is not a yes or a no on prior "
    "authorization: check Cigna's current lists or call Cigna."
)
UNKNOWN_NOTE = (
    "I couldn't find {words} in the loaded documents. That is not a yes or a no on prior authorization: "
    "check Cigna's current lists."
)
NO_CONTACT_NOTE = (
    "The {names} prints no phone or fax. The general Cigna Customer Service line below is printed in {where}."
)

OTHER_PAYER_LEAD = "These documents cover Cigna's plans only: they don't say what {payers} require{s}."
FOR_CIGNA = "What they say for Cigna:"

NOT_SAID = "No line of the loaded documents answers that."
NOT_SAID_IN = "No line of the {titles} answers that."
NOT_PRINTED = "They never mention {words}."

FIELD_NAMES = {
    "phone": "phone number",
    "fax": "fax number",
    "email": "email address",
    "url": "website",
    "hours": "hours",
}


def label(drug: Drug) -> str:
    facts = [g for g in drug.generics[:1]] + list(drug.codes)
    return f"{drug.name} ({', '.join(facts)})" if facts else drug.name


def verdict(draft: Draft, drug: Drug, program: ProgramId, listed: bool) -> str:
    short = draft.kb.program(program).short
    if not listed:
        return f"not on the {short}"
    rows = drug.listings_for(program)
    if program == "evicore_oncology":
        symbols = [{n.symbol for n in x.notes} for x in rows]
        if all("**" in marks for marks in symbols):  # pharmacy benefit only: not an eviCore medical precert
            return "on the eviCore oncology precert list" + marker_terms(rows)
        dual = any("*" in marks for marks in symbols)
        said = "for oncology indications, " if dual else "yes, "
        said += "precertification through eviCore (on the eviCore oncology precert list)"
        return said + marker_terms(rows)
    if program == "home_infusion":
        moved = [x.status_note for x in rows if x.status_note]
        if moved and len(moved) == len(rows):
            return f"on the home infusion list, marked “{moved[0]}”"
        return "on the home infusion precert list: precert through Cigna"
    if program in ("sco", "sco_plus"):
        added = next((x.date_added for x in rows if x.date_added), None)
        return f"on the {short}" + (f" since {added}" if added else "")
    if program == "site_of_care_policy":
        return "named in the site-of-care coverage policy"
    return f"yes, prior authorization through the {draft.kb.program(program).name}"


def marker_terms(rows: list[Listing]) -> str:
    """The row markers in words, in the verdict itself: '*' changes who to ask, '**' which benefit."""
    per_row = [(x, x.notes) for x in rows if x.notes]
    if not per_row:
        return ""
    if len(rows) == 1:
        terms = [f"{n.meaning} (marked {n.symbol})" for n in per_row[0][1]]
    else:  # say which row a marker belongs to: Temodar's *** is on its IV row only
        terms = [
            f"for {x.codes[0] if x.codes else 'the oral row'}, {n.meaning} (marked {n.symbol})"
            for x, notes in per_row
            for n in notes
        ]
    return " — " + "; ".join(dict.fromkeys(terms))


def drug_headline(draft: Draft, drug: Drug, programs: list[ProgramId] | None) -> str:
    findings = [f for f in draft.findings if f.drug == drug.name]
    verdicts = [verdict(draft, drug, f.program, f.listed) for f in findings]
    line = f"{label(drug)}: " + "; ".join(verdicts) + "."
    if programs:
        elsewhere = [draft.kb.program(p).short for p in drug.programs() if p not in programs]
        if elsewhere:
            line += (" Also on: " if any(f.listed for f in findings) else " It is on: ") + ", ".join(elsewhere) + "."
    return line


def listed_words(words: list[str]) -> str:
    named = ", ".join(f"“{w}”" for w in words[:MAX_NAMED_UNKNOWN])
    rest = len(words) - MAX_NAMED_UNKNOWN
    return named + (f" and {rest} more word{'s' if rest > 1 else ''}" if rest > 0 else "")


def unknown_notes(draft: Draft, q: Question) -> None:
    if q.found.unknown:
        draft.notes.append(UNKNOWN_NOTE.format(words=listed_words(q.found.unknown)))
    for code in q.found.codes:
        if not code.known:
            draft.notes.append(f"{code.code} does not appear in the loaded documents.")


def row_statement(draft: Draft, x: Listing) -> Statement:
    """One row as a cited statement, led by the names it prints (a list of rows must say whose they are)."""
    summary = listing_summary(draft.kb, x)
    if x.names:
        summary = f"{' / '.join(x.names)} — {summary}"
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
    elsewhere = "; ".join(f"{codes} on the {' and the '.join(shorts)}" for codes, shorts in by_codes.items())
    return f"The documents disagree on {drug.name}'s code: {code} on the {where}; {elsewhere}."


def other_payer_lead(payers: list[str], answered: bool) -> str:
    """Said first when a question names another payer or plan type: Cigna's rules are never theirs."""
    named = " or ".join([", ".join(payers[:-1]), payers[-1]]) if len(payers) > 1 else payers[0]
    lead = OTHER_PAYER_LEAD.format(payers=named, s="" if len(payers) > 1 else "s")
    return f"{lead} {FOR_CIGNA}" if answered else lead


def quoted_line(title: str, date_note: str, sentence: str) -> str:
    """A sentence of a document, verbatim, with the document it is from."""
    return f"“{title}” ({date_note}): “{sentence}”"


def not_said(unprinted: list[str], titles: list[str] | None = None) -> str:
    """The documents (or the named ones) have no line that carries what was asked: said, never an
    overview instead. Only words printed nowhere in them are said to be unmentioned."""
    said = NOT_SAID_IN.format(titles=" and the ".join(titles)) if titles else NOT_SAID
    return f"{said} {NOT_PRINTED.format(words=listed_words(unprinted))}" if unprinted else said
