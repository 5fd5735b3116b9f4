"""Question in, Answer out: normalize -> resolve entities -> pick intent -> build the answer."""

from __future__ import annotations

from intents.answer import Answer
from intents.context import ContextStore, MemoryContextStore
from knowledge.kb import KnowledgeBase, default_kb

MAX_QUESTION_CHARS = 4000


class Engine:
    def __init__(self, kb: KnowledgeBase | None = None, contexts: ContextStore | None = None):
        self.kb = kb or default_kb()
        self.contexts = contexts or MemoryContextStore()

    def ask(self, question: str, conversation_id: str | None = None) -> Answer:
        return Answer(question=question, intent="help", status="help", text="(engine under construction)")
