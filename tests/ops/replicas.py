"""Bot replicas for the ops tests: the app as `precert-bot serve --http` builds it (stores from a
REDIS_URL, metrics, rate limiter, /healthz and /metrics), each on its own loopback port, talking to a
FakeSlack Web API. Two replicas given one Redis URL share state as two deployed processes would; each
has its own clients, pools and memory."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from bot.commands.serve import create_http_server, start_ops_server, stop_http_server
from bot.runtime.health import ops_routes, public_routes
from bot.runtime.metrics import Metrics
from bot.runtime.ratelimit import make_rate_limiter
from bot.runtime.settings import SlackSettings
from bot.runtime.state import Stores, make_stores
from bot.slack.app import build_app
from bot.slack.delivery import RetryPolicy
from bot.slack.http import SLACK_EVENTS_PATH
from bot.slack.outbox import OUTBOX_CAPACITY, Outbox, make_outbox
from intents.engine import Engine
from knowledge.kb import KnowledgeBase
from tests.conftest import TODAY
from tests.support.bot_server import QUICK_RETRIES, drain
from tests.support.fake_slack import FakeSlack
from tests.support.signing import SlackSender

DRAIN_SECONDS = 10.0
QUICK_RETRY = 0.2  # seconds between tries of a Redis that is down (production: a few seconds)
QUICK_CLAIM = 2.0  # seconds before an entry left by a stopped replica is taken over (production: 60)


@dataclass
class Replica:
    name: str
    base_url: str  # the public port: Slack's route and the brief /healthz
    ops_url: str  # the ops port: /metrics and the detailed /healthz
    slack: SlackSender
    outbox: Outbox
    stores: Stores
    metrics: Metrics

    def drain(self) -> None:
        """Wait until every request acknowledged so far (by any replica sharing the outbox) is answered."""
        drain(self.outbox)

    def get(self, path: str, public: bool = False) -> tuple[int, bytes]:
        """GET from the ops port (the public one with public=True)."""
        try:
            with urllib.request.urlopen((self.base_url if public else self.ops_url) + path, timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def health(self) -> tuple[int, dict[str, Any]]:
        status, body = self.get("/healthz")
        return status, json.loads(body)


@contextmanager
def replica(
    name: str,
    settings: SlackSettings,
    kb: KnowledgeBase,
    redis_url: str | None,
    *,
    workers: int = 2,
    claim_idle: float = QUICK_CLAIM,
    policy: RetryPolicy = QUICK_RETRIES,
    capacity: int = OUTBOX_CAPACITY,
) -> Iterator[Replica]:
    """One replica, wired as bot/commands/serve.py wires it. workers: answer threads; claim_idle: seconds
    before another replica takes over an entry this one left; policy: how posts are retried."""
    stores = make_stores(redis_url, retry_seconds=QUICK_RETRY, health_hold=QUICK_RETRY)
    metrics = Metrics()
    if stores.link is not None:
        metrics.watch_redis(stores.link)
    engine = Engine(kb=kb, today=TODAY, contexts=stores.contexts)
    options: dict[str, Any] = {"workers": workers, "capacity": capacity}
    if stores.link is not None:
        options["claim_idle"] = claim_idle
    outbox = make_outbox(stores, metrics, **options)
    app = build_app(
        settings,
        engine=engine,
        outbox=outbox,
        metrics=metrics,
        limiter=make_rate_limiter(settings.rate_limit_per_minute, stores),
        retry_policy=policy,
    )
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    server = create_http_server(app, "127.0.0.1", 0, public_routes(kb, stores), secret)
    thread = threading.Thread(target=server.run, name=f"waitress-{name}", daemon=True)
    thread.start()
    ops = start_ops_server("127.0.0.1", 0, ops_routes(kb, stores, metrics))
    base = f"http://127.0.0.1:{server.effective_port}"
    ops_url = f"http://127.0.0.1:{ops.effective_port}"
    try:
        yield Replica(name, base, ops_url, SlackSender(base + SLACK_EVENTS_PATH), outbox, stores, metrics)
    finally:
        stop_http_server(ops)
        stop_http_server(server)
        thread.join(DRAIN_SECONDS)
        outbox.drain(time.monotonic() + DRAIN_SECONDS)
        if stores.link is not None:
            stores.link.client.close()


class TimedSlack(FakeSlack):
    """A FakeSlack that also notes when the first reply to each thread arrived, and can wait for it."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived: dict[str, float] = {}
        self._arrival = threading.Condition()

    def _handle(self, path: str, headers: dict[str, str], raw: bytes) -> Any:
        reply = super()._handle(path, headers, raw)
        if path.endswith("/chat.postMessage") and reply.status == 200:
            thread = str(json.loads(raw or b"{}").get("thread_ts"))
            with self._arrival:
                self.arrived.setdefault(thread, time.monotonic())
                self._arrival.notify_all()
        return reply

    def wait_for_reply(self, thread_ts: str, timeout: float) -> float:
        """When the reply in `thread_ts` arrived; AssertionError after `timeout` seconds without one."""
        with self._arrival:
            if not self._arrival.wait_for(lambda: thread_ts in self.arrived, timeout):
                raise AssertionError(f"no reply in thread {thread_ts} within {timeout}s")
            return self.arrived[thread_ts]


def metric(replica: Replica, line_start: str) -> float:
    """The value of the first exposition line starting with `line_start` (0 if absent)."""
    _, body = replica.get("/metrics")
    for line in body.decode().splitlines():
        if line.startswith(line_start):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def total(replicas: tuple[Replica, ...], line_start: str) -> float:
    """A metric summed over replicas: any of them may answer what any acknowledged (one outbox)."""
    return sum(metric(r, line_start) for r in replicas)
