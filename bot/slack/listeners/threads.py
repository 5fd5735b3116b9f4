"""What a mention and a DM share: the question answered where it was asked, in a thread (or the DM
itself), with a private reminder when it held what looks like a patient identifier."""

from __future__ import annotations

from bot.slack.listeners.base import MENTION_LABEL_CHARS, Incoming, conversation_id, strip_mention
from bot.slack.listeners.kit import Kit
from intents.engine import MAX_QUESTION_CHARS

MENTION_ROOM = 2 * (MENTION_LABEL_CHARS + 20)  # a mention or two before the question


def question_in(text: str, bot_user_id: str | None) -> str:
    """The question a message asks. Capped before anything reads it: the mention stripper, the engine
    and the privacy check all see at most a question's length (plus room for the mention itself)."""
    return strip_mention(text[: MAX_QUESTION_CHARS + MENTION_ROOM], bot_user_id)


def answer_in_thread(kit: Kit, request: Incoming, thread: str | None) -> None:
    event = request.event
    tell = kit.privately(request, thread)
    if not kit.within_limit(request, event.get("user"), tell):
        return
    conversation = conversation_id(request.team_id, event["channel"], thread)
    typed = event.get("text") or ""
    question = question_in(typed, request.bot_user_id)
    reply = kit.answerer.ask(question, conversation, request.kind, request.request_id, typed_length=len(typed))
    message = kit.answerer.message(reply, request.kind, request.request_id, conversation_id=conversation)
    kit.say(request, thread, message)
    kit.remind_if_identifiers(request, reply.question, tell)
