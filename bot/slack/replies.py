"""The engine behind every Slack entry point: a question in, a `Reply` out, rendered as Block Kit.

Message text never reaches the logs (people paste patient details): only request ids, intent, status,
match methods and latency; with LOG_MESSAGE_TEXT=true, the text with patient identifiers masked.
"""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass
from typing import Any

from bot.runtime.gaps import GapLog, default_gap_log, gap_of
from bot.runtime.metrics import Metrics
from bot.runtime.privacy import mask_identifiers
from bot.slack.notices import notice
from intents.answer import Answer
from intents.context import Context
from intents.engine import MAX_QUESTION_CHARS, Engine
from render.slack_blocks import ShareValue, SlackMessage, answer_message, notice_message

log = logging.getLogger("precert_bot.slack")

SHAREABLE = {"answered", "not_found", "out_of_scope"}


def where(error: BaseException) -> str:
    """The frame an exception was raised in, not its message: a message may quote the question."""
    frames = traceback.extract_tb(error.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"


@dataclass(frozen=True)
class Reply:
    """The engine's answer to one question, with what the adapter adds around it."""

    question: str  # as the engine read it (capped)
    answer: Answer | None  # None: the engine failed
    notes: list[str]
    context_before: Context | None  # what the conversation held when asked: a shared copy reuses it

    @property
    def shareable(self) -> bool:
        return self.answer is not None and self.answer.status in SHAREABLE

    def share(self) -> ShareValue | None:
        return ShareValue(question=self.question, context=self.context_before) if self.shareable else None

    def reveal(self) -> ShareValue | None:
        """What the Show sources / Show all / More examples buttons carry: the question and the context
        it was answered in, so the answer they expand is the one shown."""
        return ShareValue(question=self.question, context=self.context_before) if self.answer is not None else None


class Answerer:
    """Asks the engine and renders the reply; shared by every entry point."""

    def __init__(
        self, engine: Engine, metrics: Metrics | None = None, log_text: bool = False, gaps: GapLog | None = None
    ):
        self.engine = engine
        self.metrics = metrics or Metrics()
        self.log_text = log_text
        # What went unanswered, counted by what was understood of it (`precert-bot kb gaps`).
        self.gaps = gaps if gaps is not None else default_gap_log()

    def ask(
        self, question: str, conversation: str | None, kind: str, request_id: str, typed_length: int | None = None
    ) -> Reply:
        """typed_length: how long the message was before the caller cut it (default: the question's)."""
        notes = []
        length = max(len(question), typed_length or 0)
        if length > MAX_QUESTION_CHARS:
            notes.append(notice("too_long", length=length, read=MAX_QUESTION_CHARS))
            question = question[:MAX_QUESTION_CHARS]
        started = time.perf_counter()
        try:
            answer, before = self.engine.converse(question, conversation_id=conversation)
        except Exception as error:  # one failed answer must not end in silence
            self.metrics.engine_failures.inc()
            log.error("slack %s %s failed: %s at %s", kind, request_id, type(error).__name__, where(error))
            return Reply(question, None, notes, None)
        seconds = time.perf_counter() - started
        self.metrics.answered(answer, seconds)
        fields = {
            "slack_kind": kind,
            "request_id": request_id,
            "intent": answer.intent,
            "status": answer.status,
            "match": [drug.match.method for drug in answer.drugs],
            "latency_ms": round(seconds * 1000, 1),
        }
        if self.log_text:
            fields["text"] = mask_identifiers(question)
        self._count_gap(answer, question)
        log.info(
            "slack %s %s intent=%s status=%s ms=%.0f",
            kind,
            request_id,
            answer.intent,
            answer.status,
            seconds * 1000,
            extra=fields,
        )
        return Reply(question, answer, notes, before)

    def _count_gap(self, answer: Answer, question: str) -> None:
        try:
            gap = gap_of(answer, self.engine.search, self.engine.kb.passages)
            if gap is not None:
                self.gaps.record(gap.model_copy(update={"text": mask_identifiers(question)}) if self.log_text else gap)
        except Exception as error:  # counting must never cost an answer
            log.error("gaps: not counted: %s at %s", type(error).__name__, where(error))

    def message(self, reply: Reply, kind: str, request_id: str, **render: Any) -> SlackMessage:
        if reply.answer is None:
            return notice_message(notice("sorry"))
        try:
            render.setdefault("reveal", reply.reveal())
            return answer_message(reply.answer, notes=reply.notes, **render)
        except Exception as error:
            log.error("slack %s %s rendering failed: %s at %s", kind, request_id, type(error).__name__, where(error))
            return notice_message(notice("sorry"))
