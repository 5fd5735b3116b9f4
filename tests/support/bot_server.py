"""The real Bolt app behind the real waitress server (bot/commands/serve.py), in a thread on a free loopback
port, talking to a FakeSlack Web API."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from bot.commands.serve import create_http_server, stop_http_server
from bot.runtime.settings import SlackSettings
from bot.slack.app import build_app
from bot.slack.delivery import RetryPolicy
from bot.slack.http import SLACK_EVENTS_PATH, WSGIApp
from bot.slack.outbox import MemoryOutbox, Outbox
from intents.engine import Engine
from tests.support.signing import SIGNING_SECRET, SlackSender

BOT_TOKEN = "xoxb-7700000000000-7713000000000-TestTokenNotReal"
DRAIN_SECONDS = 10.0
# Production backs off from 1 s for up to 10 minutes; tests wait a fraction of that.
QUICK_RETRIES = RetryPolicy(deadline=4.0, first_backoff=0.1, max_backoff=0.5)


def settings_for(api_url: str) -> SlackSettings:
    return SlackSettings(
        slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET, slack_app_token=None, slack_api_url=api_url
    )


@dataclass
class RunningBot:
    url: str
    slack: SlackSender
    outbox: Outbox

    def drain(self) -> None:
        """Wait until every request acknowledged so far has been answered (or given up on)."""
        drain(self.outbox)


def drain(outbox: Outbox) -> None:
    assert outbox.wait_idle(DRAIN_SECONDS), f"answers still pending after {DRAIN_SECONDS}s"


@contextmanager
def running_bot(
    settings: SlackSettings,
    engine: Any,
    outbox: Outbox | None = None,
    extra_routes: Mapping[str, WSGIApp] | None = None,
) -> Iterator[RunningBot]:
    outbox = outbox or MemoryOutbox(workers=2)
    app = build_app(settings, engine=engine, outbox=outbox, retry_policy=QUICK_RETRIES)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    server = create_http_server(app, "127.0.0.1", 0, extra_routes, secret)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.effective_port}{SLACK_EVENTS_PATH}"
    try:
        yield RunningBot(url=url, slack=SlackSender(url), outbox=outbox)
    finally:
        stop_http_server(server)
        thread.join(DRAIN_SECONDS)
        outbox.drain(time.monotonic() + DRAIN_SECONDS)


class SlowEngine:
    """The real engine, held at asking `question` until released: shows the ack does not wait for it."""

    def __init__(self, engine: Engine, question: str):
        self._engine, self._question = engine, question
        self.release = threading.Event()
        self.asked = threading.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def converse(self, question: str, conversation_id: str | None = None) -> Any:
        if question == self._question:
            self.asked.set()
            self.release.wait(DRAIN_SECONDS)
        return self._engine.converse(question, conversation_id=conversation_id)
