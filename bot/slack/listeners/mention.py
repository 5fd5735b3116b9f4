"""@precert-bot in a channel: answered in the message's thread (a schedule attached: bot/slack/listeners/files.py)."""

from __future__ import annotations

from bot.slack.listeners.base import Incoming, from_a_person, listener, message_keys
from bot.slack.listeners.files import check_shared_tables, table_files
from bot.slack.listeners.shared.services import ListenerServices
from bot.slack.listeners.threads import answer_in_thread


def _accepts(services: ListenerServices, request: Incoming) -> bool:
    return from_a_person(request.event)


@listener("app_mention", event="app_mention", accepts=_accepts, keys=message_keys)
def on_mention(services: ListenerServices, request: Incoming) -> None:
    event = request.event
    if table_files(event):  # a schedule attached to the mention: the table, not an answer to the text
        check_shared_tables(services, request, event.get("thread_ts") or event["ts"])
    else:
        answer_in_thread(services, request, event.get("thread_ts") or event["ts"])
