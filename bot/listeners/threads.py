"""What a mention and a DM share: the question answered where it was asked, in a thread (or the DM
itself), with a private reminder when it held what looks like a patient identifier."""

from __future__ import annotations

from bot.listeners.base import Incoming, conversation_id, strip_mention
from bot.listeners.kit import Kit


def answer_in_thread(kit: Kit, request: Incoming, thread: str | None) -> None:
    event = request.event
    tell = kit.privately(request, thread)
    if not kit.within_limit(request, event.get("user"), tell):
        return
    conversation = conversation_id(request.team_id, event["channel"], thread)
    question = strip_mention(event.get("text") or "", request.bot_user_id)
    reply = kit.answerer.ask(question, conversation, request.kind, request.request_id)
    message = kit.answerer.message(reply, request.kind, request.request_id, conversation_id=conversation)
    kit.say(request, thread, message)
    kit.remind_if_identifiers(request, reply.question, tell)
