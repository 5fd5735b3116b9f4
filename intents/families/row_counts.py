"""'How many oncology drugs need precert through eviCore?': a count of a named list's rows is the list's
overview (its row count, its names), ahead of the document search that would quote a line sharing the
question's words. The words are data (intents/phrasing/phrasing.toml [sets] counts)."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache

from intents.answer import Statement
from intents.draft import Draft, listing_citations, listing_status
from intents.drug_answer import has_drugs
from intents.families.asked_quantity import rule_leads_data
from intents.families.programs import handle_program_overview, programs_named
from intents.phrasing.words import phrasing_data
from intents.reading.question import Question
from intents.registry import NO_SUBJECT, intent
from intents.wording_table import joined

MAX_NAMED = 20  # drugs named in the sentence (the gene and cellular lists); longer lists are counted
MAX_CITED = 45  # rows cited one by one (every row of the SCO+ list)


@cache
def _counts() -> re.Pattern[str]:
    return re.compile(phrasing_data()["sets"]["counts"])


def _asks_a_count(q: Question) -> bool:
    named = [p for p in q.programs if p not in q.context_programs]
    # ('added in 2021': the dates'; a marker of a list named: its rows')
    if not named or has_drugs(q) or q.found.codes or any(p in named for p, _ in q.marked) or q.asks_date:
        return False
    if not (_counts().search(q.text) or asserted_count(q) is not None):
        return False
    return not _narrowed_by_rows(q, named)


def _narrowed_by_rows(q: Question, named: list[str]) -> bool:
    """A word beside the count that the named lists' rows print ('how many per diem codes on home
    infusion', 'how many factor codes'): those rows are counted, by the rows' own search, not the list."""
    words = [w for w in q.topic_words() if len(w) > 2]
    if not words or q.searcher is None:
        return False
    found = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    rows = (x for x in q.searcher.kb.listings if x.program in named)
    return any(found.search(" ".join(filter(None, (x.description, x.generic, x.status_note))).lower()) for x in rows)


@cache
def _pa_words() -> re.Pattern[str]:
    return re.compile(phrasing_data()["lob_beside_pa"]["pa"])


@cache
def _asserted() -> re.Pattern[str]:
    return re.compile(phrasing_data()["count_asserted"]["asserted"])


def asserted_count(q: Question) -> int | None:
    """The count a yes/no or an assertion says of a list's rows ('SCO+ has 45 drugs right'), else None."""
    if not (q.phrasing.yes_no or q.phrasing.asserted) or _pa_words().search(q.text):
        return None
    found = _asserted().search(q.text)
    if found is None or len(list(q.phrasing.lists) or programs_named_once(q)) != 1:
        return None  # (several lists: a sum or a comparison, not one list's count)
    say = phrasing_data()["count_asserted"]
    rest = q.text[: found.start()] + q.text[found.end() :]
    if re.search(say["qualified"], rest) or set(q.topic_words()) - set(say["fillers"]):
        return None
    return int(found["n"])


def programs_named_once(q: Question) -> list[str]:
    return [p for p in q.programs if p not in q.context_programs]


def _count_verdict(q: Question, counted: set[int]) -> str:
    """'Correct — ' when the count said is one the rows give, else 'Not what the documents print — '."""
    said = asserted_count(q)
    if said is None:
        return ""
    say = phrasing_data()["count_asserted"]
    return say["correct"] if said in counted else say["wrong"]


@cache
def _all_lists() -> re.Pattern[str]:
    return re.compile(phrasing_data()["count_all"]["asks"])


def _asks_a_count_of_all(q: Question) -> bool:
    if q.programs or has_drugs(q) or q.found.codes or q.marked or q.asks_date:
        return False
    # ('how many drugs need prior auth?' with no list named: every list is what needs it.)
    every = _all_lists().search(q.text) or (q.asks_pa and not q.found.unknown)
    counted = _counts().search(q.text) or re.search(phrasing_data()["count_all"]["count_words"], q.text)
    return bool(counted) and bool(every)


@intent(
    "row_count_all",
    order=51,
    when=_asks_a_count_of_all,
    never=NO_SUBJECT,
)
def handle_row_count_all(draft: Draft, q: Question) -> None:
    say, kb = phrasing_data()["count_all"], draft.kb
    each = []
    for program in kb.program_ids:
        draft.use_program(program)
        rows = sum(1 for x in kb.listings if x.program == program)
        each.append(say["each"].format(short=kb.program(program).short, rows=rows))
    drugs = {d.id for d in kb.drugs.values() if d.listings}
    codes = {c for x in kb.listings for c in x.codes}
    draft.headline = say["lead"].format(
        lists=len(kb.program_ids), rows=len(kb.listings), drugs=len(drugs), codes=len(codes), each=", ".join(each)
    )


@intent(
    "row_count",
    order=52,
    when=_asks_a_count,
    never=NO_SUBJECT,
)
def handle_row_count(draft: Draft, q: Question) -> None:
    say = phrasing_data()["sets"]
    heads, counted = [], set()
    for program in list(q.phrasing.lists) or programs_named(draft.kb, q):
        draft.use_program(program)
        draft.contact_programs.append(program)
        record = draft.kb.program(program)
        rows = [x for x in draft.kb.listings if x.program == program]
        drugs = sorted((d.name for d in draft.kb.drugs.values() if d.listings_for(program)), key=str.lower)
        named = say["count_names"].format(names=", ".join(drugs)) if len(drugs) <= MAX_NAMED else ""
        heads.append(
            say["count_lead"].format(
                short=record.short,
                date=draft.kb.source_of(program).date_note,
                rows=len(rows),
                drugs=len(drugs),
                names=named,
                requirement=record.requirement,
            )
        )
        codes = {c for x in rows for c in x.codes}
        counted |= {len(rows), len(drugs)}
        heads[-1] += _moved_said(draft, rows, record.requirement, counted)
        if codes and re.search(phrasing_data()["count_codes"]["asks"], q.text):
            counted = {len(codes)} if len(counted) == 2 else counted | {len(codes)}
            said = phrasing_data()["count_codes"]["lead"]
            date = draft.kb.source_of(program).date_note
            heads[-1] = said.format(short=record.short, date=date, codes=len(codes), rows=len(rows)) + " " + heads[-1]
        citations = [c for x in rows for c in listing_citations(x)] if len(rows) <= MAX_CITED else []
        draft.statements.append(Statement(summary=heads[-1], citations=citations))
        draft.add_rules(list(record.rules))
    verdict, said = _count_verdict(q, counted), " ".join(heads)
    draft.headline = verdict + (said[:1].lower() + said[1:] if verdict else said)


def _moved_said(draft: Draft, rows: list, requirement: str, counted: set[int]) -> str:
    """' 6 of those rows say they moved…; the other 125 rows (124 codes) mean …': the rows that went to
    another program are no listing of this one (the home infusion list's B4105, S9364-S9368)."""
    moved = [x for x in rows if listing_status(draft.kb, x) == "moved"]
    if not moved:
        return ""
    rest = [x for x in rows if x not in moved]
    codes = {c for x in rest for c in x.codes}
    counted |= {len(rest), len(codes)}
    by_note: dict[str, list[str]] = {}
    for x in moved:
        by_note.setdefault((x.status_note or "").rstrip("."), []).extend(x.codes)
    said = "; ".join(f"{', '.join(codes)}: {note}" for note, codes in by_note.items())
    say = phrasing_data()["count_moved"]["lead"]
    return " " + say.format(n=len(moved), rows=said, rest=len(rest), codes=len(codes), requirement=requirement)


@cache
def _current() -> re.Pattern[str]:
    return re.compile(phrasing_data()["when"]["current"])


@cache
def _editions(key: str) -> re.Pattern[str]:
    return re.compile(phrasing_data()["editions"][key])


@cache
def _additions() -> re.Pattern[str]:
    return re.compile(rule_leads_data()["additions"]["asks"])


def _asks_edition_date(q: Question) -> bool:
    """A date asked of a named list itself, not of its rows ('added in 2022' asks the rows')."""
    if not q.programs or has_drugs(q) or q.found.codes:
        return False
    if not (_current().search(q.text) or _editions("asks").search(q.text)):
        return False
    if "effective_date" in q.topics and _additions().search(q.text):
        return False  # 'what year did the 53 chemo codes start requiring evicore auth?': the additions' rule
    return not re.search(phrasing_data()["additions"]["asks_added"], q.text)


@intent(
    "list_date",
    order=53,
    when=_asks_edition_date,
    never=NO_SUBJECT,
)
def handle_list_date(draft: Draft, q: Question) -> None:
    q.asks_date = True
    handle_program_overview(draft, q)
    say = phrasing_data()["editions"]
    by_source: dict[str, list[str]] = {}
    for program in list(q.phrasing.lists) or programs_named(draft.kb, q):
        by_source.setdefault(draft.kb.source_of(program).id, []).append(draft.kb.program(program).short)
    heads = []
    for source_id, shorts in by_source.items():
        source = draft.kb.sources[source_id]
        verb = "are" if len(shorts) > 1 else "is"
        heads.append(say["lead"].format(lists=joined(shorts), verb=verb, title=source.title, date=source.date_note))
        if source.date_citation is not None:
            draft.statements.insert(0, Statement(summary=heads[-1], citations=[source.date_citation]))
    if _editions("compare").search(q.text):
        heads[:0] = _newer(draft, by_source)
    if _editions("schedule").search(q.text):
        said = _no_schedule(draft, list(by_source))
        heads.insert(0, said if said.endswith((".", ".”")) else said + ".")
    draft.headline = " ".join(heads)


def _no_schedule(draft: Draft, sources: list[str]) -> str:
    """No document prints how often it is updated; a line saying a list may change is quoted."""
    say = phrasing_data()["editions"]
    line = say["no_schedule"]
    for passage in draft.kb.passages:
        if passage.source not in sources:
            continue
        for citation in passage.citations:
            said = _editions("may_change").search(citation.text)
            if said:
                title = draft.kb.sources[passage.source].title
                draft.statements.insert(0, Statement(summary=said.group(0).strip(), citations=[citation]))
                return line + say["says"].format(document=title, line=said.group(0).strip())
    return line


def _newer(draft: Draft, sources: dict[str, list[str]]) -> list[str]:
    """Of two documents that print a month and year, which edition is newer."""
    dated = []
    for source_id in sources:
        source = draft.kb.sources[source_id]
        try:
            dated.append((datetime.strptime(source.date or "", "%B %Y"), source_id))
        except ValueError:
            continue
    if len(dated) != 2 or dated[0][0] == dated[1][0]:
        return []
    (_, old), (_, new) = sorted(dated)

    def lists(source_id: str) -> str:
        return joined(sources[source_id])

    say = phrasing_data()["editions"]
    note = draft.kb.sources
    return [say["newer"].format(newer=lists(new), new=note[new].date_note, older=lists(old), old=note[old].date_note)]
