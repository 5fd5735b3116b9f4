"""/precert: a private answer, with a button to share it in the channel."""

from __future__ import annotations

from typing import Any

from bot.runtime.privacy import looks_like_patient_identifier
from bot.slack.listeners.base import Incoming, conversation_id, listener
from bot.slack.listeners.shared.per_person_limit import within_limit
from bot.slack.listeners.shared.services import ListenerServices
from bot.slack.notices import notice


@listener("command", command="/precert")
def on_command(services: ListenerServices, request: Incoming) -> None:
    command = request.body
    user = command.get("user_id", "-")
    # Each person's slash commands in a channel are their own private conversation.
    conversation = conversation_id(command.get("team_id"), command.get("channel_id", "-"), f"slash-{user}")
    respond = services.clients.responder(request)

    def tell(text: str) -> Any:
        return respond(response_type="ephemeral", text=text)

    if not within_limit(services, request, user, tell):
        return
    reply = services.answerer.ask(command.get("text") or "", conversation, request.kind, request.request_id)
    if looks_like_patient_identifier(reply.question):
        # The whole answer is private here, so the reminder goes with it rather than after it.
        services.metrics.identifier_reminders.inc()
        reply.notes.append(notice("patient_details"))
    message = services.answerer.message(
        reply, request.kind, request.request_id, conversation_id=conversation, share=reply.share()
    )
    services.sender.post(request, lambda: respond(response_type="ephemeral", **message.kwargs()))
