"""What a mention and a DM share: the question answered where it was asked, in a thread (or the DM
itself), with a private reminder when it held what looks like a patient identifier."""

from __future__ import annotations

import contextlib

from bot.runtime.state.base import starting
from bot.slack.listeners.base import MENTION_LABEL_CHARS, Incoming, conversation_id, strip_mention
from bot.slack.listeners.shared.channel_posts import say
from bot.slack.listeners.shared.identifier_reminder import remind_if_identifiers
from bot.slack.listeners.shared.per_person_limit import within_limit
from bot.slack.listeners.shared.services import ListenerServices
from intents.engine import MAX_QUESTION_CHARS

MENTION_ROOM = 2 * (MENTION_LABEL_CHARS + 20)  # a mention or two before the question


def question_in(text: str, bot_user_id: str | None) -> str:
    """The question a message asks. Capped before anything reads it: the mention stripper, the engine
    and the privacy check all see at most a question's length (plus room for the mention itself)."""
    return strip_mention(text[: MAX_QUESTION_CHARS + MENTION_ROOM], bot_user_id)


def answer_in_thread(services: ListenerServices, request: Incoming, thread: str | None) -> None:
    event = request.event
    tell = services.clients.privately(request, thread)
    if not within_limit(services, request, event.get("user"), tell):
        return
    conversation = conversation_id(request.team_id, event["channel"], thread)
    typed = event.get("text") or ""
    question = question_in(typed, request.bot_user_id)
    # A message that starts its own thread (a mention outside one) has no conversation before it.
    new = thread is not None and thread == event.get("ts") and not event.get("thread_ts")
    with starting(conversation) if new else contextlib.nullcontext():
        reply = services.answerer.ask(question, conversation, request.kind, request.request_id, typed_length=len(typed))
    message = services.answerer.message(reply, request.kind, request.request_id, conversation_id=conversation)
    say(services, request, thread, message)
    remind_if_identifiers(services, request, reply.question, tell)
