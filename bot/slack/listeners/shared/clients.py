"""The Slack clients a listener sends and reads with, each with bot/slack/delivery.py's retry policy:
posts by the Web API client (Delivery retries them, checking before re-sending what may have arrived;
the client only counts failed attempts), reads by slack_sdk's own retries, and a request's
response_url."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient

from bot.runtime.metrics import Metrics
from bot.slack.delivery import post_retry_handlers, read_retry_handlers
from bot.slack.incoming import Incoming
from bot.slack.kept_alive import KeptAliveWebClient

Say = Callable[..., Any]

# slack_sdk's webhook client logs the URL it retries at INFO unless its logger's own level is above
# DEBUG; a response_url lets whoever holds it post in the channel for 30 minutes.
_WEBHOOK_LOG = logging.getLogger("precert_bot.webhook")
_WEBHOOK_LOG.setLevel(logging.WARNING)


class SlackClients:
    """`poster` for posts, `reader` for reads, `responder(request)` for a response_url; all with the
    delivery's timeout."""

    def __init__(self, client: WebClient, metrics: Metrics, timeout: float):
        self._observer: list[RetryHandler] = post_retry_handlers(metrics)
        self._timeout = int(max(1, timeout))
        # Connections kept open between calls (bot/slack/kept_alive.py): each answer is one post.
        self.poster = KeptAliveWebClient(
            token=client.token, base_url=client.base_url, timeout=self._timeout, retry_handlers=self._observer
        )
        self.reader = KeptAliveWebClient(
            token=client.token,
            base_url=client.base_url,
            timeout=self._timeout,
            retry_handlers=read_retry_handlers(metrics),
        )

    def privately(self, request: Incoming, thread: str | None) -> Say:
        """Send text only the asker of an event sees, where they asked."""
        channel, user = request.event["channel"], request.event["user"]
        return lambda text: self.poster.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, text=text)

    def respond_once(self, request: Incoming, message: dict[str, Any]) -> Any:
        """One post to the request's response_url, without retries."""
        url = request.body["response_url"]
        return WebhookClient(url, timeout=self._timeout, logger=_WEBHOOK_LOG).send(**message)

    def responder(self, request: Incoming) -> Say:
        """Post to the request's response_url (bot/slack/delivery.py retries it). A response_url can't be
        read back, so a post that may have arrived is sent again: a private duplicate beats a lost
        answer (deploy/INSTALL-SLACK.md)."""
        url = request.body.get("response_url")
        if not url:

            def nowhere(**message: Any) -> Any:
                raise ValueError("no response_url")

            return nowhere
        client = WebhookClient(url, timeout=self._timeout, retry_handlers=self._observer, logger=_WEBHOOK_LOG)
        return lambda **message: client.send(**message)
