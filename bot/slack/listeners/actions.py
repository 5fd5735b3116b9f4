"""The buttons on an answer: Share (post the private answer in the channel) and a clarification's
choices (answer again with the name picked)."""

from __future__ import annotations

import re

from bot.slack.listeners.base import Incoming, listener
from bot.slack.listeners.shared.buttons import ask_again, button_value
from bot.slack.listeners.shared.services import ListenerServices
from bot.slack.notices import notice
from intents.engine import Engine
from intents.reading.normalize import normalize
from render.slack_blocks import CHOICE_ACTION, SHARE_ACTION, Choice, ShareValue


def with_choice(engine: Engine, question: str, name: str) -> str | None:
    """The question again with the word the engine could not decide on replaced by the chosen name."""
    found = engine.matcher.resolve(normalize(question))
    if not found.ambiguities:
        return None
    typed = found.ambiguities[0].text
    pattern = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, typed.split())) + r"(?!\w)", re.IGNORECASE)
    for text in (question, normalize(question).clean):
        replaced, n = pattern.subn(name, text, count=1)
        if n:
            return replaced
    return None


@listener("share", action=SHARE_ACTION)
def on_share(services: ListenerServices, request: Incoming) -> None:
    share = button_value(ShareValue, request)
    if share is None:
        return
    respond = services.clients.responder(request)
    reply = ask_again(services, share, request, "share")
    if reply.answer is None:
        message = services.answerer.message(reply, request.kind, request.request_id)
        services.sender.post(request, lambda: respond(response_type="ephemeral", **message.kwargs()))
        return
    user = (request.body.get("user") or {}).get("id")
    message = services.answerer.message(reply, request.kind, request.request_id, shared_by=user)
    shared = services.sender.post(
        request, lambda: respond(response_type="in_channel", replace_original=False, **message.kwargs())
    )
    if shared:  # the private copy goes only once the public one is there
        services.sender.post(request, lambda: respond(delete_original=True))
    else:
        services.sender.post(request, lambda: respond(response_type="ephemeral", text=notice("share_failed")))


@listener("choice", action=CHOICE_ACTION)
def on_choice(services: ListenerServices, request: Incoming) -> None:
    choice = button_value(Choice, request)
    if choice is None:
        return
    respond = services.clients.responder(request)
    question = with_choice(services.engine, choice.question, choice.name) if choice.question else None
    reply = services.answerer.ask(question or choice.name, choice.conversation, request.kind, request.request_id)
    # An ephemeral question (the slash command) keeps its Share button once clarified.
    ephemeral = bool((request.body.get("container") or {}).get("is_ephemeral"))
    message = services.answerer.message(
        reply,
        request.kind,
        request.request_id,
        conversation_id=choice.conversation,
        share=reply.share() if ephemeral else None,
        preface=[notice("you_chose", name=choice.name)],
    )
    services.sender.post(request, lambda: respond(replace_original=True, **message.kwargs()))
