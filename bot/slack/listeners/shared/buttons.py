"""A button on one of the bot's answers, read back: its value (the bot's own, signed by Slack on the
way back) and its question asked again under the context its asker saw."""

from __future__ import annotations

import logging
import uuid
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bot.slack.incoming import Incoming
from bot.slack.listeners.shared.services import ListenerServices
from bot.slack.replies import Reply
from render.slack_blocks import ShareValue

log = logging.getLogger("precert_bot.slack")

ButtonValue = TypeVar("ButtonValue", bound=BaseModel)


def button_value(model: type[ButtonValue], request: Incoming) -> ButtonValue | None:
    # A bad value is logged by its kind only, since pydantic's message would quote it (and with it a
    # question), and as a warning: it is the request that is wrong, and nothing is done.
    try:
        return model.model_validate_json(request.action.get("value") or "")
    except ValidationError:
        log.warning("slack action %s: unreadable %s button value", request.request_id, model.__name__)
        return None


def ask_again(services: ListenerServices, value: ShareValue, request: Incoming, purpose: str) -> Reply:
    """Answer a button's question again under the context its asker saw, pinned in a conversation of
    its own, so that sharing or expanding an old answer doesn't move the thread's context."""
    pinned = f"{purpose}:{uuid.uuid4().hex}"
    if value.context is not None:
        services.engine.contexts.put(pinned, value.context)
    return services.answerer.ask(value.question, pinned, request.kind, request.request_id)
