"""An answer posted in the channel its question came from, once: the post carries its question's
identity in its metadata, so after a failure that may have come after Slack took it, the thread (or
the DM since the question) is read before the post is sent again."""

from __future__ import annotations

from typing import Any

from bot.slack.incoming import Incoming
from bot.slack.listeners.shared.clients import SlackClients
from bot.slack.listeners.shared.services import ListenerServices
from render.slack_blocks import SlackMessage

METADATA_EVENT = "precert_answer"
THREAD_READ_LIMIT = 200
DM_READ_LIMIT = 100


def say(services: ListenerServices, request: Incoming, thread: str | None, message: SlackMessage) -> bool:
    """Post `message` where the event came from (in `thread`; None: the DM itself). True when Slack took it."""
    clients, event = services.clients, request.event
    channel = event["channel"]
    post_id = f"{channel}:{event.get('ts')}"
    metadata = {"event_type": METADATA_EVENT, "event_payload": {"post": post_id}}

    def send() -> Any:
        return clients.poster.chat_postMessage(channel=channel, thread_ts=thread, metadata=metadata, **message.kwargs())

    def posted() -> bool:
        return already_posted(clients, channel, thread, event.get("ts"), post_id)

    def apologise(text: str) -> Any:
        return clients.poster.chat_postMessage(channel=channel, thread_ts=thread, text=text)

    return services.sender.post(request, send, verify=posted, apologise=apologise)


def already_posted(clients: SlackClients, channel: str, thread: str | None, asked_ts: str | None, post_id: str) -> bool:
    """Whether the thread (or the DM since the question) holds a post with this identity."""
    if thread:
        found = clients.reader.conversations_replies(
            channel=channel, ts=thread, include_all_metadata=True, limit=THREAD_READ_LIMIT
        )
    else:
        found = clients.reader.conversations_history(
            channel=channel, oldest=asked_ts, include_all_metadata=True, limit=DM_READ_LIMIT
        )
    for message in found.get("messages") or []:
        payload = (message.get("metadata") or {}).get("event_payload") or {}
        if payload.get("post") == post_id:
            return True
    return False
