"""A question that looks like it holds a patient identifier gets its asker a private reminder, after
the answer (bot/runtime/privacy.py decides what looks like one)."""

from __future__ import annotations

from bot.runtime.privacy import looks_like_patient_identifier
from bot.slack.incoming import Incoming
from bot.slack.listeners.shared.clients import Say
from bot.slack.listeners.shared.services import ListenerServices
from bot.slack.notices import notice


def remind_if_identifiers(services: ListenerServices, request: Incoming, question: str, tell: Say) -> None:
    if looks_like_patient_identifier(question):
        services.metrics.identifier_reminders.inc()
        services.sender.post(request, lambda: tell(notice("patient_details")))
