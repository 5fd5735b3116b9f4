"""The shapes of Slack's requests, as far as the bot reads them: checked after the signature and
before Bolt, so that a signed but malformed request (a bug in a proxy, a replayed test payload, a
leaked signing secret) is a 400 and one WARNING line instead of a 500 and an error in the logs.

Only the fields the bot or Bolt reads are typed; everything else passes as it is. Parsing follows
Bolt's own (slack_bolt.request.internals.parse_body), so what passes here is what Bolt will see.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

# Slack's own values: a url_verification challenge is a token (echoed back, so nothing else is), and a
# response_url is a URL the bot will post to.
_TOKEN = r"^[A-Za-z0-9_.\-]{1,256}$"
_URL = r"^https?://[^\s<>]+$"


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Authorization(_Shape):
    team_id: str | None = None
    user_id: str | None = None
    enterprise_id: str | None = None


MESSAGE_EVENTS = frozenset({"app_mention", "message"})


class File(_Shape):
    """A file a message carries, as far as the bot reads it (which is a schedule, and its id)."""

    id: str = Field(min_length=1)
    name: str | None = None
    filetype: str | None = None
    mimetype: str | None = None


class Event(_Shape):
    type: str
    subtype: str | None = None
    channel: str | None = None
    channel_type: str | None = None
    user: str | None = None
    bot_id: str | None = None
    text: str | None = None
    ts: str | None = None
    thread_ts: str | None = None
    event_ts: str | None = None
    tab: str | None = None
    files: list[File] | None = None

    @model_validator(mode="after")
    def _placed(self) -> Event:
        # A message or mention is answered where it was said: its channel and its ts.
        if self.type in MESSAGE_EVENTS and not (self.channel and self.ts):
            raise ValueError("a message without its channel and ts")
        return self


class EventEnvelope(_Shape):
    type: str
    team_id: str | None = None
    api_app_id: str | None = None
    event_id: str | None = None
    event: Event | None = None
    authorizations: list[Authorization] | None = None
    challenge: str | None = Field(default=None, pattern=_TOKEN)


class Named(_Shape):
    id: str | None = None


class Person(_Shape):
    id: str = Field(min_length=1)


class Action(_Shape):
    action_id: str = Field(min_length=1)
    block_id: str | None = None
    value: str | None = None
    type: str | None = None


class Container(_Shape):
    type: str | None = None
    message_ts: str | None = None
    thread_ts: str | None = None
    channel_id: str | None = None
    is_ephemeral: bool | None = None


class Interaction(_Shape):
    type: str
    trigger_id: str | None = None
    response_url: str | None = Field(default=None, pattern=_URL)
    user: Named | None = None
    team: Named | None = None
    channel: Named | None = None
    container: Container | None = None
    actions: list[Action] | None = None
    message: dict[str, Any] | None = None
    state: dict[str, Any] | None = None
    view: dict[str, Any] | None = None
    response_urls: list[dict[str, Any]] | None = None


class BlockActions(Interaction):
    """A click: on whose behalf, which button, and where to answer (a message's response_url; App Home
    buttons have none and answer by the Web API)."""

    user: Person
    container: Container
    actions: list[Action] = Field(min_length=1)

    @model_validator(mode="after")
    def _answerable(self) -> BlockActions:
        if self.container.type != "view" and not self.response_url:
            raise ValueError("a click on a message without a response_url")
        return self


class View(_Shape):
    id: str | None = None
    type: str | None = None
    callback_id: str | None = None
    private_metadata: str | None = None
    state: dict[str, dict[str, dict[str, Any]]] | None = None


class ViewInteraction(Interaction):
    user: Person
    view: View  # type: ignore[assignment]


# The interactions Slack sends; any other type is not from Slack. Those the bot has no listener for
# are Bolt's 404, with nothing done.
INTERACTIONS: dict[str, type[Interaction]] = {
    "block_actions": BlockActions,
    "view_submission": ViewInteraction,
    "view_closed": ViewInteraction,
    "shortcut": Interaction,
    "message_action": Interaction,
    "block_suggestion": Interaction,
    "interactive_message": Interaction,
    "dialog_submission": Interaction,
    "dialog_cancellation": Interaction,
    "dialog_suggestion": Interaction,
    "workflow_step_edit": Interaction,
}


class Command(_Shape):
    command: str = Field(min_length=2)
    text: str = ""
    response_url: str = Field(pattern=_URL)
    trigger_id: str | None = None
    user_id: str = Field(min_length=1)
    team_id: str | None = None
    channel_id: str = Field(min_length=1)


class Malformed(ValueError):
    """What was wrong, by field path only: pydantic's messages quote the input, which may be a question."""


def _where(error: ValidationError) -> str:
    first = error.errors()[0]
    return ".".join(str(part) for part in first["loc"]) or "body"


def check(body: bytes, content_type: str | None) -> None:
    """Raise Malformed unless `body` is a request Bolt can read and the bot can answer."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("not UTF-8") from None
    if not text:
        raise Malformed("empty body")
    with _readable():
        if (content_type or "").split(";")[0].strip() == "application/json" or text.startswith("{"):
            _event_envelope(json.loads(text))
            return
        if "payload" in text:
            payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
            if payload is None:
                raise Malformed("form without a payload")
            _interaction(json.loads(payload))
            return
        fields = parse_qsl(text, keep_blank_values=True)
        names = [name for name, _ in fields]
        if len(names) != len(set(names)):
            raise Malformed("a form field given twice")
        if "ssl_check" in names:
            return
        Command.model_validate(dict(fields))


def check_envelope(kind: str, payload: Any) -> None:
    """Socket Mode: raise Malformed unless an envelope's payload (already JSON) is one the bot can answer.
    `kind`: the envelope's type (events_api, interactive, slash_commands)."""
    with _readable():
        if kind == "events_api":
            _event_envelope(payload)
        elif kind == "interactive":
            _interaction(payload)
        elif kind == "slash_commands":
            if not isinstance(payload, dict):
                raise Malformed("a command that is not an object")
            Command.model_validate(payload)
        else:
            raise Malformed("an envelope of no type Slack sends")


def _event_envelope(data: Any) -> None:
    if not isinstance(data, dict):
        raise Malformed("JSON that is not an object")
    if data.get("event") is None and data.get("type") == "event_callback":
        raise Malformed("event callback without an event")
    EventEnvelope.model_validate(data)


def _interaction(data: Any) -> None:
    if not isinstance(data, dict):
        raise Malformed("payload that is not an object")
    shape = INTERACTIONS.get(data.get("type")) if isinstance(data.get("type"), str) else None
    if shape is None:
        raise Malformed("an interaction of no type Slack sends")
    shape.model_validate(data)


@contextmanager
def _readable() -> Iterator[None]:
    """What went wrong as Malformed, by field path only."""
    try:
        yield
    except Malformed:
        raise
    except ValidationError as error:
        raise Malformed(f"unexpected {_where(error)}") from None
    except (ValueError, RecursionError) as error:  # json.JSONDecodeError is a ValueError
        raise Malformed(f"unreadable ({type(error).__name__})") from None
