"""The steps every listener shares, in one place: the repeated-event check (a Bolt middleware), the
hand-off from the acknowledging thread to the answer pool, the per-person limit, sending (with its
failures counted and logged by code only), and the private notes a listener may add."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient

from bot.answerer import Answerer, where
from bot.blocks import SlackMessage
from bot.listeners.base import Answer, Incoming
from bot.metrics import Metrics
from bot.privacy import REMINDER, looks_like_patient_identifier
from bot.ratelimit import RateLimiter, limited_message
from bot.state import Deduper
from intents.engine import Engine

log = logging.getLogger("precert_bot.slack")

Say = Callable[..., Any]

# slack_sdk's webhook client logs the URL it retries at INFO unless its logger's own level is above
# DEBUG; a response_url lets whoever holds it post in the channel for 30 minutes.
_WEBHOOK_LOG = logging.getLogger("precert_bot.webhook")
_WEBHOOK_LOG.setLevel(logging.WARNING)

ButtonValue = TypeVar("ButtonValue", bound=BaseModel)


class SkipRepeatedEvents(Middleware):
    """Slack resends an event it thinks we missed (X-Slack-Retry-Num); answering twice would post
    twice. The deduper is shared by replicas, so this holds across them too. (A Middleware subclass:
    Bolt calls it as is, without matching arguments to parameter names on every request.)"""

    def __init__(self, deduper: Deduper, metrics: Metrics):
        self.deduper = deduper
        self.metrics = metrics

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not self.deduper.first_time(f"slack:event:{event_id}"):
            self.metrics.repeated_events.inc()
            retry = (req.headers.get("x-slack-retry-num") or ["-"])[0]
            log.info("slack event %s repeated (retry %s): skipped", event_id, retry)
            return BoltResponse(status=200, body="")
        return next()


class Kit:
    """What a listener's `answer(kit, request)` works with: the engine and its answerer, the Web API
    client, and the shared steps below."""

    def __init__(
        self,
        *,
        engine: Engine,
        answerer: Answerer,
        client: WebClient,
        deduper: Deduper,
        metrics: Metrics,
        limiter: RateLimiter,
        answers: Executor,
    ):
        self.engine, self.answerer, self.client = engine, answerer, client
        self.deduper, self.metrics, self.limiter = deduper, metrics, limiter
        self._answers = answers
        self._retry_handlers: list[RetryHandler] = list(client.retry_handlers)
        self._memo: dict[str, Any] = {}

    def memo(self, name: str, make: Callable[[], Any]) -> Any:
        """A value a listener computes once per app (the App Home view), not once per request."""
        if name not in self._memo:
            self._memo[name] = make()
        return self._memo[name]

    # -- the hand-off: answering and posting happen on the answer pool, never on the thread that acks
    def hand_off(self, answer: Answer, request: Incoming) -> None:
        def run() -> None:
            try:
                answer(self, request)
            except Exception as error:  # a pool swallows what it isn't told to log
                log.error(
                    "slack %s %s failed: %s at %s", request.kind, request.request_id, type(error).__name__, where(error)
                )

        self._answers.submit(run)

    # -- checks
    def first_answer_to(self, event: dict[str, Any]) -> bool:
        """A DM that mentions the bot arrives as two events with different ids: answer it once."""
        return self.deduper.first_time(f"slack:message:{event.get('channel')}:{event.get('ts')}")

    def within_limit(self, request: Incoming, user: str | None, tell: Say) -> bool:
        """Count the question; over the limit, tell the asker (privately) instead of answering."""
        if self.limiter.allow(f"{request.team_id or '-'}:{user or '-'}"):
            return True
        self.metrics.rate_limited.inc()
        log.info(
            "slack %s %s: over the per-person limit",
            request.kind,
            request.request_id,
            extra={"request_id": request.request_id},
        )
        self.post(request, lambda: tell(limited_message(self.limiter.limit)))
        return False

    def remind_if_identifiers(self, request: Incoming, question: str, tell: Say) -> None:
        if looks_like_patient_identifier(question):
            self.metrics.identifier_reminders.inc()
            self.post(request, lambda: tell(REMINDER))

    def button_value(self, model: type[ButtonValue], request: Incoming) -> ButtonValue | None:
        # The values are the bot's own, signed by Slack on the way back; still, a bad one is logged by
        # its kind only, since pydantic's message would quote it (and with it a question).
        try:
            return model.model_validate_json(request.action.get("value") or "")
        except ValidationError:
            log.error("slack action %s: unreadable %s button value", request.request_id, model.__name__)
            return None

    # -- sending
    def say(self, request: Incoming, thread: str | None, message: SlackMessage) -> Any:
        """Post in the channel the event came from (in `thread`; None: the DM itself)."""
        return self.client.chat_postMessage(channel=request.event["channel"], thread_ts=thread, **message.kwargs())

    def privately(self, request: Incoming, thread: str | None) -> Say:
        """Send text only the asker of an event sees, where they asked."""
        channel, user = request.event["channel"], request.event["user"]
        return lambda text: self.client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, text=text)

    def responder(self, request: Incoming) -> Say:
        """Post to the request's response_url. Bolt's respond() retries only a dropped connection; a
        response_url can also answer 429 or 5xx, so this uses the Web API client's retry handlers."""
        url = request.body.get("response_url")
        if not url:

            def nowhere(**message: Any) -> Any:
                raise ValueError("no response_url")

            return nowhere
        client = WebhookClient(url, retry_handlers=self._retry_handlers, logger=_WEBHOOK_LOG)
        return lambda **message: client.send(**message)

    def post(self, request: Incoming, send: Callable[[], Any]) -> bool:
        """Send, and log a failure by its code only (slack_sdk has already retried what can be
        retried). True when Slack took it."""
        kind, request_id = request.kind, request.request_id
        try:
            result = send()
        except SlackApiError as error:
            code = error.response.get("error")
            if error.response.status_code == 200:  # ok: false; failed HTTP attempts are counted as they happen
                self.metrics.slack_error(str(code))
            self.metrics.undelivered.labels(kind).inc()
            log.error("slack %s %s: sending failed: %s", kind, request_id, code)
            return False
        except (OSError, ValueError) as error:
            self.metrics.undelivered.labels(kind).inc()
            log.error("slack %s %s: sending failed: %s", kind, request_id, type(error).__name__)
            return False
        # A response_url post reports an HTTP failure instead of raising it (each failed attempt is
        # already counted by the client's retry observer).
        status = getattr(result, "status_code", 200)
        if status != 200:
            self.metrics.undelivered.labels(kind).inc()
            log.error("slack %s %s: sending failed: HTTP %s", kind, request_id, status)
            return False
        return True
