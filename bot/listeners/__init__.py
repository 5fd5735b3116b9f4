"""Slack's requests in, answers out: one module per Slack feature, each declaring its listeners with
`@listener(...)` (bot/listeners/base.py), and the steps they all share in bot/listeners/kit.py.

    mention.py   @precert-bot in a channel        message.py   a direct message
    files.py     a CSV/TSV schedule shared in a DM (or with a mention): checked, the table posted back
    command.py   /precert                         actions.py   the Share and clarification buttons
    home.py      the App Home tab

Every listener goes through the same steps, wired here once: Bolt's repeated-event middleware, the
ack, the request id, the listener's cheap `accepts` check, then the hand-off of `answer(kit, request)`
to the answer pool, so a post that sleeps out a 429's Retry-After never holds up an acknowledgement
Slack needs within 3 seconds. A new feature is a new module added to FEATURES.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from types import ModuleType
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.answerer import Answerer
from bot.listeners import actions, command, files, home, mention, message
from bot.listeners.base import SPEC_ATTRIBUTE, Answer, Incoming, ListenerSpec, request_id
from bot.listeners.kit import Kit, SkipRepeatedEvents
from bot.metrics import Metrics
from bot.ratelimit import RateLimiter, Unlimited
from bot.state import Deduper
from intents.engine import Engine

# Bolt runs the first listener that matches an event: files (message events of subtype file_share)
# comes before message (every message event).
FEATURES: tuple[ModuleType, ...] = (mention, files, message, command, actions, home)
# Answers are made and posted on their own threads; posts that wait out Slack's Retry-After sleep there.
ANSWER_THREADS = 16


def listeners_in(modules: Iterable[ModuleType]) -> list[tuple[ListenerSpec, Answer]]:
    """Every function the modules declared with @listener, in module order."""
    found = []
    for module in modules:
        for value in vars(module).values():
            spec = getattr(value, SPEC_ATTRIBUTE, None)
            if isinstance(spec, ListenerSpec) and getattr(value, "__module__", None) == module.__name__:
                found.append((spec, value))
    return found


def _bolt_listener(kit: Kit, spec: ListenerSpec, answer: Answer) -> Any:
    """The shared steps around one feature's `answer`: ack, request id, accepts, hand-off."""

    def listener(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()  # events are acknowledged by Bolt before this runs; commands and actions here
        request = Incoming(spec.kind, request_id(body), body, context.bot_user_id)
        if spec.accepts(kit, request):
            kit.hand_off(answer, request)

    listener.__name__ = f"{spec.kind}_listener"
    return listener


def register(
    app: App,
    engine: Engine,
    deduper: Deduper,
    *,
    metrics: Metrics | None = None,
    limiter: RateLimiter | None = None,
    log_text: bool = False,
    answers: Executor | None = None,
    features: Iterable[ModuleType] = FEATURES,
) -> Kit:
    """Attach precert-bot's listeners to a Bolt app. limiter: questions per person (default: none);
    log_text: log questions, patient identifiers masked (LOG_MESSAGE_TEXT); answers: where questions
    are answered and the answers posted (default: a pool of ANSWER_THREADS)."""
    metrics = metrics or Metrics()
    kit = Kit(
        engine=engine,
        answerer=Answerer(engine, metrics, log_text),
        client=app.client,
        deduper=deduper,
        metrics=metrics,
        limiter=limiter or Unlimited(),
        answers=answers or ThreadPoolExecutor(max_workers=ANSWER_THREADS, thread_name_prefix="precert-answer"),
    )
    app.middleware(SkipRepeatedEvents(deduper, metrics))
    for spec, answer in listeners_in(features):
        bolt_listener = _bolt_listener(kit, spec, answer)
        if spec.event is not None:
            app.event(spec.event)(bolt_listener)
        elif spec.command is not None:
            app.command(spec.command)(bolt_listener)
        else:
            app.action(spec.action)(bolt_listener)
    return kit
