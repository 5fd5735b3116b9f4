"""What every listener's `answer(services, request)` is given: the engine and its answerer, the
metrics, the per-person limiter, the outbox, the Slack clients, the sender and the hand-off — built
once per app (make_services) and shared by every request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.runtime.metrics import Metrics
from bot.runtime.ratelimit import RateLimiter, Unlimited
from bot.slack.delivery import Delivery, RetryPolicy
from bot.slack.listeners.shared.clients import SlackClients
from bot.slack.listeners.shared.handoff import Handoff
from bot.slack.listeners.shared.sending import Sender
from bot.slack.outbox import Outbox
from bot.slack.replies import Answerer
from intents.engine import Engine


class ListenerServices:
    def __init__(
        self,
        *,
        engine: Engine,
        answerer: Answerer,
        client: WebClient,
        outbox: Outbox,
        metrics: Metrics,
        limiter: RateLimiter,
        delivery: Delivery,
    ):
        self.engine, self.answerer, self.outbox = engine, answerer, outbox
        self.metrics, self.limiter = metrics, limiter
        self.clients = SlackClients(client, metrics, delivery.policy.timeout)
        self.sender = Sender(delivery, metrics)
        self.handoff = Handoff(outbox, self.clients, metrics)
        self._memo: dict[str, Any] = {}

    def memo(self, name: str, make: Callable[[], Any]) -> Any:
        """A value a listener computes once per app (the App Home view), not once per request."""
        if name not in self._memo:
            self._memo[name] = make()
        return self._memo[name]


def make_services(
    engine: Engine,
    client: WebClient,
    outbox: Outbox,
    *,
    metrics: Metrics,
    limiter: RateLimiter | None = None,
    log_text: bool = False,
    retry_policy: RetryPolicy | None = None,
) -> ListenerServices:
    """limiter: questions per person (default: none); log_text: log questions, patient identifiers
    masked (LOG_MESSAGE_TEXT)."""
    return ListenerServices(
        engine=engine,
        answerer=Answerer(engine, metrics, log_text),
        client=client,
        outbox=outbox,
        metrics=metrics,
        limiter=limiter or Unlimited(),
        delivery=Delivery(metrics, retry_policy, stopping=outbox.stopping),
    )
