"""The real Bolt app on the real Socket Mode connection (bot/slack/socket_mode.py), in this process, talking
to a FakeSlack Web API and a FakeSocketMode server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from bot.slack.app import build_app
from bot.slack.outbox import MemoryOutbox, Outbox
from bot.slack.socket_mode import SocketMode
from tests.support.bot_server import BOT_TOKEN, DRAIN_SECONDS, QUICK_RETRIES, drain
from tests.support.fake_socket_mode import FakeSocketMode, Link

APP_TOKEN = "xapp-1-A0PRECERT-77-NotARealAppToken"


@dataclass
class SocketModeBot:
    socket_mode: SocketMode
    outbox: Outbox
    link: Link  # the connection it opened first

    def drain(self) -> None:
        """Wait until every request acknowledged so far has been answered (or given up on)."""
        drain(self.outbox)


@contextmanager
def socket_mode_bot(
    api_url: str, fake: FakeSocketMode, engine: Any, outbox: Outbox | None = None, **timing: float
) -> Iterator[SocketModeBot]:
    """Connected; `timing`: ping_seconds, pong_timeout."""
    from bot.runtime.settings import SlackSettings

    settings = SlackSettings(slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN, slack_api_url=api_url)
    outbox = outbox or MemoryOutbox(workers=2)
    app = build_app(settings, engine=engine, outbox=outbox, retry_policy=QUICK_RETRIES)
    socket_mode = SocketMode(app, APP_TOKEN, **timing)
    opened = len(fake.links)
    socket_mode.start()
    link = fake.wait_connected(opened + 1)
    try:
        yield SocketModeBot(socket_mode, outbox, link)
    finally:
        socket_mode.stop_taking_envelopes()
        socket_mode.envelopes.shutdown(wait=True, cancel_futures=True)
        socket_mode.close()
        outbox.drain(time.monotonic() + DRAIN_SECONDS)
