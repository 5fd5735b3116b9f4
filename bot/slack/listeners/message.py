"""A direct message: answered in the DM (in its thread when it was asked in one). Channel messages
reach the app as app_mention when they name it (bot/slack/listeners/mention.py)."""

from __future__ import annotations

from bot.slack.listeners.base import Incoming, from_a_person, listener, message_keys
from bot.slack.listeners.shared.services import ListenerServices
from bot.slack.listeners.threads import answer_in_thread


def _accepts(services: ListenerServices, request: Incoming) -> bool:
    event = request.event
    return event.get("channel_type") == "im" and from_a_person(event)


@listener("message.im", event="message", accepts=_accepts, keys=message_keys)
def on_direct_message(services: ListenerServices, request: Incoming) -> None:
    answer_in_thread(services, request, request.event.get("thread_ts"))
