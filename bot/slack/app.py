"""The Bolt app factory: settings and collaborators in, a Slack app with precert-bot's listeners out.

Socket Mode and HTTP mode (bot/commands/serve.py) run the same app; tests inject the engine, the deduper and a
Web API URL of their own.
"""

from __future__ import annotations

import logging
import traceback
from concurrent.futures import Executor

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient

from bot.runtime.metrics import Metrics
from bot.runtime.ratelimit import MemoryRateLimiter, RateLimiter, Unlimited
from bot.runtime.settings import SlackSettings
from bot.slack.delivery import RetryPolicy, read_retry_handlers
from bot.slack.listeners import register
from bot.slack.outbox import MemoryOutbox, Outbox
from intents.context import ContextStore
from intents.engine import Engine

log = logging.getLogger("precert_bot.slack")

_BAD_SIGNATURE = "Invalid request signature detected"
_UNHANDLED = "Unhandled request"  # Bolt: "Unhandled request ({body})", then a listener to add


class _BoltLogFilter(logging.Filter):
    """Bolt logs the whole request body when a signature fails to verify, and when no listener takes
    a request; a real request carries a user's message, which must stay out of logs. Also drops
    Bolt's warning that the token is unused: it is used, through the client built here."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for quoting in (_BAD_SIGNATURE, _UNHANDLED):
            if message.startswith(quoting):
                record.msg, record.args = f"{quoting} (request body not logged)", ()
        return message != warning_client_prioritized_and_token_skipped()


def _log_unhandled(error: Exception) -> None:
    """Bolt's default handler logs the exception's message, which may quote a message's text: name
    the exception and where it was raised instead."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    log.warning("request not handled: %s at %s", type(error).__name__, where)


def _filter_bolt_logs(*loggers: logging.Logger) -> None:
    for logger in loggers:
        if not any(isinstance(f, _BoltLogFilter) for f in logger.filters):
            logger.addFilter(_BoltLogFilter())


def web_client(settings: SlackSettings, metrics: Metrics | None = None) -> WebClient:
    """The Web API client: SLACK_API_URL as its base, retrying as bot/slack/delivery.py decides for
    calls that change nothing, counting failed attempts in `metrics`."""
    return WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.api_url,
        retry_handlers=read_retry_handlers(metrics),
    )


def build_app(
    settings: SlackSettings,
    engine: Engine | None = None,
    outbox: Outbox | None = None,
    contexts: ContextStore | None = None,
    *,
    client: WebClient | None = None,
    logger: logging.Logger | None = None,
    listener_executor: Executor | None = None,
    metrics: Metrics | None = None,
    limiter: RateLimiter | None = None,
    retry_policy: RetryPolicy | None = None,
) -> App:
    """A Bolt app answering /precert, mentions and DMs, with buttons and an App Home tab.

    engine: the question answerer (default: one over the bundled knowledge base, keeping conversation
    context in `contexts`); outbox: where acknowledged requests wait for their answers, de-duplicated
    across retries and replicas (bot/slack/outbox/; default: in memory); listener_executor: Bolt's pool
    (lazy listeners only: listeners here run before the ack and only queue); metrics: where to count
    (default: a registry of the app's own); limiter: questions per person (default:
    RATE_LIMIT_PER_MINUTE, counted in this process); retry_policy: how long and how often posts are
    retried (bot/slack/delivery.py).
    Calls auth.test once, as Bolt does, to learn the bot's own user id.
    """
    if engine is not None and contexts is not None and engine.contexts is not contexts:
        raise ValueError("pass the context store to the Engine you pass, or pass no Engine")
    engine = engine or Engine(contexts=contexts)
    metrics = metrics or Metrics()
    if limiter is None:
        per_minute = settings.rate_limit_per_minute
        limiter = MemoryRateLimiter(per_minute) if per_minute > 0 else Unlimited()
    bolt_loggers = [logging.getLogger("slack_bolt.App"), logging.getLogger("slack_bolt.RequestVerification")]
    _filter_bolt_logs(*bolt_loggers, *([logger] if logger else []))
    secret = settings.slack_signing_secret
    app = App(
        client=client or web_client(settings, metrics),
        # Socket Mode needs no signing secret; HTTP mode refuses to start without one (bot/commands/serve.py).
        signing_secret=secret.get_secret_value() if secret else "",
        logger=logger,
        name="precert-bot",
        listener_executor=listener_executor,
        # Bolt otherwise treats a DM thread as an AI-assistant thread and reads its history through
        # conversations.replies before every answer; precert-bot keeps its own conversation context.
        attaching_conversation_kwargs_enabled=False,
        # Listeners only put the request in the outbox: one Redis round trip, done before the ack, so
        # that nothing Slack considers delivered exists only in a thread that may die.
        process_before_response=True,
    )
    register(
        app,
        engine=engine,
        outbox=outbox or MemoryOutbox(metrics),
        metrics=metrics,
        limiter=limiter,
        log_text=settings.log_message_text,
        retry_policy=retry_policy,
    )
    app.error(_log_unhandled)
    return app
