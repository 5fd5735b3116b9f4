"""Which editions of the documents are loaded, from the manifest's dates (rule 4): 'is your eviCore list
the 2024 version?' -> 'No — … November 2017', 'which of your documents is the oldest?' -> the documents by
date. Each date cited where the document prints it; an undated document is said to be undated, never
given a year of its own."""

from __future__ import annotations

import re
from functools import cache

from intents.answer import Statement
from intents.draft import Draft
from intents.drug_answer import has_drugs
from intents.families.programs import programs_named
from intents.phrasing.words import phrasing_data
from intents.reading.literal_gate import gated
from intents.reading.question import Question
from intents.registry import NO_SUBJECT, intent
from intents.wording_table import joined
from knowledge.models import Source

_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["edition_asked"][key]))


def _say(key: str, **values: str) -> str:
    return phrasing_data()["edition_asked"][key].format(**values)


def _dated(source: Source) -> bool:
    return not source.date_note.startswith(phrasing_data()["edition_asked"]["undated"])


def _asks_an_edition(q: Question) -> bool:
    """A named list's edition asked ('is your eviCore list the 2024 version?', 'what version of the SCO
    list do you have?') or asserted ('the eviCore list is from 2017, right?')."""
    asked = _pattern("version").search(q.text) or (q.phrasing.asserted and _pattern("dated").search(q.text))
    return (
        bool(q.programs)
        and not has_drugs(q)
        and not q.found.codes
        and bool(asked)
        and not _pattern("changes").search(q.text)
    )


def _asks_documents_by_date(q: Question) -> bool:
    """The documents compared by date, no list named ('which of your documents is the oldest?')."""
    return (
        not q.programs
        and not has_drugs(q)
        and not q.found.codes
        and bool(_pattern("documents").search(q.text))
        and bool(_pattern("by_date").search(q.text))
        and not _pattern("changes").search(q.text)
    )


def _cite_date(draft: Draft, source: Source, summary: str) -> None:
    citations = [source.date_citation] if source.date_citation else []
    draft.statements.append(Statement(summary=summary, citations=citations))


@intent("edition_asked", order=48, when=_asks_an_edition, never=NO_SUBJECT)
def handle_edition_asked(draft: Draft, q: Question) -> None:
    typed = _YEAR.search(q.text)
    leads = []
    programs = list(q.phrasing.lists) or programs_named(draft.kb, q)  # 'the SCO list': that list, not its group
    for source_id, shorts in _sources_of(draft, programs).items():
        source = draft.kb.sources[source_id]
        values = {"lists": joined(shorts, "and_the"), "title": source.title, "date": source.date_note}
        if _pattern("newer").search(q.text):
            key = "newer_asked"  # 'is there a newer version than 2017?': no document says what came after it
        elif not _dated(source):
            key = "undated" + ("_asked" if typed else "_lead")
        elif typed is None:
            key = "dated_lead"
        else:
            key = ("asserted_" if q.phrasing.asserted else "") + (
                "same_year" if str(source.year) == typed.group(1) else "other_year"
            )
        leads.append(_say(key, year=typed.group(1) if typed else "", **values))
        _cite_date(draft, source, leads[-1])
    draft.headline = " ".join(leads)
    draft.contact_programs.extend(programs)


def _sources_of(draft: Draft, programs: list[str]) -> dict[str, list[str]]:
    by_source: dict[str, list[str]] = {}
    for program in programs:
        by_source.setdefault(draft.kb.source_of(program).id, []).append(draft.kb.program(program).short)
    return by_source


@intent("documents_by_date", order=47, when=_asks_documents_by_date, never=NO_SUBJECT)
def handle_documents_by_date(draft: Draft, q: Question) -> None:
    shorts = _sources_of(draft, list(draft.kb.program_ids))
    sources = [draft.kb.sources[s] for s in shorts]
    dated = sorted((s for s in sources if _dated(s)), key=lambda s: (s.year or 0, _month_of(s)))
    undated = [s for s in sources if not _dated(s)]

    def item(s: Source) -> str:
        return _say("item", lists=joined(shorts[s.id], "and_the"), title=s.title, date=s.date_note)

    newest = _pattern("newest").search(q.text) is not None
    lead = [_say("newest_lead" if newest else "oldest", item=item(dated[-1] if newest else dated[0]))] if dated else []
    lead.append(_say("all", items="; ".join(item(s) for s in dated)))
    if undated:
        lead.append(_say("undated_all", items="; ".join(item(s) for s in undated)))
    draft.headline = " ".join(lead)
    for s in [*dated, *undated]:
        _cite_date(draft, s, item(s))
    draft.contact_programs.append(None)


def _month_of(source: Source) -> int:
    months = phrasing_data()["edition_asked"]["months"]
    return next((k for k, m in enumerate(months) if m in source.date_note.lower()), 0)
