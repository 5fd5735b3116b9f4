"""HTTP mode's operational routes. On the public port, beside /slack/events: /healthz for load
balancers, saying only ok, degraded or unavailable, without touching Redis (anyone on the internet may
call it). On the ops port (OPS_PORT, kept inside the cluster): /healthz with the details (editions
loaded, the state backend and why it is degraded), /readyz (ready to take Slack's events: healthy and,
in Socket Mode, connected) and /metrics for Prometheus.

In Socket Mode a lost connection is "degraded" on /healthz (200: a liveness probe must not restart a
process that is reconnecting by itself) and 503 on /readyz (not ready: a rolling update waits)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import make_wsgi_app as prometheus_wsgi_app

from bot.runtime.metrics import Metrics
from bot.runtime.state import Stores
from bot.slack.http import WSGIApp
from knowledge.kb import KnowledgeBase

log = logging.getLogger("precert_bot.health")

HEALTHZ_PATH = "/healthz"
READYZ_PATH = "/readyz"
METRICS_PATH = "/metrics"

Connected = Callable[[], bool]  # Socket Mode: whether the connection to Slack is open now


KbSource = KnowledgeBase | Callable[[], KnowledgeBase]  # a callable: the one answering now (reloads swap it)


def health(kb_source: KbSource, stores: Stores, connected: Connected | None = None) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body). 200 while the bot can answer: the knowledge base is loaded and the state
    store answers, from Redis or the SQLite file or, while that fails, from memory ("degraded"). 503
    otherwise. The body names the editions loaded (document ids and dates), and in Socket Mode
    (`connected`) whether the connection to Slack is open ("degraded" while it is not)."""
    try:
        kb = kb_source() if callable(kb_source) else kb_source
        body: dict[str, Any] = {"kb": {"sources": len(kb.sources), "drugs": len(kb.drugs), "editions": kb.editions()}}
        body |= stores.check()
        if connected is not None:
            body["slack"] = "connected" if connected() else "not connected"
    except Exception as error:  # a probe answers; it does not raise
        log.error("health check failed: %s", type(error).__name__)
        return 503, {"status": "unavailable", "error": type(error).__name__}
    if not kb.sources or not kb.drugs:
        return 503, {"status": "unavailable", **body}
    degraded = (stores.backend != "memory" and body["state"] != stores.backend) or body.get("slack") == "not connected"
    return 200, {"status": "degraded" if degraded else "ok", **body}


def readiness(kb_source: KbSource, stores: Stores, connected: Connected | None = None) -> tuple[int, dict[str, Any]]:
    """/readyz: 200 when Slack's events can be taken now: healthy (degraded included: Redis down is
    served from memory) and, in Socket Mode, connected. 503 otherwise, with /healthz's details."""
    status, body = health(kb_source, stores, connected)
    if status != 200 or body.get("slack") == "not connected":
        return 503, {**body, "status": "not ready"}
    return 200, {**body, "status": "ready"}


def brief_health(kb_source: KbSource, stores: Stores) -> tuple[int, dict[str, Any]]:
    """The public answer: {"status": ok | degraded | unavailable} and nothing else."""
    try:
        kb = kb_source() if callable(kb_source) else kb_source
        loaded = bool(kb.sources) and bool(kb.drugs)
        degraded = stores.degraded()
    except Exception as error:
        log.error("health check failed: %s", type(error).__name__)
        return 503, {"status": "unavailable"}
    if not loaded:
        return 503, {"status": "unavailable"}
    return 200, {"status": "degraded" if degraded else "ok"}


def healthz_app(
    kb: KbSource, stores: Stores, check: Callable[..., tuple[int, dict[str, Any]]] = health, *extra: Any
) -> WSGIApp:
    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        status, body = check(kb, stores, *extra)
        data = json.dumps(body).encode()
        start_response(
            "200 OK" if status == 200 else "503 Service Unavailable",
            [("Content-Type", "application/json"), ("Content-Length", str(len(data))), ("Cache-Control", "no-store")],
        )
        return [data]

    return application


def ops_routes(
    kb: KbSource, stores: Stores, metrics: Metrics, connected: Connected | None = None
) -> dict[str, WSGIApp]:
    """The ops port's routes: the detailed /healthz, /readyz and /metrics. `connected`: Socket Mode's
    connection (None in HTTP mode, where being healthy is being ready)."""
    return {
        HEALTHZ_PATH: healthz_app(kb, stores, health, connected),
        READYZ_PATH: healthz_app(kb, stores, readiness, connected),
        METRICS_PATH: prometheus_wsgi_app(metrics.exposed),
    }


def public_routes(kb: KbSource, stores: Stores) -> dict[str, WSGIApp]:
    """The public port's /healthz: up or degraded, nothing else."""
    return {HEALTHZ_PATH: healthz_app(kb, stores, brief_health)}
