"""The Slack listeners: a Slack event in, a question for the engine, a Block Kit message out.

Bolt acknowledges first and runs these in its worker threads, so the engine never delays the ack.
Message text never reaches the logs (people paste patient details): only event ids, intent, status,
match methods and latency; with LOG_MESSAGE_TEXT=true, the text with patient identifiers masked.
"""

from __future__ import annotations

import logging
import re
import time
import traceback
import uuid
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient

from bot.blocks import (
    CHOICE_ACTION,
    SHARE_ACTION,
    Choice,
    ShareValue,
    SlackMessage,
    answer_message,
    home_view,
    notice_message,
)
from bot.metrics import Metrics
from bot.privacy import REMINDER, looks_like_patient_identifier, mask_identifiers
from bot.ratelimit import RateLimiter, Unlimited, limited_message
from bot.state import Deduper
from intents.answer import Answer
from intents.context import Context
from intents.engine import MAX_QUESTION_CHARS, Engine
from intents.normalize import normalize

log = logging.getLogger("precert_bot.slack")

# Subtypes a person produces; every other subtype is a bot, an edit, a join or other housekeeping.
HUMAN_SUBTYPES = {None, "thread_broadcast", "file_share"}
SHAREABLE = {"answered", "not_found", "out_of_scope"}
SORRY = "Sorry, something went wrong while answering that. Please try again in a moment."
SHARE_FAILED = "Sorry, I couldn't share that answer in the channel; it is still here for you."
# Answers are made and posted on their own threads; posts that wait out Slack's Retry-After sleep there.
ANSWER_THREADS = 16

Say = Callable[..., Any]
Ack = Callable[..., None]


def conversation_id(team: str | None, channel: str, thread: str | None = None) -> str:
    """Whose context a follow-up continues: a channel thread, a DM thread, or a DM as a whole."""
    return ":".join(part for part in (team or "-", channel, thread) if part)


def strip_mention(text: str, bot_user_id: str | None) -> str:
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    return text.strip()


def from_a_person(event: dict[str, Any]) -> bool:
    return not event.get("bot_id") and event.get("subtype") in HUMAN_SUBTYPES and bool(event.get("user"))


def with_choice(engine: Engine, question: str, name: str) -> str | None:
    """The question again with the word the engine could not decide on replaced by the chosen name."""
    found = engine.matcher.resolve(normalize(question))
    if not found.ambiguities:
        return None
    typed = found.ambiguities[0].text
    pattern = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, typed.split())) + r"(?!\w)", re.IGNORECASE)
    for text in (question, normalize(question).clean):
        replaced, n = pattern.subn(name, text, count=1)
        if n:
            return replaced
    return None


def _where(error: BaseException) -> str:
    # The frame, not the message: an exception's message may quote the question.
    frames = traceback.extract_tb(error.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"


@dataclass(frozen=True)
class Reply:
    """The engine's answer to one question, with what the adapter adds around it."""

    question: str  # as the engine read it (capped)
    answer: Answer | None  # None: the engine failed
    notes: list[str]
    context_before: Context | None  # what the conversation held when asked: a shared copy reuses it

    @property
    def shareable(self) -> bool:
        return self.answer is not None and self.answer.status in SHAREABLE

    def share(self) -> ShareValue | None:
        return ShareValue(question=self.question, context=self.context_before) if self.shareable else None


class Answerer:
    """Asks the engine and renders the reply; shared by every entry point."""

    def __init__(self, engine: Engine, metrics: Metrics | None = None, log_text: bool = False):
        self.engine = engine
        self.metrics = metrics or Metrics()
        self.log_text = log_text

    def ask(self, question: str, conversation: str | None, kind: str, request_id: str) -> Reply:
        notes = []
        if len(question) > MAX_QUESTION_CHARS:
            notes.append(
                f"Your message was {len(question):,} characters long; I read only its first "
                f"{MAX_QUESTION_CHARS:,}. Please ask one question at a time, without patient details."
            )
            question = question[:MAX_QUESTION_CHARS]
        started = time.perf_counter()
        try:
            answer, before = self.engine.converse(question, conversation_id=conversation)
        except Exception as error:  # one failed answer must not end in silence
            self.metrics.engine_failures.inc()
            log.error("slack %s %s failed: %s at %s", kind, request_id, type(error).__name__, _where(error))
            return Reply(question, None, notes, None)
        seconds = time.perf_counter() - started
        self.metrics.answered(answer, seconds)
        fields = {
            "slack_kind": kind,
            "request_id": request_id,
            "intent": answer.intent,
            "status": answer.status,
            "match": [drug.match.method for drug in answer.drugs],
            "latency_ms": round(seconds * 1000, 1),
        }
        if self.log_text:
            fields["text"] = mask_identifiers(question)
        log.info(
            "slack %s %s intent=%s status=%s ms=%.0f",
            kind,
            request_id,
            answer.intent,
            answer.status,
            seconds * 1000,
            extra=fields,
        )
        return Reply(question, answer, notes, before)

    def message(self, reply: Reply, kind: str, request_id: str, **render: Any) -> SlackMessage:
        if reply.answer is None:
            return notice_message(SORRY)
        try:
            return answer_message(reply.answer, notes=reply.notes, **render)
        except Exception as error:
            log.error("slack %s %s rendering failed: %s at %s", kind, request_id, type(error).__name__, _where(error))
            return notice_message(SORRY)


def _post(kind: str, request_id: str, send: Callable[[], Any], metrics: Metrics) -> bool:
    """Send, and log a failure by its code only (slack_sdk has already retried what can be retried).
    True when Slack took it."""
    try:
        result = send()
    except SlackApiError as error:
        code = error.response.get("error")
        if error.response.status_code == 200:  # ok: false; failed HTTP attempts are counted as they happen
            metrics.slack_error(str(code))
        metrics.undelivered.labels(kind).inc()
        log.error("slack %s %s: sending failed: %s", kind, request_id, code)
        return False
    except OSError as error:
        metrics.undelivered.labels(kind).inc()
        log.error("slack %s %s: sending failed: %s", kind, request_id, type(error).__name__)
        return False
    # respond() posts to a response_url and reports an HTTP failure instead of raising it (each failed
    # attempt is already counted by the client's retry observer).
    status = getattr(result, "status_code", 200)
    if status != 200:
        metrics.undelivered.labels(kind).inc()
        log.error("slack %s %s: sending failed: HTTP %s", kind, request_id, status)
        return False
    return True


# slack_sdk's webhook client logs the URL it retries at INFO unless its logger's own level is above
# DEBUG; a response_url lets whoever holds it post in the channel for 30 minutes.
_WEBHOOK_LOG = logging.getLogger("precert_bot.webhook")
_WEBHOOK_LOG.setLevel(logging.WARNING)


def retrying(respond: Say, retry_handlers: list[RetryHandler]) -> Say:
    """Bolt's respond() retries only a dropped connection; a response_url can also answer 429 or 5xx.
    This posts to the same URL with the Web API client's retry handlers."""
    url = getattr(respond, "response_url", None)
    if not url:
        return respond
    client = WebhookClient(url, retry_handlers=retry_handlers, logger=_WEBHOOK_LOG)
    return lambda **message: client.send(**message)


ButtonValue = TypeVar("ButtonValue", bound=BaseModel)


def _button_value(model: type[ButtonValue], action: dict[str, Any], request_id: str) -> ButtonValue | None:
    # The values are the bot's own, signed by Slack on the way back; still, a bad one is logged by
    # its kind only, since pydantic's message would quote it (and with it a question).
    try:
        return model.model_validate_json(action.get("value") or "")
    except ValidationError:
        log.error("slack action %s: unreadable %s button value", request_id, model.__name__)
        return None


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


def register(
    app: App,
    engine: Engine,
    deduper: Deduper,
    *,
    metrics: Metrics | None = None,
    limiter: RateLimiter | None = None,
    log_text: bool = False,
    answers: Executor | None = None,
) -> None:
    """Attach precert-bot's listeners to a Bolt app. limiter: questions per person (default: none);
    log_text: log questions, patient identifiers masked (LOG_MESSAGE_TEXT); answers: where questions
    are answered and the answers posted (default: a pool of ANSWER_THREADS).

    Bolt acknowledges slash commands and button clicks from its listener threads. Answering and
    posting happen on the answer pool instead, so a post that sleeps out a 429's Retry-After never
    holds up an acknowledgement Slack needs within 3 seconds."""
    answers = answers or ThreadPoolExecutor(max_workers=ANSWER_THREADS, thread_name_prefix="precert-answer")
    metrics = metrics or Metrics()
    limiter = limiter or Unlimited()
    answerer = Answerer(engine, metrics, log_text)
    retry_handlers = list(app.client.retry_handlers)
    home = home_view(engine.kb.sources.values(), engine.ask("help").examples)

    def post(kind: str, request_id: str, send: Callable[[], Any]) -> bool:
        return _post(kind, request_id, send, metrics)

    def later(kind: str, request_id: str, job: Callable[[], None]) -> None:
        def run() -> None:
            try:
                job()
            except Exception as error:  # a pool swallows what it isn't told to log
                log.error("slack %s %s failed: %s at %s", kind, request_id, type(error).__name__, _where(error))

        answers.submit(run)

    def within_limit(team: str | None, user: str | None, kind: str, request_id: str, tell: Say) -> bool:
        """Count the question; over the limit, tell the asker (privately) instead of answering."""
        if limiter.allow(f"{team or '-'}:{user or '-'}"):
            return True
        metrics.rate_limited.inc()
        log.info("slack %s %s: over the per-person limit", kind, request_id, extra={"request_id": request_id})
        post(kind, request_id, lambda: tell(limited_message(limiter.limit)))
        return False

    def remind_if_identifiers(question: str, kind: str, request_id: str, tell: Say) -> None:
        if looks_like_patient_identifier(question):
            metrics.identifier_reminders.inc()
            post(kind, request_id, lambda: tell(REMINDER))

    def privately(client: WebClient, event: dict[str, Any], thread: str | None) -> Say:
        """Send text only the asker sees, where they asked."""
        channel, user = event["channel"], event["user"]
        return lambda text: client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, text=text)

    app.middleware(SkipRepeatedEvents(deduper, metrics))

    def first_answer_to(event: dict[str, Any]) -> bool:
        # A DM that mentions the bot arrives as two events with different ids: answer it once.
        return deduper.first_time(f"slack:message:{event.get('channel')}:{event.get('ts')}")

    def answer_in_thread(
        kind: str,
        body: dict[str, Any],
        event: dict[str, Any],
        thread: str | None,
        bot_user_id: str | None,
        say: Say,
        client: WebClient,
    ) -> None:
        """A mention or a DM: answered where it was asked, in `thread` (None: the DM itself)."""
        event_id = body.get("event_id", "-")

        def answer() -> None:
            tell = privately(client, event, thread)
            if not within_limit(body.get("team_id"), event.get("user"), kind, event_id, tell):
                return
            conversation = conversation_id(body.get("team_id"), event["channel"], thread)
            question = strip_mention(event.get("text") or "", bot_user_id)
            reply = answerer.ask(question, conversation, kind, event_id)
            message = answerer.message(reply, kind, event_id, conversation_id=conversation)
            post(kind, event_id, lambda: say(thread_ts=thread, **message.kwargs()))
            remind_if_identifiers(reply.question, kind, event_id, tell)

        later(kind, event_id, answer)

    @app.event("app_mention")
    def on_mention(body: dict[str, Any], event: dict[str, Any], context: Any, say: Say, client: WebClient) -> None:
        if from_a_person(event) and first_answer_to(event):
            thread = event.get("thread_ts") or event["ts"]
            answer_in_thread("app_mention", body, event, thread, context.bot_user_id, say, client)

    @app.event("message")
    def on_message(body: dict[str, Any], event: dict[str, Any], context: Any, say: Say, client: WebClient) -> None:
        # Direct messages only: channel messages reach the app as app_mention when they name it.
        if event.get("channel_type") == "im" and from_a_person(event) and first_answer_to(event):
            answer_in_thread("message.im", body, event, event.get("thread_ts"), context.bot_user_id, say, client)

    @app.command("/precert")
    def on_command(ack: Ack, command: dict[str, Any], respond: Say) -> None:
        ack()
        respond = retrying(respond, retry_handlers)
        user = command.get("user_id", "-")
        # Each person's slash commands in a channel are their own private conversation.
        conversation = conversation_id(command.get("team_id"), command.get("channel_id", "-"), f"slash-{user}")
        request_id = command.get("trigger_id", "-")

        def tell(text: str) -> Any:
            return respond(response_type="ephemeral", text=text)

        def answer() -> None:
            if not within_limit(command.get("team_id"), user, "command", request_id, tell):
                return
            reply = answerer.ask(command.get("text") or "", conversation, "command", request_id)
            if looks_like_patient_identifier(reply.question):
                # The whole answer is private here, so the reminder goes with it rather than after it.
                metrics.identifier_reminders.inc()
                reply.notes.append(REMINDER)
            share = reply.share()
            message = answerer.message(reply, "command", request_id, conversation_id=conversation, share=share)
            post("command", request_id, lambda: respond(response_type="ephemeral", **message.kwargs()))

        later("command", request_id, answer)

    @app.action(SHARE_ACTION)
    def on_share(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Say) -> None:
        ack()
        respond = retrying(respond, retry_handlers)
        request_id = body.get("trigger_id", "-")
        share = _button_value(ShareValue, action, request_id)
        if share is None:
            return

        def answer() -> None:
            # Answer under the context the asker saw, pinned in a conversation of its own.
            pinned = f"share:{uuid.uuid4().hex}"
            if share.context is not None:
                engine.contexts.put(pinned, share.context)
            reply = answerer.ask(share.question, pinned, "share", request_id)
            if reply.answer is None:
                message = answerer.message(reply, "share", request_id)
                post("share", request_id, lambda: respond(response_type="ephemeral", **message.kwargs()))
                return
            user = (body.get("user") or {}).get("id")
            message = answerer.message(reply, "share", request_id, shared_by=user)
            shared = post(
                "share",
                request_id,
                lambda: respond(response_type="in_channel", replace_original=False, **message.kwargs()),
            )
            if shared:  # the private copy goes only once the public one is there
                post("share", request_id, lambda: respond(delete_original=True))
            else:
                post("share", request_id, lambda: respond(response_type="ephemeral", text=SHARE_FAILED))

        later("share", request_id, answer)

    @app.action(CHOICE_ACTION)
    def on_choice(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Say) -> None:
        ack()
        respond = retrying(respond, retry_handlers)
        request_id = body.get("trigger_id", "-")
        choice = _button_value(Choice, action, request_id)
        if choice is None:
            return

        def answer() -> None:
            question = with_choice(engine, choice.question, choice.name) if choice.question else None
            reply = answerer.ask(question or choice.name, choice.conversation, "choice", request_id)
            # An ephemeral question (the slash command) keeps its Share button once clarified.
            ephemeral = bool((body.get("container") or {}).get("is_ephemeral"))
            message = answerer.message(
                reply,
                "choice",
                request_id,
                conversation_id=choice.conversation,
                share=reply.share() if ephemeral else None,
                preface=[f"You chose {choice.name}."],
            )
            post("choice", request_id, lambda: respond(replace_original=True, **message.kwargs()))

        later("choice", request_id, answer)

    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") != "home":
            return
        event_id = body.get("event_id", "-")
        post("app_home_opened", event_id, lambda: client.views_publish(user_id=event["user"], view=home))
