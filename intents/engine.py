"""Question in, Answer out: normalize -> resolve entities -> read the question -> pick an intent ->
build the answer from knowledge-base rows. Pure Python: no Slack, no network."""

from __future__ import annotations

import time
from datetime import date

from intents.answer import Answer, given_text
from intents.context import Context, ContextStore, MemoryContextStore
from intents.draft import Draft
from intents.families.which_drug import refers_to_an_unnamed_drug
from intents.phrasing.decide import lead as lead_in_shape
from intents.phrasing.refine import refine
from intents.phrasing.slack_text import read_message
from intents.reading import question as questions
from intents.reading.dictionary import preload
from intents.reading.entities import DrugMatch, Matcher
from intents.reading.literal_gate import read_gates
from intents.reading.normalize import MAX_QUESTION_CHARS, Normalized, encodable, normalize
from intents.reading.search import MAX_SEARCHED_WORDS, DocumentSearch, searched_part
from intents.reading.text_atoms import forget_texts
from intents.reading.understood import Understood
from intents.registry import choose, registry
from intents.text import render_text
from intents.wording import other_payer_lead, search_capped_note, unread_note
from intents.wording_table import intents_carrying_programs, sentence
from knowledge.kb import KnowledgeBase, default_kb

__all__ = ["MAX_QUESTION_CHARS", "Engine"]

# An answer's date (stale notes, 'last year') is read once a minute, not at every question: date.today()
# reads the clock and the time zone (~1 % of a short answer), and a date a minute late is still today's.
TODAY_READ_EVERY_SECONDS = 60.0
_TODAY_READ: tuple[float, date] = (float("-inf"), date.min)  # (when to read it again, the date read)


def today() -> date:
    """Today's date, read again at most once a minute."""
    global _TODAY_READ
    now = time.monotonic()
    if now >= _TODAY_READ[0]:
        _TODAY_READ = (now + TODAY_READ_EVERY_SECONDS, date.today())
    return _TODAY_READ[1]


class Engine:
    def __init__(
        self,
        kb: KnowledgeBase | None = None,
        contexts: ContextStore | None = None,
        today: date | None = None,
    ):
        kb = kb or default_kb()
        # The knowledge base, its matcher, its question words and its document search are replaced
        # together by `swap` (a reload): each question reads them once, so it is answered wholly from
        # one edition.
        self._state = (kb, Matcher.of(kb), questions.QuestionWords.of(kb), DocumentSearch(kb), Understood())
        self.contexts = contexts or MemoryContextStore()
        self._today = today

    @property
    def kb(self) -> KnowledgeBase:
        return self._state[0]

    @property
    def matcher(self) -> Matcher:
        return self._state[1]

    @property
    def search(self) -> DocumentSearch:
        return self._state[3]

    def warm(self) -> None:
        """Build what the first questions would otherwise build (the document search, the word list,
        the intent families, imported at the first question: ~35 ms; the answer's JSON serializer, else
        built by the first answer's JSON: ~2-6 ms), then ask each intent's example questions, so the
        patterns and tables read at a first use (phrasing, people's names, topics: ~30 ms more) are
        ready too: for servers, so no asker pays for them. Every gated pattern's gate is read first (one
        made later, by an example, reads its own at its first search: literal_gate.read_gates)."""
        read_gates()
        self.search.warm()
        preload()
        Answer.model_rebuild()  # its serializer, left by defer_build to the first answer's JSON
        for rule in registry():
            for example in rule.examples:
                self.ask(example)

    def forget_questions(self) -> None:
        """Forget every question read so far (the understood questions, the search's rankings of them):
        the next asking of any question costs what its first did (bench: first sight)."""
        kb, matcher, words, search, _ = self._state
        search.forget_questions()
        forget_texts()  # the gates' numbers of the texts read (their words' stay)
        self._state = (kb, matcher, words, search, Understood())

    def swap(self, kb: KnowledgeBase) -> None:
        """Answer from this knowledge base from now on. The matcher is built first, then both are put
        in place by one assignment: a question in flight finishes on the edition it started with."""
        search = DocumentSearch(kb)
        search.warm()  # a reload is a server's: the new edition's first asker doesn't pay for the index
        self._state = (kb, Matcher.of(kb), questions.QuestionWords.of(kb), search, Understood())

    def ask(self, question: str, conversation_id: str | None = None) -> Answer:
        return self.converse(question, conversation_id)[0]

    def converse(self, question: str, conversation_id: str | None = None) -> tuple[Answer, Context | None]:
        """The answer, and the conversation's context it was asked in (read once: with Redis, a
        round trip)."""
        question = encodable(question if isinstance(question, str) else str(question))
        kb = self._state[0]
        norm, q, readings = self._understand(question)
        previous = self.contexts.get(conversation_id) if conversation_id else None
        if previous is not None:
            self._complete_from_context(kb, q, previous)
        rule = choose(q)
        draft = Draft(kb=kb, today=self._today or today(), question=question, intent=rule.name)
        # The lead says 'yes', not each drug's verdict; nor does a question asking something else of the drug.
        draft.verdict_leads = q.phrasing.leads_verdict or q.asks_beside_prior_auth()
        rule.handler(draft, q)
        if draft.status == "not_found":  # each name or code no document has is a finding of its own
            for name in [*q.found.unknown, *(c.code for c in q.found.codes if not c.known)]:
                draft.add_not_found(name)
        lead_in_shape(draft, q, q.phrasing)  # the verdict in the question's shape: 'Yes — …', 'Correct — …'
        draft.readings[:0] = readings
        if q.other_payers:
            lead = other_payer_lead(q.other_payers, answered=draft.status in ("answered", "clarify"))
            draft.headline = f"{lead} {draft.headline}".strip()
        if q.found.unread:
            draft.notes.append(unread_note(q.found.unread))
        if searched_part(norm.clean)[1]:
            draft.notes.append(search_capped_note(MAX_SEARCHED_WORDS))
        if norm.truncated:
            draft.notes.append(sentence("truncated_note", chars=MAX_QUESTION_CHARS))
        answer = draft.finish()
        answer = given_text(answer, render_text(answer))  # (finished just now: its text set in place)
        if conversation_id and answer.status in ("answered", "clarify"):
            self.contexts.put(conversation_id, self._context_of(kb, answer, q))
        elif conversation_id and answer.status == "not_found":
            # The talk has moved on to a drug the documents don't have: 'it' no longer means the drug
            # before, so a follow-up must not be answered about that one.
            moved_on = previous or Context(intent=answer.intent, programs=list(q.programs))
            self.contexts.put(conversation_id, moved_on.model_copy(update={"drug_ids": []}))
        return answer, previous

    def _understand(self, question: str) -> tuple[Normalized, questions.Question, list[str]]:
        """The question read (normalized, its drugs and codes found, what it asks, its phrasing), and the
        readings to show: read once per edition, each asking getting its own copy."""
        kb, matcher, words, search, understood = self._state
        known = understood.get(question)
        if known is not None:
            return known
        message = read_message(question)  # a quoted earlier message or struck words are context
        norm = normalize(message.question)
        q = questions.read(norm, matcher.resolve(norm), words)
        q.searcher = search
        readings = refine(q, kb, matcher, message, words)
        understood.put(question, norm, q, readings)
        return norm, q, readings

    def _complete_from_context(self, kb: KnowledgeBase, q: questions.Question, previous: Context) -> None:
        """Fill what a follow-up leaves out from the conversation's last answer."""
        has_drugs = bool(q.found.drugs or q.found.ambiguities)
        asks_something = q.asks_contact or q.asks_code or q.asks_date or bool(q.topics)
        if has_drugs and not q.programs and not asks_something and previous.intent in intents_carrying_programs():
            # 'what about Tysabri?' after a home-infusion question asks the same about Tysabri.
            q.programs = list(previous.programs)
            if previous.intent == "contacts":
                q.asks_contact = True
                q.contact_fields = list(previous.contact_fields)
        elif not has_drugs and not q.found.codes and not q.found.unknown and previous.drug_ids:
            if q.programs or asks_something or q.follow_up or refers_to_an_unnamed_drug(q):
                # 'and home infusion?' / 'and the fax?' about the drug(s) just discussed.
                for drug_id in previous.drug_ids:
                    drug = kb.drugs.get(drug_id)  # None: gone from the edition loaded since
                    if drug is not None:
                        q.found.drugs.append(DrugMatch(drug_id, "context", 100.0, drug.name, 0, 0))
                q.asks_help = False  # 'which document and line is that?': the drug's own lines, cited
        elif not has_drugs and q.asks_contact and not q.programs and previous.contact_programs:
            q.programs = [p for p in previous.contact_programs if p]

    def _context_of(self, kb: KnowledgeBase, answer: Answer, q: questions.Question) -> Context:
        drug_ids = [m.drug_id for m in q.found.drugs]
        for ref in answer.drugs:
            drug_ids += [d.id for d in kb.drugs_named(ref.name)]
        return Context(
            intent=answer.intent,
            programs=list(q.programs),
            drug_ids=list(dict.fromkeys(drug_ids)),
            contact_programs=[c.program for c in answer.contacts if c.program],
            contact_fields=list(q.contact_fields),
        )
