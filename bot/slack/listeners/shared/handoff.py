"""The hand-off, before Slack gets its acknowledgement: a request into the outbox with its
de-duplication keys. A repeat is skipped; a full outbox gets the asker a short notice instead (sent
from a small pool of its own, one try: whatever fills the outbox is probably Slack refusing posts)."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from bot.runtime.metrics import Metrics
from bot.slack.incoming import Incoming
from bot.slack.listeners.shared.clients import SlackClients
from bot.slack.notices import notice
from bot.slack.outbox import Outbox, Put

log = logging.getLogger("precert_bot.slack")

NOTICE_THREADS = 2


class Handoff:
    def __init__(self, outbox: Outbox, clients: SlackClients, metrics: Metrics):
        self.outbox, self.clients, self.metrics = outbox, clients, metrics
        self._notices = ThreadPoolExecutor(max_workers=NOTICE_THREADS, thread_name_prefix="precert-notice")

    def put(self, request: Incoming, keys: list[str]) -> Put:
        put = self.outbox.put(request, keys)
        if put is Put.REPEATED:
            self.metrics.repeated_events.inc()
            log.info("slack %s %s repeated: skipped", request.kind, request.request_id)
        elif put is Put.FULL:
            self.metrics.overloaded.inc()
            log.warning("slack %s %s: outbox full, sending the overload notice", request.kind, request.request_id)
            self._notices.submit(self._overloaded, request)
        return put

    def _overloaded(self, request: Incoming) -> None:
        text = notice("overloaded")
        try:
            if request.body.get("response_url"):
                self.clients.respond_once(request, {"response_type": "ephemeral", "text": text})
            elif request.event.get("channel") and request.event.get("user"):
                thread = request.event.get("thread_ts") or request.event.get("ts")
                self.clients.privately(request, thread)(text)
        except Exception as error:
            log.warning(
                "slack %s %s: overload notice failed: %s", request.kind, request.request_id, type(error).__name__
            )
