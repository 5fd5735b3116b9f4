"""The answer about the drugs a question names, shared by every family that answers for drugs
(prior auth per program, contacts, dates, codes): findings per program, a headline per drug, the
unknown names said beside it, and the rules of the topics asked about."""

from __future__ import annotations

from intents.answers import Draft
from intents.entities import DrugMatch
from intents.question import Question
from intents.wording import drug_headline, listed_words, unknown_notes
from knowledge.models import Drug, ProgramId, Rule


def has_drugs(q: Question) -> bool:
    return bool(q.found.drugs or q.found.ambiguities)


def drugs_in(draft: Draft, q: Question) -> list[tuple[Drug, DrugMatch]]:
    out: list[tuple[Drug, DrugMatch]] = []
    for m in q.found.drugs:
        drug = draft.kb.drugs[m.drug_id]
        if all(d.id != drug.id for d, _ in out):
            out.append((drug, m))
    return out


def answer_drugs(draft: Draft, q: Question, programs: list[ProgramId] | None) -> None:
    """The drug answer: findings per program, headline per drug, contacts of the listing programs."""
    for drug, match in drugs_in(draft, q):
        draft.add_drug(drug, match)
        draft.add_findings(drug, programs)
    if q.found.ambiguities:
        draft.ask_to_clarify(q.found.ambiguities[0])
    else:
        draft.headline = " ".join(drug_headline(draft, d, programs) for d, _ in drugs_in(draft, q))
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
            draft.headline += f" {listed_words(alone)}: not found in the loaded documents."
    else:
        unknown_notes(draft, q)
    if q.topics:
        draft.add_rules(topic_rules(draft, q))


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
