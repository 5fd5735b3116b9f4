"""The buttons on an answer: Share (post the private answer in the channel) and a clarification's
choices (answer again with the name picked)."""

from __future__ import annotations

import re

from bot.slack.listeners.base import Incoming, listener
from bot.slack.listeners.kit import Kit
from intents.engine import Engine
from intents.reading.normalize import normalize
from render.slack_blocks import CHOICE_ACTION, SHARE_ACTION, Choice, ShareValue

SHARE_FAILED = "Sorry, I couldn't share that answer in the channel; it is still here for you."


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
def on_share(kit: Kit, request: Incoming) -> None:
    share = kit.button_value(ShareValue, request)
    if share is None:
        return
    respond = kit.responder(request)
    reply = kit.ask_again(share, request, "share")
    if reply.answer is None:
        message = kit.answerer.message(reply, request.kind, request.request_id)
        kit.post(request, lambda: respond(response_type="ephemeral", **message.kwargs()))
        return
    user = (request.body.get("user") or {}).get("id")
    message = kit.answerer.message(reply, request.kind, request.request_id, shared_by=user)
    shared = kit.post(request, lambda: respond(response_type="in_channel", replace_original=False, **message.kwargs()))
    if shared:  # the private copy goes only once the public one is there
        kit.post(request, lambda: respond(delete_original=True))
    else:
        kit.post(request, lambda: respond(response_type="ephemeral", text=SHARE_FAILED))


@listener("choice", action=CHOICE_ACTION)
def on_choice(kit: Kit, request: Incoming) -> None:
    choice = kit.button_value(Choice, request)
    if choice is None:
        return
    respond = kit.responder(request)
    question = with_choice(kit.engine, choice.question, choice.name) if choice.question else None
    reply = kit.answerer.ask(question or choice.name, choice.conversation, request.kind, request.request_id)
    # An ephemeral question (the slash command) keeps its Share button once clarified.
    ephemeral = bool((request.body.get("container") or {}).get("is_ephemeral"))
    message = kit.answerer.message(
        reply,
        request.kind,
        request.request_id,
        conversation_id=choice.conversation,
        share=reply.share() if ephemeral else None,
        preface=[f"You chose {choice.name}."],
    )
    kit.post(request, lambda: respond(replace_original=True, **message.kwargs()))
