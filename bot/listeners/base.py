"""What every listener module is written against: the request as it reached the bot (`Incoming`),
the `listener` decorator that declares which Slack request a function answers (metadata only; the
wiring is bot/listeners/__init__.py's), and the small readings of a request that several share."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.listeners.kit import Kit

# Subtypes a person produces; every other subtype is a bot, an edit, a join or other housekeeping.
HUMAN_SUBTYPES = {None, "thread_broadcast", "file_share"}


@dataclass(frozen=True)
class Incoming:
    """One acknowledged Slack request: its kind (for logs and metrics), its id, the body as Bolt parsed
    it, and the bot's own user id. Plain data, so that answering it needs nothing from the moment it
    arrived: not Bolt's say/respond, nor the thread that acknowledged it."""

    kind: str
    request_id: str
    body: dict[str, Any]
    bot_user_id: str | None = None

    @property
    def event(self) -> dict[str, Any]:
        return self.body.get("event") or {}

    @property
    def action(self) -> dict[str, Any]:
        actions = self.body.get("actions") or [{}]
        return actions[0]

    @property
    def team_id(self) -> str | None:
        return self.body.get("team_id") or (self.body.get("team") or {}).get("id")


Answer = Callable[["Kit", Incoming], None]
Accepts = Callable[["Kit", Incoming], bool]


def _always(kit: Kit, request: Incoming) -> bool:
    return True


@dataclass(frozen=True)
class ListenerSpec:
    """Which Slack request a function answers. `accepts` runs on Bolt's listener thread, before the
    hand-off: cheap checks only (is it from a person, has it been answered already)."""

    kind: str
    event: str | dict[str, str] | None = None  # a dict narrows it ({"type": "message", "subtype": "file_share"})
    command: str | None = None
    action: str | None = None
    accepts: Accepts = field(default=_always)


SPEC_ATTRIBUTE = "slack_listener"


def listener(
    kind: str,
    *,
    event: str | dict[str, str] | None = None,
    command: str | None = None,
    action: str | None = None,
    accepts: Accepts | None = None,
) -> Callable[[Answer], Answer]:
    """Declare that the decorated `answer(kit, request)` answers one Slack event, command or action.
    Attaches a ListenerSpec and nothing else; `register()` finds it in the modules it is given."""
    if sum(x is not None for x in (event, command, action)) != 1:
        raise ValueError("a listener answers exactly one of: an event, a command, an action")
    spec = ListenerSpec(kind, event, command, action, accepts or _always)

    def attach(answer: Answer) -> Answer:
        setattr(answer, SPEC_ATTRIBUTE, spec)
        return answer

    return attach


def request_id(body: dict[str, Any]) -> str:
    """What logs call a request: the event id for events, the trigger id for commands and actions."""
    return str(body.get("event_id") or body.get("trigger_id") or "-")


def conversation_id(team: str | None, channel: str, thread: str | None = None) -> str:
    """Whose context a follow-up continues: a channel thread, a DM thread, or a DM as a whole."""
    return ":".join(part for part in (team or "-", channel, thread) if part)


def strip_mention(text: str, bot_user_id: str | None) -> str:
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    return text.strip()


def from_a_person(event: dict[str, Any]) -> bool:
    return not event.get("bot_id") and event.get("subtype") in HUMAN_SUBTYPES and bool(event.get("user"))
