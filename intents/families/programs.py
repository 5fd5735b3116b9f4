"""What a program's list covers, and when its document and rows are dated ('what was added to SCO+ in 2022?')."""

from __future__ import annotations

import re

from intents.answer import Statement
from intents.draft import Draft, edition_memo, listing_citations
from intents.drug_answer import has_drugs
from intents.families.documents import sources_of_question
from intents.families.passages import asks_program_rows, offer_nearest
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question, asks
from intents.registry import NO_SUBJECT, Cue, intent
from intents.wording import not_said, quote, row_statement
from intents.wording_table import joined, phrase, sentence
from knowledge.kb import KnowledgeBase
from knowledge.models import ProgramId

COUNT_WORDS = asks("count")
POLICY_LAYOUT = "policy"  # the manifest's layout of a coverage policy (knowledge/parsers/policy.py)
OVERVIEW_CITE_MAX_ROWS = 45  # the SCO+ list (40 rows) is still listed by name
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_YEAR = re.compile(r"\b(" + "|".join(m[:3] + f"(?:{m[3:]})?" for m in MONTHS) + r")\.?,?\s+(20[0-9]{2})\b")


def _month_name(typed: str) -> str:
    return next(m for m in MONTHS if m.startswith(typed[:3])).capitalize()


def programs_named(kb: KnowledgeBase, q: Question) -> list[ProgramId]:
    """'site of care policy' names the policy, not all three site-of-care programs it otherwise brings."""
    policies = [p for p in q.programs if kb.program(p).layout == POLICY_LAYOUT]
    if policies and re.search(r"\bpolicy\b", q.text):
        return policies
    # A program named only as where the patient is, or as a route offered ('through cigna or evicore'),
    # is not the one asked about when another is named.
    return [p for p in q.programs if p not in q.context_programs] or list(q.programs)


@intent(
    "program_overview",
    order=80,
    when=lambda q: bool(q.programs) and not has_drugs(q) and not q.found.codes,
    needs=Cue.PROGRAMS,
    never=NO_SUBJECT,
)
def handle_program_overview(draft: Draft, q: Question) -> None:
    words = q.topic_words()
    if words and not q.asks_date and not asks_program_rows(q):
        # Asked for a fact about the program that no line of its document carries (document_search
        # answers when one does): say so, never an overview in place of the fact asked for.
        draft.status = "out_of_scope"
        titles = list(dict.fromkeys(draft.kb.source_of(p).title for p in programs_named(draft.kb, q)))
        draft.headline = not_said(q.unmentioned_names(), titles)
        # Nearest in the named documents, else in any (the home infusion list prints no prose).
        if offer_nearest(draft, q, sources_of_question(q)) or offer_nearest(draft, q):
            draft.headline = phrase("not_sure")
        for program in programs_named(draft.kb, q):
            draft.use_program(program)
            if program not in draft.contact_programs:
                draft.contact_programs.append(program)
        if not any(p is None or draft.kb.contacts(p) for p in draft.contact_programs):
            draft.contact_programs.append(None)  # a list printing no number: Cigna Customer Service
        return
    for program in programs_named(draft.kb, q):
        draft.use_program(program)
        draft.contact_programs.append(program)
        draft.statements.append(edition_memo(draft.kb, ("rows_counted", program), _rows_counted, draft, program))
        draft.add_rules(list(draft.kb.program(program).rules))
    draft.headline = _lists_named(draft, q) + " " + sentence("program_ask_by_drug")
    described = (
        None
        if q.asks_date or COUNT_WORDS.search(q.text) or q.searcher is None
        else q.searcher.asked_like(q.norm.clean, set(sources_of_question(q) or ()))
    )
    if described is not None:
        # 'what does SCO+ stand for?', 'what do the gene therapy programs do?': the passage that says
        # it leads; the lists' counts follow.
        lead = quote(draft, [described])
        draft.statements.insert(0, draft.statements.pop())
        name = draft.kb.program(programs_named(draft.kb, q)[0]).name
        draft.headline = f"{name} — {' '.join(lead)}"
    if q.asks_date:
        draft.headline = " ".join(_program_dates(draft, q))


def _lists_named(draft: Draft, q: Question) -> str:
    """The first sentence of an overview: the program's rows counted; when a listing question names
    several programs' lists ('which drugs need site-of-care review?'), each list with its date and rows."""
    programs = programs_named(draft.kb, q)
    if len(programs) < 2 or not asks_program_rows(q):
        return draft.statements[0].summary
    items = [
        phrase(
            "program_list_item",
            list=draft.kb.program(p).short,
            date=draft.kb.source_of(p).date_note,
            count=sum(1 for x in draft.kb.listings if x.program == p),
        )
        for p in programs
    ]
    return sentence("programs_lists", count=len(items), lists=joined([", ".join(items[:-1]), items[-1]], "and"))


def _rows_counted(draft: Draft, program: ProgramId) -> Statement:
    """How many rows a program's list has, and how many drugs and codes they name, counted from the
    rows (each cited when the list is short enough to name them all): once per edition and program."""
    rows = [x for x in draft.kb.listings if x.program == program]
    record = draft.kb.program(program)
    names = sorted({n for x in rows for n in x.names})
    codes = {c for x in rows for c in x.codes}
    counted = [sentence("program_counted_names", count=len(names))] if names else []
    counted += [sentence("program_counted_codes", count=len(codes))] if codes else []
    summary = sentence(
        "program_rows",
        name=record.name,
        list=record.short,
        date=draft.kb.source_of(program).date_note,
        count=len(rows),
        counted=f" ({', '.join(counted)})" if counted else "",
    )
    citations = []
    if len(rows) <= OVERVIEW_CITE_MAX_ROWS:
        summary += " " + sentence("program_names", names=", ".join(names)) if names else ""
        citations = [c for x in rows for c in listing_citations(x)]
    return Statement(summary=summary, citations=citations)


_TESTS = {"<": lambda a, b: a < b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "!=": lambda a, b: a != b}


def _year_relation(before: str) -> dict | None:
    """How the year asked relates to the years wanted ('before 2018'), from the words right before it."""
    return next((r for r in phrasing_data()["when"]["year_relations"] if re.search(r["words"], before)), None)


def _added_relative(draft: Draft, programs: list[ProgramId], year: int, relation: dict) -> list[str]:
    """'which drugs were added to the SCO list before 2018?': the rows whose date-added year passes."""
    test, when = _TESTS[relation["test"]], relation["said"].format(year=year)
    dated = [
        (x, re.search(r"\b(20[0-9]{2})\b", x.date_added or "")) for x in draft.kb.listings if x.program in programs
    ]
    added = [x for x, y in dated if y and test(int(y[1]), year)]
    for x in reversed(added):
        draft.statements.insert(0, row_statement(draft, x))
    if not added:
        return [sentence("none_added_when", when=when)]
    names = ", ".join(f"{'/'.join(x.names)} ({x.date_added}, {draft.kb.program(x.program).short})" for x in added)
    return [sentence("added_when", when=when, names=names, count=len(added))]


def _documents_dated(draft: Draft, programs: list[ProgramId]) -> list[str]:
    """Each named list's document with its date, one sentence per document."""
    by_source: dict[str, list[str]] = {}
    for program in programs:
        by_source.setdefault(draft.kb.source_of(program).id, []).append(draft.kb.program(program).short)
    return [
        sentence("program_document", lists=joined(shorts), title=source.title, date=source.date_note)
        for source_id, shorts in by_source.items()
        for source in [draft.kb.sources[source_id]]
    ]


def _program_dates(draft: Draft, q: Question) -> list[str]:
    """'when was the site of care policy updated?', 'what was added to SCO+ in 2022?': from the
    documents' own dates and the rows' date-added column."""
    programs = programs_named(draft.kb, q)
    # What was added leads; the documents' dates follow.
    dated, lines = _documents_dated(draft, programs), []
    if re.search(phrasing_data()["when"]["document_year"], q.text):
        return dated  # 'the SCO list from 2022': the year is the document's, said with its date
    year = re.search(r"\b(20[0-9]{2})\b", q.text)
    month = MONTH_YEAR.search(q.text)
    if month:
        # 'added to SCO in March 2019': that month's rows, not the whole year's.
        when = f"{_month_name(month[1])} {month[2]}"
        added = [x for x in draft.kb.listings if x.program in programs and (x.date_added or "").lower() == when.lower()]
        for x in reversed(added):
            draft.statements.insert(0, row_statement(draft, x))
        if added:
            names = ", ".join(f"{'/'.join(x.names)} ({draft.kb.program(x.program).short})" for x in added)
            lines.append(sentence("added_in", when=when, names=names, count=len(added)))
        else:
            lines.append(sentence("none_added_in", when=when))
        return [*lines, *dated]
    relation = _year_relation(q.text[: year.start()]) if year else None
    if year and relation:
        return [*_added_relative(draft, programs, int(year[1]), relation), *dated]
    if year:
        added = [x for x in draft.kb.listings if x.program in programs and year[1] in (x.date_added or "")]
        for x in reversed(added):
            draft.statements.insert(0, row_statement(draft, x))
        # A list without a date-added column may mark the rows added in a year (eviCore's ***).
        for program in programs:
            rows = [x for x in draft.kb.listings if x.program == program]
            marked = [(x, n) for x in rows for n in x.notes if year[1] in n.meaning]
            if marked:
                note = marked[0][1]
                short = draft.kb.program(program).short
                lines.append(
                    sentence(
                        "rows_marked_dated", count=len(marked), list=short, symbol=note.symbol, meaning=note.meaning
                    )
                )
                legend = Statement(
                    summary=f"{phrase('marker_label', symbol=note.symbol)}: {note.meaning}.", citations=[note.citation]
                )
                draft.statements[0:0] = [legend, *(row_statement(draft, x) for x, _ in marked)]
                added += [x for x, _ in marked]
        if added and any(x.date_added for x in added):
            names = ", ".join(
                f"{'/'.join(x.names)} ({x.date_added}, {draft.kb.program(x.program).short})" for x in added
            )
            lines.append(sentence("added_in", when=year[1], names=names, count=len(added)))
        elif not added:
            lines.append(sentence("none_added_in", when=year[1]))
    return [*lines, *dated]
