"""Sending anything to Slack through bot/slack/delivery.py's retries: True when Slack took it; a
failure counted and logged by its code only (never the message, which may quote a question); at the
deadline a short apology to the asker, if Slack takes that."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from bot.runtime.metrics import Metrics
from bot.slack.delivery import Delivery, Outcome
from bot.slack.incoming import Incoming
from bot.slack.notices import notice

log = logging.getLogger("precert_bot.slack")


class Sender:
    def __init__(self, delivery: Delivery, metrics: Metrics):
        self.delivery, self.metrics = delivery, metrics

    def post(
        self,
        request: Incoming,
        send: Callable[[], Any],
        *,
        verify: Callable[[], bool] | None = None,
        apologise: Callable[[str], Any] | None = None,
    ) -> bool:
        kind, request_id = request.kind, request.request_id
        age = time.time() - request.acked_at if request.acked_at else 0.0
        attempt = self.delivery.send(
            send, verify=verify, check_first=request.recheck, age=age, label=f"{kind} {request_id}"
        )
        if attempt.outcome is Outcome.DONE:
            return True
        if attempt.reason == "stopping":  # a shutdown: the request stays in the outbox
            return False
        self.metrics.undelivered.labels(kind).inc()
        reason = attempt.reason.replace("http_", "HTTP ") if attempt.reason.startswith("http_") else attempt.reason
        log.error("slack %s %s: sending failed: %s", kind, request_id, reason)
        if attempt.reason == "deadline":
            self.metrics.abandoned.labels(kind).inc()
            if apologise is not None:
                try:
                    apologise(notice("gave_up"))
                except Exception as error:
                    log.warning("slack %s %s: apology failed too: %s", kind, request_id, type(error).__name__)
        return False
