"""The real Bolt app behind the real waitress server (bot/serve.py), in a thread on a free loopback
port, talking to a FakeSlack Web API."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from bot.http import SLACK_EVENTS_PATH, WSGIApp
from bot.serve import create_http_server, stop_http_server
from bot.settings import SlackSettings
from bot.slack_app import build_app
from bot.state import Deduper, MemoryDeduper
from intents.engine import Engine
from tests.support.signing import SIGNING_SECRET, SlackSender

BOT_TOKEN = "xoxb-7700000000000-7713000000000-TestTokenNotReal"
DRAIN_SECONDS = 10.0


def settings_for(api_url: str) -> SlackSettings:
    return SlackSettings(
        slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET, slack_app_token=None, slack_api_url=api_url
    )


@dataclass
class RunningBot:
    url: str
    slack: SlackSender
    executor: ThreadPoolExecutor
    answers: ThreadPoolExecutor
    deduper: Deduper

    def drain(self) -> None:
        """Wait until every listener started so far, and every answer they handed on, has finished. Each
        runs on a one-worker executor in order, so a no-op submitted to each in turn finishes after them."""
        drain(self.executor, self.answers)


def drain(*executors: ThreadPoolExecutor) -> None:
    for executor in executors:
        executor.submit(lambda: None).result(timeout=DRAIN_SECONDS)


@contextmanager
def running_bot(
    settings: SlackSettings,
    engine: Any,
    deduper: Deduper | None = None,
    extra_routes: Mapping[str, WSGIApp] | None = None,
) -> Iterator[RunningBot]:
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bolt-listener")
    answers = ThreadPoolExecutor(max_workers=1, thread_name_prefix="precert-answer")
    deduper = deduper or MemoryDeduper()
    app = build_app(settings, engine=engine, deduper=deduper, listener_executor=executor, answer_executor=answers)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    server = create_http_server(app, "127.0.0.1", 0, extra_routes, secret)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.effective_port}{SLACK_EVENTS_PATH}"
    try:
        yield RunningBot(url=url, slack=SlackSender(url), executor=executor, answers=answers, deduper=deduper)
    finally:
        stop_http_server(server)
        thread.join(DRAIN_SECONDS)
        executor.shutdown(wait=True, cancel_futures=True)
        answers.shutdown(wait=True, cancel_futures=True)


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
