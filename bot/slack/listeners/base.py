"""What every listener module is written against: the request as it reached the bot (`Incoming`, bot/slack/incoming.py),
the `listener` decorator that declares which Slack request a function answers (metadata only; the
wiring is bot/slack/listeners/__init__.py's), and the small readings of a request that several share."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.slack.incoming import Incoming

if TYPE_CHECKING:
    from bot.slack.listeners.shared.services import ListenerServices

# Subtypes a person produces; every other subtype is a bot, an edit, a join or other housekeeping.
HUMAN_SUBTYPES = {None, "thread_broadcast", "file_share"}


Responder = Callable[["ListenerServices", Incoming], None]
Accepts = Callable[["ListenerServices", Incoming], bool]
Keys = Callable[[Incoming], list[str]]


def _always(services: ListenerServices, request: Incoming) -> bool:
    return True


def event_key(request: Incoming) -> list[str]:
    """Slack resends an event it thinks we missed (X-Slack-Retry-Num), to any replica: its id is
    answered once."""
    event_id = request.body.get("event_id")
    return [f"slack:event:{event_id}"] if event_id else []


def message_keys(request: Incoming) -> list[str]:
    """A DM that mentions the bot arrives as two events with different ids: the message is answered once."""
    event = request.event
    return [*event_key(request), f"slack:message:{event.get('channel')}:{event.get('ts')}"]


@dataclass(frozen=True)
class ListenerSpec:
    """Which Slack request a function answers. `accepts` runs before the acknowledgement: cheap checks
    only, without I/O (is it from a person). `keys`: what makes two requests the same one (checked
    and set atomically with queueing, so of two copies exactly one is answered)."""

    kind: str
    event: str | dict[str, str] | None = None  # a dict narrows it ({"type": "message", "subtype": "file_share"})
    command: str | None = None
    action: str | None = None
    accepts: Accepts = field(default=_always)
    keys: Keys = field(default=event_key)


SPEC_ATTRIBUTE = "slack_listener"


def listener(
    kind: str,
    *,
    event: str | dict[str, str] | None = None,
    command: str | None = None,
    action: str | None = None,
    accepts: Accepts | None = None,
    keys: Keys = event_key,
) -> Callable[[Responder], Responder]:
    """Declare that the decorated `answer(services, request)` answers one Slack event, command or action.
    Attaches a ListenerSpec and nothing else; `register()` finds it in the modules it is given."""
    if sum(x is not None for x in (event, command, action)) != 1:
        raise ValueError("a listener answers exactly one of: an event, a command, an action")
    spec = ListenerSpec(kind, event, command, action, accepts or _always, keys)

    def attach(answer: Responder) -> Responder:
        setattr(answer, SPEC_ATTRIBUTE, spec)
        return answer

    return attach


def request_id(body: dict[str, Any]) -> str:
    """What logs call a request: the event id for events, the trigger id for commands and actions."""
    return str(body.get("event_id") or body.get("trigger_id") or "-")


def conversation_id(team: str | None, channel: str, thread: str | None = None) -> str:
    """Whose context a follow-up continues: a channel thread, a DM thread, or a DM as a whole."""
    return ":".join(part for part in (team or "-", channel, thread) if part)


# A mention is <@U123> or <@U123|name>; Slack's display names are at most 80 characters.
MENTION_LABEL_CHARS = 80


def strip_mention(text: str, bot_user_id: str | None) -> str:
    """The text without the bot's own mentions. Callers cap the text first (bot/slack/listeners/threads.py):
    this runs on at most a question's length, with a bounded label, so '<@UBOT|' repeated 40,000
    times costs what any other 4,000 characters cost."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]{{0,{MENTION_LABEL_CHARS}}})?>", " ", text)
    return text.strip()


def from_a_person(event: dict[str, Any]) -> bool:
    return not event.get("bot_id") and event.get("subtype") in HUMAN_SUBTYPES and bool(event.get("user"))
