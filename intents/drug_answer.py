"""The answer about the drugs a question names, shared by every family that answers for drugs
(prior auth per program, contacts, dates, codes): findings per program, a headline per drug, the
unknown names said beside it, and the rules of the topics asked about."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from intents.answer import Statement
from intents.draft import Draft, edition_memo, note_kind
from intents.identity_memo import ByIdentity
from intents.phrasing.words import phrasing_data
from intents.reading.entities import DrugMatch
from intents.reading.literal_gate import gated
from intents.reading.question import Question
from intents.reading.search import Hit, stems_of
from intents.wording import (
    LIST_MIN,
    MAX_DRUGS_ANSWERED,
    code_disagreement,
    drug_headlines,
    drugs_capped_note,
    listed_words,
    quote,
    row_statement,
    unknown_notes,
)
from intents.wording_table import joined, named_first, phrase, sentence
from knowledge.kb import KnowledgeBase
from knowledge.models import Drug, MarkedWords, Note, ProgramId, Rule

MAX_DRUGS_KEPT = 4096  # drugs whose lists are kept (an edition has ~600; a reload's fill it again)


def has_drugs(q: Question) -> bool:
    return bool(q.found.drugs or q.found.ambiguities)


def drugs_in(draft: Draft, q: Question) -> list[tuple[Drug, DrugMatch]]:
    """Each drug the question names, once, with its first match (a message may name hundreds)."""
    first: dict[str, tuple[Drug, DrugMatch]] = {}
    for m in q.found.drugs:
        first.setdefault(m.drug_id, (draft.kb.drugs[m.drug_id], m))
    return list(first.values())


def codes_beside_names(draft: Draft, q: Question) -> tuple[list[str], list[tuple[Drug, DrugMatch]]]:
    """Every code a message names beside drug names is read, never dropped: what the documents say of
    it (whose code it is, that they disagree on it, or that they don't print it), and the drugs it
    belongs to that the message didn't name ('Perjeta J9355': J9355 is Herceptin's)."""
    if not q.found.codes:  # (most messages name drugs only)
        return [], []
    named = drugs_in(draft, q)
    named_ids = {d.id for d, _ in named}
    lines: list[str] = []
    extra: list[tuple[Drug, DrugMatch]] = []
    foreign = [
        c for c in q.found.codes if c.known and not any(named_ids & {o.id for o in draft.kb.drugs_with_code(c.code)})
    ]
    # One name beside one code that isn't its own reads as a pair ('Perjeta J9355'): say whose each is.
    # More codes than that is a list ('J9271 and Ocrevus and J2505'): say whose each code is.
    paired = named[0][0] if len(named) == 1 and len(foreign) == 1 else None
    for cm in q.found.codes:
        if not cm.known:
            lines.append(sentence("code_not_printed", code=cm.code))
            continue
        owners = draft.kb.drugs_with_code(cm.code)
        mine = [d for d, _ in named if any(o.id == d.id for o in owners)]
        if mine:  # the named drug's own code: only a disagreement between documents is worth saying
            lines += [flag for d in mine if (flag := code_disagreement(draft, d, cm.code))]
            continue
        if draft.kb.codes[cm.code].unclassified or not owners:
            for x in draft.kb.listings_with_code(cm.code):
                draft.use_program(x.program)
                draft.statements.append(row_statement(draft, x))
            lines.append(sentence("code_names_no_drug", code=cm.code))
            continue
        whose = " and ".join(sentence("whose", drug=o.name) for o in owners)
        pair = ""
        if paired is not None:
            own = ", ".join(paired.codes)
            pair = (
                sentence("paired_code", drug=paired.name, codes=own)
                if own
                else sentence("paired_no_code", drug=paired.name)
            )
        lines.append(sentence("code_is_drugs", code=cm.code, whose=whose, paired=pair))
        for o in owners:
            if o.id not in named_ids and all(o.id != d.id for d, _ in extra):
                extra.append((o, DrugMatch(o.id, "code", 100.0, cm.text, 0, 0)))
    return lines, extra


def programs_for(
    drug: Drug, programs: list[ProgramId] | None, q: Question, kb: KnowledgeBase | None = None
) -> list[ProgramId] | None:
    """The programs a drug's answer reports, its own first when the question names the others only by
    where the patient is (Zolgensma asked about 'at our hospital' is the Gene Therapy Program's), or
    names a sibling program of the same document (the 'cell' of 'sickle cell' beside Casgevvy, 'gene
    therapy' beside Kymriah): the drug's own listing decides the team; the word only refines."""
    if not programs or not _lists_of(drug).programs.isdisjoint(programs):
        return programs
    if set(programs) <= set(q.context_programs) and drug.programs():
        return [*drug.programs(), *programs]
    if kb is not None and (own := sibling_programs(kb, drug, programs)):
        return [*own, *programs]
    return programs


class _Lists(NamedTuple):
    """What a drug's rows say that every question about it reads: the lists it is on, and its rows' notes
    that name another use ('Prolia for osteoporosis'), by (source, symbol)."""

    programs: frozenset[ProgramId]
    other_use_notes: tuple[tuple[tuple[str, str], Note], ...]


_LISTS: ByIdentity[Drug, _Lists] = ByIdentity(MAX_DRUGS_KEPT)


def _lists_of(drug: Drug) -> _Lists:
    """The drug's _Lists, once per drug of the edition (kept with the drug)."""
    return _LISTS.get(drug, _read_lists)


def _read_lists(drug: Drug) -> _Lists:
    notes = {(n.citation.source, n.symbol): n for x in drug.listings for n in x.notes if n.other_use}
    return _Lists(frozenset(drug.programs()), tuple(notes.items()))


def sibling_programs(kb: KnowledgeBase, drug: Drug, programs: list[ProgramId]) -> list[ProgramId]:
    """The drug's own programs printed in the same document as every program asked about, when it is on
    none of those: the document classifies the drug, so the question's program word is a refinement."""
    if any(drug.listings_for(p) for p in programs):
        return []
    asked = {kb.source_of(p).id for p in programs}
    own = [p for p in drug.programs() if kb.source_of(p).id in asked]
    return own if own and asked <= {kb.source_of(p).id for p in own} else []


def refined_programs(draft: Draft, q: Question) -> set[ProgramId]:
    """Programs the question named that a drug's own listing overrode: never their team's number."""
    out: set[ProgramId] = set()
    for m in q.found.drugs:
        drug = draft.kb.drugs[m.drug_id]
        if sibling_programs(draft.kb, drug, list(q.programs)):
            out |= set(q.programs)
    return out


# A drug answer quotes a further line only when the question asks this much beyond the drug's listing
# (idf weight of its topic words: 'per diem' of a home infusion row, 'manufacturer' and 'contracted').
BESIDE_DRUG_MIN_TOPIC = 5.0


def asks_a_topic(q: Question) -> bool:
    """Whether the question says something beyond the drugs and codes it names and its shape: most drug
    questions don't ('does Kadcyla need eviCore?'), and then no line is searched beside their listings
    and no word is unprinted. (Their names are some of the stems the search ignores, Question.name_stems:
    a question with no topic beyond them has none beyond all.)"""
    if q.searcher is None:
        return True
    names = {s for m in q.found.drugs for s in stems_of(m.text)} | {s for c in q.found.codes for s in stems_of(c.text)}
    return q.searcher.has_topic(q.norm.clean, names)


def lines_beside(
    draft: Draft, q: Question, answered: list[tuple[Drug, DrugMatch]], topic: bool = True
) -> tuple[list[str], list[str]]:
    """What the question asks beyond the drugs' listings, from the lines of their programs' documents:
    a table row found by its description (the home infusion row with no code) leads; a line of prose is
    quoted after the drug answer. Returns (lead sentences, closing sentences). `topic`: asks_a_topic."""
    programs = {p for d, _ in answered for p in d.programs()} | {p for p in q.programs if p not in q.context_programs}
    if not programs or not topic:
        return [], []
    sources = frozenset(draft.kb.source_of(p).id for p in programs)
    hits = q.hits(sources, BESIDE_DRUG_MIN_TOPIC)
    if not hits:  # most drug questions ask nothing beyond the listing
        return [], []
    cited = {(c.source, c.line) for f in draft.findings for c in f.citations}
    cited |= {(c.source, c.line) for s in draft.statements for c in s.citations}
    new = [h for h in hits if not {(c.source, c.line) for c in h.citations} <= cited]
    if not new:
        return [], []
    # (a line about another program of the same document is not this drug's: 'what form for Yescarta?' is
    # the cellular program's referral form, not the gene therapies' forms)
    hit = next((h for h in new if not _about_other_programs(draft.kb, h.sentence, programs)), new[0])
    hit = _ruled_alike(draft, q, new, hit)
    row = q.searcher.row_at(hit.citation) if q.searcher else None
    if row is None:
        return [], quote(draft, [hit])
    draft.use_program(row.program)
    draft.statements.append(row_statement(draft, row))
    if row.program in draft.kb.program_ids and row.description and not row.codes:
        what = (row.status_note or row.requirement or "").rstrip(".")
        short = draft.kb.program(row.program).short
        return [sentence("row_without_code", list=short, description=row.description, what=what)], []
    return [], []


def _ruled_alike(draft: Draft, q: Question, hits: list[Hit], hit: Hit) -> Hit:
    """Of the lines carrying the question as much as the one chosen, the one a rule of the topic asked
    quotes ('Keytruda and Alimta for one patient: one request?' carries 'request' and 'patient' as much in
    the six-month sentence as in the single request's; the single-request rule quotes the latter)."""
    if not q.topics:
        return hit
    ruled = {(c.source, c.line) for r in topic_rules(draft, q) for c in r.citations}
    return next(
        (h for h in hits if h.coverage >= hit.coverage and {(c.source, c.line) for c in h.citations} & ruled), hit
    )


def _about_other_programs(kb: KnowledgeBase, sentence: str, programs: set[ProgramId]) -> bool:
    """The sentence names programs by their words, none of them these."""
    named = edition_memo(kb, ("programs_named", sentence), _programs_named, kb, sentence)
    return bool(named) and not named & programs


def _programs_named(kb: KnowledgeBase, sentence: str) -> frozenset[ProgramId]:
    """The programs a sentence of the documents names by their words (once per edition and sentence)."""
    lowered = sentence.lower()
    return frozenset(
        p for words, pattern in _program_patterns(kb.vocabulary.programs) if pattern.search(lowered) for p in words
    )


@cache
def _program_patterns(vocabulary: tuple) -> tuple[tuple[tuple[ProgramId, ...], re.Pattern[str]], ...]:
    return tuple((w.programs, gated(re.compile("|".join(w.words)))) for w in vocabulary)


# Past this many marked rows, a sentence counts them rather than naming them all.
MAX_MARKED_NAMED = 15


def marker_lines(draft: Draft, q: Question, answered: list[tuple[Drug, DrugMatch]]) -> list[str]:
    """'Does Embarc apply to Vyjuvek?': a footnote or marker the question names (the manifest's `asks`
    words) applies to a drug only when the drug's own row carries it. For a drug whose row doesn't, say
    so, cite the legend line, and name the rows that are marked; a marked drug's row says it already."""
    out: list[str] = []
    for marked, words in edition_memo(draft.kb, ("marked_words",), _marked_words, draft.kb):
        if not words.search(q.text):
            continue
        rows = [x for x in draft.kb.listings if x.program == marked.program]
        notes = [n for x in rows for n in x.notes if n.symbol == marked.symbol]
        if not notes:
            continue
        note = notes[0]
        carrying = list(dict.fromkeys(x.names[0] if x.names else ", ".join(x.codes) for x in rows if note in x.notes))
        short = draft.kb.program(marked.program).short
        label = f"{note_kind(note.symbol)} {note.symbol}"
        for drug, _ in answered:
            own = drug.listings_for(marked.program)
            if any(note in x.notes for x in own):
                continue
            legend = note.citation.text[len(note.symbol) :].lstrip(". \t")
            where = (
                sentence("row_not_marked", drug=drug.name, list=short, symbol=note.symbol)
                if own
                else sentence("not_on_list", drug=drug.name, list=short)
            )
            named = named_first(carrying, MAX_MARKED_NAMED)
            out.append(
                sentence(
                    "marked_only",
                    where=where,
                    label=label,
                    legend=legend,
                    line=note.citation.line,
                    count=len(carrying),
                    named=named,
                )
            )
            draft.statements.append(Statement(summary=out[-1], citations=[note.citation]))
    return out


def unknown_words_alone(draft: Draft, q: Question) -> list[str]:
    """A name no document has is said next to the answer, never dropped ('keytruda and humira'): the
    unknown words that stand alone. One written right after a drug's name ('opdivo qvantig') is said
    as a reading instead: another product than the one the documents list, or not."""
    alone = []
    for word, span in zip(q.found.unknown, q.found.unknown_spans, strict=True):
        before = q.found.name_before(span)
        # Only a word written right after the name, as one phrase: 'keytruda, humira' is a list.
        if before is not None and f"{before.text} {word}" in q.text:
            name = draft.kb.drugs[before.drug_id].name
            draft.readings.append(sentence("word_after_name", word=word, drug=name, typed=f"{before.text} {word}"))
        else:
            alone.append(word)
    return alone


def at_most(draft: Draft, answered: list[tuple[Drug, DrugMatch]]) -> list[tuple[Drug, DrugMatch]]:
    """The first MAX_DRUGS_ANSWERED drugs; the others are named in a note, to be asked again."""
    if len(answered) > MAX_DRUGS_ANSWERED:
        draft.notes.append(drugs_capped_note(MAX_DRUGS_ANSWERED, [d.name for d, _ in answered[MAX_DRUGS_ANSWERED:]]))
    return answered[:MAX_DRUGS_ANSWERED]


@cache
def _count_asked() -> re.Pattern[str]:
    return re.compile(phrasing_data()["generic_counted"]["asks"])


def _counted_first(draft: Draft, q: Question, answered: list[tuple[Drug, DrugMatch]], heads: list[str]) -> list[str]:
    """'how many rituximab biosimilars…': the drugs one typed generic names are counted first, even when
    fewer than LIST_MIN (whose list leads with its count already); with a list named, those on it."""
    spans = {(m.start, m.end) for _, m in answered if m.method == "generic"}
    alone = len(spans) == 1 and all(m.method == "generic" for _, m in answered)
    if not (len(answered) > 1 and alone and _count_asked().search(q.text)):
        return heads
    named = [p for p in q.programs if p not in q.context_programs]
    on = [d.name for d, _ in answered if any(d.listings_for(p) for p in named)]
    if named and len(on) < len(answered):
        # 'how many infliximab products are on the SCO list': Remicade is named by it, but not on that list
        lists = joined((draft.kb.program(p).short for p in named), "or_the")
        said = phrasing_data()["generic_counted"]["on_list"].format(
            n=len(on), total=len(answered), typed=answered[0][1].text, lists=lists, names=", ".join(on)
        )
        return [said, *(h for h in heads if h != phrase("drugs_count", count=len(answered)))]
    return heads if len(answered) >= LIST_MIN else [phrase("drugs_count", count=len(answered)), *heads]


def answer_drugs(draft: Draft, q: Question, programs: list[ProgramId] | None) -> list[str]:
    """The drug answer: findings per program, headline per drug, contacts of the listing programs.
    Returns what leads it beyond the drugs' own verdicts (whose the message's codes are, a row found
    by its description), already leading the headline, for a handler that writes its own headline."""
    code_lines, by_code = codes_beside_names(draft, q)
    answered = at_most(draft, [*drugs_in(draft, q), *by_code])
    draft.other_uses |= other_uses_asked(q, [d for d, _ in answered])
    for drug, match in answered:
        draft.add_drug(drug, match)
        draft.add_findings(drug, programs_for(drug, programs, q, draft.kb))
    # Said before the lines beside are searched: the legend line it cites is then not quoted again.
    marks = marker_lines(draft, q, answered) if not q.found.ambiguities else []
    topic = asks_a_topic(q)
    lead, closing = lines_beside(draft, q, answered, topic) if not q.found.ambiguities else ([], [])
    closing = [*marks, *closing]
    code_lines = [*lead, *code_lines]
    if q.found.ambiguities:
        draft.ask_to_clarify(q.found.ambiguities[0])
    else:
        heads = drug_headlines(draft, [(d, programs_for(d, programs, q, draft.kb)) for d, _ in answered])
        heads = _counted_first(draft, q, answered, heads)
        # A list is one row per line, never one run-on sentence.
        if len(answered) >= LIST_MIN or not by_code:
            parts = [*code_lines, *heads, *closing]
        else:
            # 'Entyvio billed under J3358': the named drug's verdict is the point and leads; whose the
            # code is comes right after it, then the code's own drug.
            named, owners = (
                drug_headlines(draft, [(d, programs_for(d, programs, q, draft.kb)) for d, _ in group])
                for group in (drugs_in(draft, q), by_code)
            )
            parts = [*named, *code_lines, *owners, *closing]
        draft.headline = ("\n" if len(answered) >= LIST_MIN else " ").join(parts)
    alone = unknown_words_alone(draft, q)
    if draft.status == "answered":
        if alone:  # said in the verdict, and the readings say the rest: no note repeating them
            draft.headline += f" {listed_words(alone)}: {sentence('drug_not_found')}."
    else:
        unknown_notes(draft, q)
    unprinted = q.unprinted_topic_words() if draft.status == "answered" and topic else []
    if unprinted:
        # 'what does it cost to infuse Remicade at home': the listing is answered; the cost isn't in them.
        # Said of the question's part, never as 'they never mention' an ordinary word or a name.
        draft.notes.append(sentence("unanswered_part", words=listed_words(unprinted)))
    for drug, _ in answered:
        # A code the documents disagree on keeps its flag wherever the drug's codes are shown.
        flag = edition_memo(draft.kb, ("code_flag", drug.id), _code_flag, draft, drug)
        if flag and flag not in draft.headline and flag not in draft.notes:
            draft.notes.append(flag)
    if q.topics:
        rules = topic_rules(draft, q)
        draft.add_rules(rules)
        if rules and draft.status == "answered" and not closing:
            # 'do we have to move the patient, how long do we have?': the rule asked about is said in
            # the answer itself, after the drug's verdict, not only among the details.
            draft.headline += f" {rules[0].summary}"
    return code_lines


def _code_flag(draft: Draft, drug: Drug) -> str | None:
    """The first of the drug's codes the documents disagree on, said (once per edition and drug)."""
    return next((f for c in drug.codes if (f := code_disagreement(draft, drug, c))), None)


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return gated(re.compile("|".join(words)))


def _marked_words(kb: KnowledgeBase) -> tuple[tuple[MarkedWords, re.Pattern[str]], ...]:
    """Each marker the manifest names by words, with its pattern (once per edition: looked up by its
    words at every drug question, the cache hashed each marker's words)."""
    return tuple((marked, _pattern(marked.words)) for marked in kb.vocabulary.marked)


def other_uses_asked(q: Question, drugs: list[Drug]) -> set[tuple[str, str]]:
    """The dual-indication markers on these drugs' rows whose other use the question names ('Prolia for
    osteoporosis', 'not for cancer'): the words are the manifest's, per marker."""
    notes = dict(item for d in drugs for item in _lists_of(d).other_use_notes)  # (most drugs: none)
    return {key for key, n in notes.items() if _pattern(n.other_use).search(q.text)}


def topic_rules(draft: Draft, q: Question) -> list[Rule]:
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
