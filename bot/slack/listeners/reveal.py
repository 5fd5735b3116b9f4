"""The buttons that show more of an answer: "Show sources" (the verbatim lines it rests on), "Show all"
(every row of a list) and "More examples" (all of help). Each answers the question again under the
context it was first answered in and updates the message in place, through the response_url, which
works alike for a message in a channel or thread and for an ephemeral /precert answer."""

from __future__ import annotations

from typing import Any

from bot.slack.listeners.base import Incoming, listener
from bot.slack.listeners.shared.buttons import ask_again, button_value
from bot.slack.listeners.shared.services import ListenerServices
from render.slack_blocks import MORE_EXAMPLES_ACTION, SHOW_ALL_ACTION, SHOW_SOURCES_ACTION, ShareValue, continued_items


def _expand(services: ListenerServices, request: Incoming, **render: Any) -> None:
    """Answer again, in place, with more shown; a list too long for one message continues below it:
    in the thread for a message in a channel or DM, privately for an ephemeral answer."""
    value = button_value(ShareValue, request)
    if value is None:
        return
    respond = services.clients.responder(request)
    reply = ask_again(services, value, request, "reveal")
    ephemeral = bool((request.body.get("container") or {}).get("is_ephemeral"))
    message = services.answerer.message(
        reply, request.kind, request.request_id, reveal=value, share=reply.share() if ephemeral else None, **render
    )
    if not services.sender.post(request, lambda: respond(replace_original=True, **message.kwargs())):
        return
    if not render.get("all_items") or reply.answer is None:
        return
    container = request.body.get("container") or {}
    thread = container.get("thread_ts") or container.get("message_ts")
    channel = container.get("channel_id") or (request.body.get("channel") or {}).get("id")
    for more in continued_items(reply.answer, message.items_shown):
        if ephemeral:
            sent = services.sender.post(
                request, lambda m=more: respond(response_type="ephemeral", replace_original=False, **m.kwargs())
            )
        else:
            sent = services.sender.post(
                request,
                lambda m=more: services.clients.poster.chat_postMessage(
                    channel=channel, thread_ts=thread, **m.kwargs()
                ),
            )
        if not sent:
            return


@listener("show_sources", action=SHOW_SOURCES_ACTION)
def on_show_sources(services: ListenerServices, request: Incoming) -> None:
    _expand(services, request, sources_shown=True)


@listener("show_all", action=SHOW_ALL_ACTION)
def on_show_all(services: ListenerServices, request: Incoming) -> None:
    _expand(services, request, all_items=True)


@listener("more_examples", action=MORE_EXAMPLES_ACTION)
def on_more_examples(services: ListenerServices, request: Incoming) -> None:
    _expand(services, request, all_examples=True)
