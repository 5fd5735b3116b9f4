"""The per-person limit: each question is counted against its asker (per workspace); over the limit,
the asker is told privately instead of answered."""

from __future__ import annotations

import logging

from bot.slack.incoming import Incoming
from bot.slack.listeners.shared.clients import Say
from bot.slack.listeners.shared.services import ListenerServices
from bot.slack.notices import notice

log = logging.getLogger("precert_bot.slack")


def within_limit(services: ListenerServices, request: Incoming, user: str | None, tell: Say) -> bool:
    """Count the question; False (and the asker told) when it is over the limit."""
    if services.limiter.allow(f"{request.team_id or '-'}:{user or '-'}"):
        return True
    services.metrics.rate_limited.inc()
    log.info(
        "slack %s %s: over the per-person limit",
        request.kind,
        request.request_id,
        extra={"request_id": request.request_id},
    )
    services.sender.post(request, lambda: tell(notice("over_limit", limit=services.limiter.limit)))
    return False
