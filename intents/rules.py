"""The intent registry: each intent is a record (name, when it applies, handler, examples).

The first rule that applies answers. Help text is generated from this list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from intents.answer import Statement
from intents.answers import Draft, contact_line, listing_citations, listing_summary
from intents.dictionary import is_english
from intents.entities import DrugMatch
from intents.question import Question
from knowledge.models import PROGRAM_IDS, Drug, Listing, ProgramId, Rule

SITE_OF_CARE: tuple[ProgramId, ...] = ("sco", "sco_plus", "site_of_care_policy")
OVERVIEW_CITE_MAX_ROWS = 45  # the SCO+ list (40 rows) is still listed by name
CUSTOMER_SERVICE = re.compile(r"\bcustomer service\b|\bcigna(?:'s)? (?:phone|number)\b")


@dataclass(frozen=True)
class IntentRule:
    name: str
    summary: str
    applies: Callable[[Question], bool]
    handler: Callable[[Draft, Question], None]
    examples: tuple[str, ...] = ()


# -- shared pieces --------------------------------------------------------------------------------


def _label(drug: Drug) -> str:
    facts = [g for g in drug.generics[:1]] + list(drug.codes)
    return f"{drug.name} ({', '.join(facts)})" if facts else drug.name


def _verdict(draft: Draft, drug: Drug, program: ProgramId, listed: bool) -> str:
    short = draft.kb.program(program).short
    if not listed:
        return f"not on the {short}"
    rows = drug.listings_for(program)
    if program == "evicore_oncology":
        symbols = [{n.symbol for n in x.notes} for x in rows]
        if all("**" in marks for marks in symbols):  # pharmacy benefit only: not an eviCore medical precert
            return "on the eviCore oncology precert list" + _marker_terms(rows)
        dual = any("*" in marks for marks in symbols)
        verdict = "for oncology indications, " if dual else "yes, "
        verdict += "precertification through eviCore (on the eviCore oncology precert list)"
        return verdict + _marker_terms(rows)
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


def _marker_terms(rows: list[Listing]) -> str:
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


def _drug_headline(draft: Draft, drug: Drug, programs: list[ProgramId] | None) -> str:
    findings = [f for f in draft.findings if f.drug == drug.name]
    verdicts = [_verdict(draft, drug, f.program, f.listed) for f in findings]
    line = f"{_label(drug)}: " + "; ".join(verdicts) + "."
    if programs:
        elsewhere = [draft.kb.program(p).short for p in drug.programs() if p not in programs]
        if elsewhere:
            line += (" Also on: " if any(f.listed for f in findings) else " It is on: ") + ", ".join(elsewhere) + "."
    return line


def _drugs(draft: Draft, q: Question) -> list[tuple[Drug, DrugMatch]]:
    out: list[tuple[Drug, DrugMatch]] = []
    for m in q.found.drugs:
        drug = draft.kb.drugs[m.drug_id]
        if all(d.id != drug.id for d, _ in out):
            out.append((drug, m))
    return out


MAX_NAMED_UNKNOWN = 5  # a pasted page must not come back as a page of "couldn't find"


def _listed(words: list[str]) -> str:
    named = ", ".join(f"“{w}”" for w in words[:MAX_NAMED_UNKNOWN])
    rest = len(words) - MAX_NAMED_UNKNOWN
    return named + (f" and {rest} more word{'s' if rest > 1 else ''}" if rest > 0 else "")


def _unknown_notes(draft: Draft, q: Question) -> None:
    if q.found.unknown:
        draft.notes.append(
            f"I couldn't find {_listed(q.found.unknown)} in the loaded documents. That is not a yes or a no "
            "on prior authorization: check Cigna's current lists."
        )
    for code in q.found.codes:
        if not code.known:
            draft.notes.append(f"{code.code} does not appear in the loaded documents.")


def _answer_drugs(draft: Draft, q: Question, programs: list[ProgramId] | None) -> None:
    """The drug answer: findings per program, headline per drug, contacts of the listing programs."""
    for drug, match in _drugs(draft, q):
        draft.add_drug(drug, match)
        draft.add_findings(drug, programs)
    if q.found.ambiguities:
        draft.ask_to_clarify(q.found.ambiguities[0])
    else:
        draft.headline = " ".join(_drug_headline(draft, d, programs) for d, _ in _drugs(draft, q))
    # A name no document has is said next to the answer, never dropped: 'keytruda and humira'.
    alone = []
    for word, span in zip(q.found.unknown, q.found.unknown_spans, strict=True):
        before = q.found.name_before(span)
        # Only a word written right after the name, as one phrase: 'keytruda, humira' is a list.
        if before is not None and f"{before.text} {word}" in q.text:
            # 'opdivo qvantig': another product than the one the documents list, or not; say which was answered.
            name = draft.kb.drugs[before.drug_id].name
            draft.readings.append(
                f"“{word}” after {name} is in none of the loaded documents: this answer is about {name} as "
                f"the documents list it, not about a product called “{before.text} {word}”."
            )
        else:
            alone.append(word)
    if draft.status == "answered":
        if alone:  # said in the verdict, and the readings say the rest: no note repeating them
            draft.headline += f" {_listed(alone)}: not found in the loaded documents."
    else:
        _unknown_notes(draft, q)
    if q.topics:
        draft.add_rules(_topic_rules(draft, q))


def _topic_rules(draft: Draft, q: Question) -> list[Rule]:
    """Rules for the topics asked about; with drugs, only the rules of programs that list them."""
    programs: set[str] | None = set(q.programs) if q.programs else None
    if q.found.drugs:
        programs = {p for m in q.found.drugs for p in draft.kb.drugs[m.drug_id].programs()}
    rules: list[Rule] = []
    for topic in q.topics:
        for rule in draft.kb.rules(topic=topic):
            if (programs is None or rule.program in programs) and rule not in rules:
                rules.append(rule)
    return rules


# -- handlers -------------------------------------------------------------------------------------


def handle_help(draft: Draft, q: Question) -> None:
    draft.status = "help"
    draft.headline = (
        "Ask me about Cigna drug prior-authorization rules: I answer from the documents below and "
        "quote the lines I used."
    )
    for rule in REGISTRY:
        if rule.examples:
            draft.examples.append(f"{rule.summary} — e.g. “{rule.examples[0]}”")
    for program in PROGRAM_IDS:
        draft.use_program(program)


def handle_out_of_scope(draft: Draft, q: Question) -> None:
    draft.status = "out_of_scope"
    draft.headline = (
        "I can only answer questions about Cigna drug prior authorization from the loaded documents "
        "(eviCore oncology precert, site of care / SCO, home infusion, gene and cellular therapy). "
        "Try a drug name, a HCPCS code, or “help”."
    )
    draft.examples = [rule.examples[0] for rule in REGISTRY if rule.examples][:4]


def handle_not_found(draft: Draft, q: Question) -> None:
    draft.status = "not_found"
    words = _listed(q.found.unknown) or ", ".join(c.code for c in q.found.codes[:MAX_NAMED_UNKNOWN])
    draft.headline = (
        f"I couldn't find {words} in the loaded documents. That is not a yes or a no on prior "
        "authorization: check Cigna's current lists or call Cigna."
    )
    for program in q.programs or PROGRAM_IDS:
        draft.use_program(program)
    if "evicore_oncology" in q.programs:
        # 'methotrexate evicore': the letter's list is not the whole rule; what it says of unlisted
        # chemotherapy is the one sourced thing there is to say.
        draft.add_rules(draft.kb.rules(topic="unlisted"))


MAX_DESCRIBED_IN_HEADLINE = 6
MAX_MARKED_IN_HEADLINE = 12


def handle_marked_rows(draft: Draft, q: Question) -> None:
    heads = []
    for program, symbol in q.marked:
        rows = [x for x in draft.kb.listings if x.program == program and any(n.symbol == symbol for n in x.notes)]
        if not rows:
            continue
        note = next(n for n in rows[0].notes if n.symbol == symbol)
        draft.use_program(program)
        draft.contact_programs.append(program)
        draft.statements.append(Statement(summary=f"Marked {symbol}: {note.meaning}.", citations=[note.citation]))
        draft.statements += [_row_statement(draft, x) for x in rows]
        names = list(dict.fromkeys(n for x in rows for n in x.names[:1]))
        shown = ", ".join(names[:MAX_MARKED_IN_HEADLINE]) + (
            f" and {len(names) - MAX_MARKED_IN_HEADLINE} more" if len(names) > MAX_MARKED_IN_HEADLINE else ""
        )
        short = draft.kb.program(program).short
        heads.append(f"{len(rows)} rows of the {short} are marked {symbol} ({note.meaning}): {shown}.")
    draft.headline = " ".join(heads)


def _asks_about_described_rows(q: Question) -> bool:
    if not q.found.described or _has_drugs(q) or q.found.codes:
        return False
    # An ordinary word ('pump', 'factor') is about the home infusion list only when the question says so.
    return "home_infusion" in q.programs or not all(is_english(w) for w in q.found.described_by)


def handle_described_rows(draft: Draft, q: Question) -> None:
    rows = q.found.described
    draft.use_program("home_infusion")
    for x in rows:
        draft.statements.append(_row_statement(draft, x))
    shown = []
    for x in rows[:MAX_DESCRIBED_IN_HEADLINE]:
        what = (x.status_note or x.requirement or "").rstrip(".")
        shown.append(f"{x.codes[0] if x.codes else '(no code)'} “{x.description}”: {what}")
    more = f"; {len(rows) - len(shown)} more below" if len(rows) > len(shown) else ""
    words = " ".join(q.found.described_by)
    draft.headline = (
        f"The home infusion precert list has {len(rows)} row{'s' if len(rows) > 1 else ''} for “{words}”: "
        + "; ".join(shown)
        + more
        + "."
    )
    draft.contact_programs.append("home_infusion")
    _no_contact_fallback(draft)
    _unknown_notes(draft, q)


def handle_drug(draft: Draft, q: Question) -> None:
    _answer_drugs(draft, q, q.programs or None)


def handle_contacts(draft: Draft, q: Question) -> None:
    draft.contact_fields = q.contact_fields
    if q.found.drugs or q.found.ambiguities:
        _answer_drugs(draft, q, q.programs or None)
        for program in q.programs:  # asked for this program's number, listed or not
            if program not in draft.contact_programs:
                draft.contact_programs.append(program)
        if draft.status == "answered":
            _no_contact_fallback(draft)
            draft.headline = (_contact_lines(draft, q) + " " + draft.headline).strip()
        return
    programs: list[ProgramId | None] = list(q.programs) if q.programs else [*PROGRAM_IDS, None]
    if CUSTOMER_SERVICE.search(q.text):
        programs = [None]
    for program in programs:
        if program not in draft.contact_programs:
            draft.contact_programs.append(program)
        if program:
            draft.use_program(program)
    _no_contact_fallback(draft)
    draft.headline = _contact_lines(draft, q)


def _no_contact_fallback(draft: Draft) -> None:
    """Some documents print no phone (the home infusion list): say so, and give Cigna's general line."""
    if any(draft.kb.contacts(p) for p in draft.contact_programs if p) or None in draft.contact_programs:
        return
    silent = [p for p in draft.programs_used if not draft.kb.contacts(p)]
    names = ", ".join(draft.kb.program(p).short for p in silent) or "that document"
    draft.notes.append(
        f"The {names} prints no phone or fax. The general Cigna Customer Service line below is printed in "
        "the eviCore letter (2017)."
    )
    draft.contact_programs.append(None)


FIELD_NAMES = {
    "phone": "phone number",
    "fax": "fax number",
    "email": "email address",
    "url": "website",
    "hours": "hours",
}


def _contact_lines(draft: Draft, q: Question) -> str:
    from intents.answers import contact_ref

    fields = q.contact_fields or None
    if fields and "phone" not in fields and "hours" in fields:
        fields = ["phone", *fields]
    lines = []
    seen: list[list[str]] = []
    for program in draft.contact_programs:
        pool = [contact_ref(c) for c in (draft.kb.contacts(program) if program else draft.kb.general_contacts)]
        teams = sorted(ref.label for ref in pool)
        if teams in seen:  # SCO, SCO+ and the policy share the SCO team: said once
            continue
        seen.append(teams)
        missing = [f for f in fields or () if not any(getattr(ref, f) for ref in pool)]
        if pool and missing:
            # 'evicore fax': the documents print none. Say so, and give what they do print instead.
            what = " or ".join(FIELD_NAMES[f] for f in missing)
            whom = draft.kb.program(program).name if program else "Cigna Customer Service"
            lines.append(f"The documents print no {what} for {whom}")
        shown = [f for f in fields or () if f not in missing] or (["phone", "url"] if missing else fields)
        for ref in pool:
            line = contact_line(ref, shown)
            if line and line not in lines:
                lines.append(line)
    return ". ".join(lines) + ("." if lines else "")


def handle_policy(draft: Draft, q: Question) -> None:
    rules = _topic_rules(draft, q)
    if not rules and q.programs:
        # 'what does SCO+ mean?': no rule on that topic, but the program itself is the question.
        draft.intent = "program_overview"
        handle_program_overview(draft, q)
        return
    if not rules:
        handle_out_of_scope(draft, q)
        return
    draft.add_rules(rules)
    draft.headline = draft.statements[0].summary
    for rule in rules:
        program = "sco" if rule.program in SITE_OF_CARE else rule.program
        if program not in draft.contact_programs:
            draft.contact_programs.append(program)


def _programs_named(q: Question) -> list[ProgramId]:
    """'site of care policy' names the policy, not all three site-of-care programs it otherwise brings."""
    if "site_of_care_policy" in q.programs and re.search(r"\bpolicy\b", q.text):
        return ["site_of_care_policy"]
    return list(q.programs)


def handle_program_overview(draft: Draft, q: Question) -> None:
    for program in _programs_named(q):
        draft.use_program(program)
        draft.contact_programs.append(program)
        rows = [x for x in draft.kb.listings if x.program == program]
        record = draft.kb.program(program)
        names = sorted({n for x in rows for n in x.names}) or []
        summary = f"{record.name}: the {record.short} ({draft.kb.source_of(program).date_note}) has {len(rows)} rows."
        citations = []
        if len(rows) <= OVERVIEW_CITE_MAX_ROWS:
            summary += " It names: " + ", ".join(names) + "."
            citations = [c for x in rows for c in listing_citations(x)]
        draft.statements.append(Statement(summary=summary, citations=citations))
        draft.add_rules(list(draft.kb.program(program).rules))
    draft.headline = draft.statements[0].summary + " Ask about a drug by name or HCPCS code."
    if q.asks_date:
        draft.headline = " ".join(_program_dates(draft, q))


def _row_statement(draft: Draft, x: Listing) -> Statement:
    """One row as a cited statement, led by the names it prints (a list of rows must say whose they are)."""
    summary = listing_summary(draft.kb, x)
    if x.names:
        summary = f"{' / '.join(x.names)} — {summary}"
    return Statement(summary=summary, citations=listing_citations(x))


def _program_dates(draft: Draft, q: Question) -> list[str]:
    """'when was the site of care policy updated?', 'what was added to SCO+ in 2022?': from the
    documents' own dates and the rows' date-added column."""
    programs = _programs_named(q)
    lines = []
    by_source: dict[str, list[str]] = {}
    for program in programs:
        by_source.setdefault(draft.kb.source_of(program).id, []).append(draft.kb.program(program).short)
    for source_id, shorts in by_source.items():
        source = draft.kb.sources[source_id]
        lines.append(f"The {' and the '.join(shorts)}: “{source.title}”, {source.date_note}.")
    year = re.search(r"\b(20[0-9]{2})\b", q.text)
    if year:
        added = [x for x in draft.kb.listings if x.program in programs and year[1] in (x.date_added or "")]
        for x in reversed(added):
            draft.statements.insert(0, _row_statement(draft, x))
        # A list without a date-added column may mark the rows added in a year (eviCore's ***).
        for program in programs:
            rows = [x for x in draft.kb.listings if x.program == program]
            marked = [(x, n) for x in rows for n in x.notes if year[1] in n.meaning]
            if marked:
                note = marked[0][1]
                short = draft.kb.program(program).short
                lines.append(f"{len(marked)} rows of the {short} are marked {note.symbol}: {note.meaning}.")
                legend = Statement(summary=f"Marked {note.symbol}: {note.meaning}.", citations=[note.citation])
                draft.statements[0:0] = [legend, *(_row_statement(draft, x) for x, _ in marked)]
                added += [x for x, _ in marked]
        if added and any(x.date_added for x in added):
            names = ", ".join(
                f"{'/'.join(x.names)} ({x.date_added}, {draft.kb.program(x.program).short})" for x in added
            )
            lines.append(f"Added in {year[1]}: {names}.")
        elif not added:
            lines.append(f"No row of these lists says it was added in {year[1]}.")
    return lines


def handle_dates(draft: Draft, q: Question) -> None:
    _answer_drugs(draft, q, q.programs or None)
    if draft.status != "answered":
        return
    lines = []
    for drug, _ in _drugs(draft, q):
        facts = []
        for x in drug.listings:
            if q.programs and x.program not in q.programs:
                continue
            short = draft.kb.program(x.program).short
            if x.date_added:
                facts.append(f"added to the {short} in {x.date_added}")
            for note in x.notes:
                if note.symbol == "***":
                    facts.append("on the eviCore list from 01/01/2018 (marked ***)")
        if facts:
            lines.append(f"{drug.name}: " + "; ".join(dict.fromkeys(facts)) + ".")
        else:
            lines.append(f"The documents print no date for when {drug.name} was added; see each list's date below.")
    draft.headline = " ".join(lines)


def handle_codes(draft: Draft, q: Question) -> None:
    """Code -> drug, and drug -> code."""
    if q.found.drugs:
        _answer_drugs(draft, q, q.programs or None)
        if draft.status != "answered":
            return
        lines = []
        for drug, _ in _drugs(draft, q):
            per_code: dict[str, list[str]] = {}
            for x in drug.listings:
                for code in x.codes:
                    per_code.setdefault(code, [])
                    short = draft.kb.program(x.program).short
                    if short not in per_code[code]:
                        per_code[code].append(short)
            if per_code:
                parts = [f"{c} ({'; '.join(where)})" for c, where in per_code.items()]
                disputed = any(_code_disagreement(draft, drug, c) for c in per_code)
                differ = " The documents print different codes for it." if disputed else ""
                lines.append(f"{drug.name} codes in these documents: " + ", ".join(parts) + "." + differ)
            else:
                lines.append(f"The documents print no HCPCS code for {drug.name} (oral drugs show #N/A).")
        draft.headline = " ".join(lines)
        return
    known = [c for c in q.found.codes if c.known]
    if not known:
        handle_not_found(draft, q)
        return
    heads = []
    for code_match in known:
        code = draft.kb.codes[code_match.code]
        drugs = draft.kb.drugs_with_code(code.code)
        if code.unclassified:
            heads.append(_unclassified(draft, code.code, drugs))
            continue
        if drugs:
            for drug in drugs:
                draft.add_drug(drug, DrugMatch(drug.id, "code", 100.0, code_match.text, 0, 0))
                draft.add_findings(drug, q.programs or None)
            names = " and ".join(_label(d) for d in drugs)
            heads.append(f"{code.code} is {names} in these documents.")
            for drug in drugs:
                heads.append(_drug_headline(draft, drug, q.programs or None))
                disagreement = _code_disagreement(draft, drug, code.code)
                if disagreement:
                    heads.append(disagreement)
        else:
            rows = draft.kb.listings_with_code(code.code)
            for x in rows:
                draft.use_program(x.program)
                draft.statements.append(_row_statement(draft, x))
            heads.append(f"{code.code} names no specific drug; the rows that list it are below.")
    _unknown_notes(draft, q)
    draft.headline = " ".join(heads)


def _printed_together(some: list[Listing], others: list[Listing]) -> bool:
    """A list that prints both codes (Lupron Depot's two strengths, Stelara's two routes) is not a
    disagreement between documents."""
    return bool({x.program for x in some} & {x.program for x in others})


def _code_disagreement(draft: Draft, drug: Drug, code: str) -> str | None:
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


def _unclassified(draft: Draft, code: str, drugs: list[Drug]) -> str:
    rows: list[Listing] = draft.kb.listings_with_code(code)
    for x in rows:
        draft.use_program(x.program)
        draft.statements.append(_row_statement(draft, x))
    # What the code's own rows say (the home infusion list: precert through Cigna for anything billed
    # under it at home) comes first; which drug it is decides every other list.
    own = [x for x in rows if x.description and x.requirement]
    head = f"{code} is an unclassified (not otherwise classified) code: it doesn't say which drug is given."
    for x in own:
        head += f" The {draft.kb.program(x.program).short} prints it as “{x.description}”: {x.requirement.rstrip('.')}."
    if drugs:
        names = ", ".join(d.name for d in drugs)
        head += (
            f" The documents file these drugs under {code}: {names}. Ask about the drug by name for its own listings."
        )
    else:
        head += " No drug in the documents is filed under it: ask about the drug by name."
    return head


# -- the registry ---------------------------------------------------------------------------------


def _has_drugs(q: Question) -> bool:
    return bool(q.found.drugs or q.found.ambiguities)


REGISTRY: tuple[IntentRule, ...] = (
    IntentRule("help", "What I can answer", lambda q: q.asks_help, handle_help, ("help",)),
    IntentRule(
        "code_lookup",
        "Look up a HCPCS/CPT code, or a drug's codes",
        lambda q: bool(q.found.codes) and not _has_drugs(q),
        handle_codes,
        ("J9271?", "what is the HCPCS code for Tecentriq?"),
    ),
    IntentRule(
        "marked_rows",
        "The rows a marker or footnote picks out (pharmacy benefit only, dual indication, both SCO lists)",
        lambda q: bool(q.marked) and not _has_drugs(q) and not q.found.codes,
        handle_marked_rows,
        ("which eviCore drugs are pharmacy benefit only?",),
    ),
    IntentRule(
        "home_infusion_service",
        "Home infusion services and products the list describes rather than names (TPN, enteral, factor VIII)",
        _asks_about_described_rows,
        handle_described_rows,
        ("is TPN covered for home infusion?",),
    ),
    IntentRule(
        "not_found",
        "Names no document has are said to be not found",
        lambda q: bool(q.found.unknown) and not _has_drugs(q),
        handle_not_found,
    ),
    IntentRule(
        "policy",
        "Site-of-care and program rules (hospital outpatient criteria, 30-day transition, six-month continuity, REMS)",
        lambda q: bool(q.topics) and not _has_drugs(q) and not q.asks_contact,
        handle_policy,
        (
            "is there a transition period for patients moving from hospital outpatient?",
            "what are the criteria for hospital outpatient infusion?",
        ),
    ),
    IntentRule(
        "contacts",
        "Phone, fax, email, hours and web portal for each program",
        lambda q: q.asks_contact,
        handle_contacts,
        ("who do I call for Zolgensma PA, and the fax?", "evicore hours?"),
    ),
    IntentRule(
        "program_overview",
        "What a program's list covers",
        lambda q: bool(q.programs) and not _has_drugs(q) and not q.found.codes,
        handle_program_overview,
        ("what's on the cellular therapy list?",),
    ),
    IntentRule(
        "dates",
        "When a drug was added to a list, and each document's date",
        lambda q: _has_drugs(q) and q.asks_date,
        handle_dates,
        ("when was Ocrevus added to the SCO list?",),
    ),
    IntentRule(
        "code_lookup",
        "A drug's HCPCS codes",
        lambda q: _has_drugs(q) and q.asks_code,
        handle_codes,
    ),
    IntentRule(
        "evicore",
        "eviCore oncology precertification",
        lambda q: _has_drugs(q) and "evicore_oncology" in q.programs,
        handle_drug,
        ("does Keytruda need eviCore precert?",),
    ),
    IntentRule(
        "home_infusion",
        "Home infusion precertification",
        lambda q: _has_drugs(q) and "home_infusion" in q.programs,
        handle_drug,
        ("is home infusion allowed for Ocrevus?",),
    ),
    IntentRule(
        "site_of_care",
        "Site of care: SCO, SCO+ and the coverage policy",
        lambda q: _has_drugs(q) and any(p in q.programs for p in SITE_OF_CARE),
        handle_drug,
        ("is Tysabri subject to site of care redirection?",),
    ),
    IntentRule(
        "gene_therapy",
        "Gene Therapy Program",
        lambda q: _has_drugs(q) and "gene_therapy" in q.programs,
        handle_drug,
        ("is Zolgensma a gene therapy program drug?",),
    ),
    IntentRule(
        "cellular_therapy",
        "Advanced Cellular Therapy Program (CAR-T)",
        lambda q: _has_drugs(q) and "cellular_therapy" in q.programs,
        handle_drug,
        ("does Kymriah go through the cellular therapy program?",),
    ),
    IntentRule(
        "prior_auth",
        "Does a drug need prior authorization, and through whom",
        _has_drugs,
        handle_drug,
        ("does Ocrevus need prior auth?", "what about Tysabri?"),
    ),
    IntentRule("out_of_scope", "Anything else", lambda q: True, handle_out_of_scope),
)


def choose(q: Question) -> IntentRule:
    return next(rule for rule in REGISTRY if rule.applies(q))
