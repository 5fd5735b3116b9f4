"""The steps every listener shares, in one place: putting a request in the outbox (with its
de-duplication keys), the per-person limit, and sending, through bot/slack/delivery.py's retries, with
failures counted and logged by code only, and the private notes a listener may add."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from slack_sdk import WebClient
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient

from bot.runtime.metrics import Metrics
from bot.runtime.privacy import REMINDER, looks_like_patient_identifier
from bot.runtime.ratelimit import RateLimiter, limited_message
from bot.slack.delivery import Delivery, Outcome, post_retry_handlers, read_retry_handlers
from bot.slack.incoming import Incoming
from bot.slack.outbox import Outbox, Put
from bot.slack.replies import Answerer, Reply
from intents.engine import Engine
from render.slack_blocks import ShareValue, SlackMessage

log = logging.getLogger("precert_bot.slack")

Say = Callable[..., Any]

# slack_sdk's webhook client logs the URL it retries at INFO unless its logger's own level is above
# DEBUG; a response_url lets whoever holds it post in the channel for 30 minutes.
_WEBHOOK_LOG = logging.getLogger("precert_bot.webhook")
_WEBHOOK_LOG.setLevel(logging.WARNING)

METADATA_EVENT = "precert_answer"
OVERLOADED = (
    "I'm getting more questions than I can answer right now, so I haven't answered this one. "
    "Please ask again in a few minutes."
)
GAVE_UP = (
    "Sorry, Slack wasn't accepting my answer to your question for several minutes, so I've stopped "
    "trying. Please ask again."
)

ButtonValue = TypeVar("ButtonValue", bound=BaseModel)


class Kit:
    """What a listener's `answer(kit, request)` works with: the engine and its answerer, the Web API
    client, and the shared steps below."""

    def __init__(
        self,
        *,
        engine: Engine,
        answerer: Answerer,
        client: WebClient,
        outbox: Outbox,
        metrics: Metrics,
        limiter: RateLimiter,
        delivery: Delivery | None = None,
    ):
        self.engine, self.answerer, self.outbox = engine, answerer, outbox
        self.metrics, self.limiter = metrics, limiter
        # Retries as bot/slack/delivery.py decides: posts by Delivery, which checks before re-sending what
        # may have arrived (the posting client only counts failed attempts); reads by slack_sdk.
        self._observer: list[RetryHandler] = post_retry_handlers(metrics)
        self.delivery = delivery or Delivery(metrics, stopping=outbox.stopping)
        self._timeout = self.delivery.policy.timeout
        self.client = WebClient(
            token=client.token,
            base_url=client.base_url,
            timeout=int(max(1, self._timeout)),
            retry_handlers=self._observer,
        )
        self.reader = WebClient(
            token=client.token,
            base_url=client.base_url,
            timeout=int(max(1, self._timeout)),
            retry_handlers=read_retry_handlers(metrics),
        )
        self._notices = ThreadPoolExecutor(max_workers=2, thread_name_prefix="precert-notice")
        self._memo: dict[str, Any] = {}

    def memo(self, name: str, make: Callable[[], Any]) -> Any:
        """A value a listener computes once per app (the App Home view), not once per request."""
        if name not in self._memo:
            self._memo[name] = make()
        return self._memo[name]

    # -- the hand-off: into the outbox before Slack gets its acknowledgement
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
        # One try, no retries: whatever is filling the outbox is probably Slack refusing posts.
        try:
            if request.body.get("response_url"):
                self._respond_once(request, {"response_type": "ephemeral", "text": OVERLOADED})
            elif request.event.get("channel") and request.event.get("user"):
                thread = request.event.get("thread_ts") or request.event.get("ts")
                self._ephemeral(request, thread)(OVERLOADED)
        except Exception as error:
            log.warning(
                "slack %s %s: overload notice failed: %s", request.kind, request.request_id, type(error).__name__
            )

    # -- checks
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
        # its kind only, since pydantic's message would quote it (and with it a question), and as a
        # warning: it is the request that is wrong, and nothing is done.
        try:
            return model.model_validate_json(request.action.get("value") or "")
        except ValidationError:
            log.warning("slack action %s: unreadable %s button value", request.request_id, model.__name__)
            return None

    def ask_again(self, value: ShareValue, request: Incoming, purpose: str) -> Reply:
        """Answer a button's question again under the context its asker saw, pinned in a conversation
        of its own, so that sharing or expanding an old answer doesn't move the thread's context."""
        pinned = f"{purpose}:{uuid.uuid4().hex}"
        if value.context is not None:
            self.engine.contexts.put(pinned, value.context)
        return self.answerer.ask(value.question, pinned, request.kind, request.request_id)

    # -- sending
    def say(self, request: Incoming, thread: str | None, message: SlackMessage) -> bool:
        """Post in the channel the event came from (in `thread`; None: the DM itself), once: the post
        carries its question's identity in its metadata, so after a failure that may have come after
        Slack took it, the thread is read before the post is sent again."""
        event = request.event
        channel = event["channel"]
        post_id = f"{channel}:{event.get('ts')}"
        metadata = {"event_type": METADATA_EVENT, "event_payload": {"post": post_id}}

        def send() -> Any:
            return self.client.chat_postMessage(
                channel=channel, thread_ts=thread, metadata=metadata, **message.kwargs()
            )

        def posted() -> bool:
            return self._posted(channel, thread, event.get("ts"), post_id)

        def apologise(text: str) -> Any:
            return self.client.chat_postMessage(channel=channel, thread_ts=thread, text=text)

        return self.post(request, send, verify=posted, apologise=apologise)

    def _posted(self, channel: str, thread: str | None, asked_ts: str | None, post_id: str) -> bool:
        """Whether the thread (or the DM since the question) holds a post with this identity."""
        if thread:
            found = self.reader.conversations_replies(channel=channel, ts=thread, include_all_metadata=True, limit=200)
        else:
            found = self.reader.conversations_history(
                channel=channel, oldest=asked_ts, include_all_metadata=True, limit=100
            )
        for message in found.get("messages") or []:
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("post") == post_id:
                return True
        return False

    def _ephemeral(self, request: Incoming, thread: str | None) -> Say:
        channel, user = request.event["channel"], request.event["user"]
        return lambda text: self.client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, text=text)

    def privately(self, request: Incoming, thread: str | None) -> Say:
        """Send text only the asker of an event sees, where they asked."""
        return self._ephemeral(request, thread)

    def _respond_once(self, request: Incoming, message: dict[str, Any]) -> Any:
        url = request.body["response_url"]
        return WebhookClient(url, timeout=int(max(1, self._timeout)), logger=_WEBHOOK_LOG).send(**message)

    def responder(self, request: Incoming) -> Say:
        """Post to the request's response_url (bot/slack/delivery.py retries it). A response_url can't be
        read back, so a post that may have arrived is sent again: a private duplicate beats a lost
        answer (deploy/INSTALL-SLACK.md)."""
        url = request.body.get("response_url")
        if not url:

            def nowhere(**message: Any) -> Any:
                raise ValueError("no response_url")

            return nowhere
        client = WebhookClient(
            url, timeout=int(max(1, self._timeout)), retry_handlers=self._observer, logger=_WEBHOOK_LOG
        )
        return lambda **message: client.send(**message)

    def post(
        self,
        request: Incoming,
        send: Callable[[], Any],
        *,
        verify: Callable[[], bool] | None = None,
        apologise: Callable[[str], Any] | None = None,
    ) -> bool:
        """Send through the delivery's retries. True when Slack took it. A failure is logged by its
        code only; at the deadline the asker gets a short apology if Slack takes that."""
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
                    apologise(GAVE_UP)
                except Exception as error:
                    log.warning("slack %s %s: apology failed too: %s", kind, request_id, type(error).__name__)
        return False
