"""Slack's requests in, answers out: one module per Slack feature, each declaring its listeners with
`@listener(...)` (bot/slack/listeners/base.py), and the steps they all share in bot/slack/listeners/shared/.

    mention.py   @precert-bot in a channel        message.py   a direct message
    files.py     a CSV/TSV schedule shared in a DM (or with a mention): checked, the table posted back
    command.py   /precert                         actions.py   the Share and clarification buttons
    home.py      the App Home tab                 reveal.py    Show sources, Show all, More examples

Every listener goes through the same steps, wired here once, all before Slack gets its
acknowledgement (the app runs with process_before_response): the listener's cheap `accepts` check,
the request id, then the request into the outbox (bot/slack/outbox/) with its de-duplication keys, in
one Redis round trip. The answer pool takes it from there: `answer(services, request)` runs wherever the
outbox hands it, possibly on another replica. A new feature is a new module added to FEATURES.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest

from bot.runtime.metrics import Metrics
from bot.runtime.ratelimit import RateLimiter
from bot.slack.delivery import RetryPolicy
from bot.slack.listeners import actions, command, files, home, mention, message, reveal
from bot.slack.listeners.base import SPEC_ATTRIBUTE, Incoming, ListenerSpec, Responder, request_id
from bot.slack.listeners.shared.services import ListenerServices, make_services
from bot.slack.outbox import MemoryOutbox, Outbox
from bot.slack.replies import where
from intents.engine import Engine

log = logging.getLogger("precert_bot.slack")

# Bolt runs the first listener that matches an event: files (message events of subtype file_share)
# comes before message (every message event).
FEATURES: tuple[ModuleType, ...] = (mention, files, message, command, actions, reveal, home)


def listeners_in(modules: Iterable[ModuleType]) -> list[tuple[ListenerSpec, Responder]]:
    """Every function the modules declared with @listener, in module order."""
    found = []
    for module in modules:
        for value in vars(module).values():
            spec = getattr(value, SPEC_ATTRIBUTE, None)
            if isinstance(spec, ListenerSpec) and getattr(value, "__module__", None) == module.__name__:
                found.append((spec, value))
    return found


def _bolt_listener(services: ListenerServices, spec: ListenerSpec) -> Any:
    """The shared steps in front of one feature: accepts, request id, into the outbox, ack."""

    def listener(ack: Ack, body: dict[str, Any], context: BoltContext, request: BoltRequest) -> None:
        retry = (request.headers.get("x-slack-retry-num") or ["0"])[0]
        request = Incoming(
            spec.kind,
            request_id(body),
            body,
            context.bot_user_id,
            acked_at=time.time(),
            retry=int(retry) if retry.isdigit() else 0,
        )
        if spec.accepts(services, request):
            services.handoff.put(request, spec.keys(request))
        ack()

    listener.__name__ = f"{spec.kind}_listener"
    return listener


def _runner(services: ListenerServices, answers: dict[str, Responder]) -> Any:
    def run(request: Incoming) -> None:
        answer = answers.get(request.kind)
        if answer is None:  # queued by another version of the bot
            log.error("slack %s %s: no listener of this kind here", request.kind, request.request_id)
            return
        try:
            answer(services, request)
        except Exception as error:  # logged by where, not by message: a message may quote the question
            log.error(
                "slack %s %s failed: %s at %s", request.kind, request.request_id, type(error).__name__, where(error)
            )

    return run


def answers_of(features: Iterable[ModuleType] = FEATURES) -> dict[str, Responder]:
    """Each listener's answer function, by the kind the outbox files its requests under."""
    answers: dict[str, Responder] = {}
    for spec, answer in listeners_in(features):
        if spec.kind in answers:
            raise ValueError(f"two listeners of kind {spec.kind!r}: the outbox finds them by kind")
        answers[spec.kind] = answer
    return answers


def answer_from(services: ListenerServices, features: Iterable[ModuleType] = FEATURES) -> None:
    """Start answering what the services' outbox holds, with no Bolt app in front: an answer process
    (bot/runtime/answer_processes.py), taking what its parent acknowledged."""
    services.outbox.start(_runner(services, answers_of(features)))


def register(
    app: App,
    engine: Engine,
    outbox: Outbox | None = None,
    *,
    metrics: Metrics | None = None,
    limiter: RateLimiter | None = None,
    log_text: bool = False,
    features: Iterable[ModuleType] = FEATURES,
    retry_policy: RetryPolicy | None = None,
) -> ListenerServices:
    """Attach precert-bot's listeners to a Bolt app (built with process_before_response=True) and
    start answering from `outbox` (default: in memory). limiter: questions per person (default:
    none); log_text: log questions, patient identifiers masked (LOG_MESSAGE_TEXT)."""
    metrics = metrics or Metrics()
    outbox = outbox or MemoryOutbox(metrics)
    services = make_services(
        engine, app.client, outbox, metrics=metrics, limiter=limiter, log_text=log_text, retry_policy=retry_policy
    )
    features = tuple(features)
    answers = answers_of(features)  # first: two listeners of one kind are refused before any is attached
    for spec, _ in listeners_in(features):
        bolt_listener = _bolt_listener(services, spec)
        if spec.event is not None:
            app.event(spec.event)(bolt_listener)
        elif spec.command is not None:
            app.command(spec.command)(bolt_listener)
        else:
            app.action(spec.action)(bolt_listener)
    outbox.start(_runner(services, answers))
    return services
