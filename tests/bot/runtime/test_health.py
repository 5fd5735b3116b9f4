"""/healthz: 200 while the bot can answer (Redis down is 'degraded', still 200), 503 when it cannot;
/metrics: the Prometheus text format."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

from bot.runtime.health import HEALTHZ_PATH, METRICS_PATH, READYZ_PATH, health, ops_routes
from bot.runtime.metrics import Metrics
from bot.runtime.state import make_stores
from knowledge.kb import KnowledgeBase
from tests.support.redis_server import RedisServer


def get(app: Any, path: str) -> tuple[str, dict[str, str], bytes]:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "wsgi.input": io.BytesIO()}
    got: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
        got.update(status=status, headers=dict(headers))

    body = b"".join(app(environ, start_response))
    return got["status"], got["headers"], body


def test_healthy_with_memory_state(kb: KnowledgeBase) -> None:
    routes = ops_routes(kb, make_stores(None), Metrics())

    status, headers, body = get(routes[HEALTHZ_PATH], HEALTHZ_PATH)
    assert status == "200 OK" and headers["Content-Type"] == "application/json"
    data = json.loads(body)
    editions = data["kb"].pop("editions")
    assert data == {"status": "ok", "kb": {"sources": 5, "drugs": len(kb.drugs)}, "state": "memory"}
    # The editions loaded: each document's id and the date it prints.
    assert {
        "id": "sco_2022",
        "file": "tests/fixtures/sources/sco-site-of-care-drug-list-2022-05.txt",
        "date": "May 2022",
    } in editions


def test_healthz_names_the_edition_answering_now(kb: KnowledgeBase) -> None:
    current = [kb]
    routes = ops_routes(lambda: current[0], make_stores(None), Metrics())
    renamed = kb.sources["sco_2022"].model_copy(update={"date_note": "June 2023"})
    current[0] = replace(kb, sources={**kb.sources, "sco_2022": renamed})
    _, _, body = get(routes[HEALTHZ_PATH], HEALTHZ_PATH)
    assert {"id": "sco_2022", "date": "June 2023"}.items() <= json.loads(body)["kb"]["editions"][1].items()


def test_redis_down_is_degraded_not_unhealthy(kb: KnowledgeBase, own_redis: RedisServer) -> None:
    stores = make_stores(own_redis.url, retry_seconds=0.1)
    kb_body = {"sources": 5, "drugs": len(kb.drugs), "editions": kb.editions()}
    assert health(kb, stores) == (200, {"status": "ok", "kb": kb_body, "state": "redis"})

    own_redis.stop()
    status, body = health(kb, stores)
    # Every replica shares the one Redis: failing them all would take the bot down with it.
    assert status == 200 and body["status"] == "degraded" and body["state"] == "memory (redis unreachable)"


def test_no_knowledge_base_is_unavailable() -> None:
    empty = SimpleNamespace(sources={}, drugs={})
    status, body = health(empty, make_stores(None))  # type: ignore[arg-type]
    assert status == 503 and body["status"] == "unavailable"


def test_a_state_store_that_fails_is_unavailable(kb: KnowledgeBase) -> None:
    class Broken:
        link = None

        def check(self) -> dict[str, str]:
            raise RuntimeError("state store broken")

    routes = ops_routes(kb, Broken(), Metrics())  # type: ignore[arg-type]
    status, _, body = get(routes[HEALTHZ_PATH], HEALTHZ_PATH)
    assert status == "503 Service Unavailable"
    assert json.loads(body) == {"status": "unavailable", "error": "RuntimeError"}


def test_metrics_are_served_in_the_prometheus_format(kb: KnowledgeBase) -> None:
    metrics = Metrics()
    metrics.rate_limited.inc()
    status, headers, body = get(ops_routes(kb, make_stores(None), metrics)[METRICS_PATH], METRICS_PATH)
    assert status.startswith("200") and headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert b"# TYPE precert_questions_total counter" in body and b"precert_rate_limited_total 1.0" in body


def test_readyz_follows_the_socket_mode_connection_and_healthz_stays_alive(kb: KnowledgeBase) -> None:
    connected = [False]
    routes = ops_routes(kb, make_stores(None), Metrics(), lambda: connected[0])

    status, _, body = get(routes[READYZ_PATH], READYZ_PATH)
    assert status == "503 Service Unavailable"
    assert json.loads(body)["status"] == "not ready" and json.loads(body)["slack"] == "not connected"
    # Alive: a liveness probe must not restart a process that is reconnecting by itself.
    status, _, body = get(routes[HEALTHZ_PATH], HEALTHZ_PATH)
    assert status == "200 OK" and json.loads(body)["status"] == "degraded"

    connected[0] = True
    status, _, body = get(routes[READYZ_PATH], READYZ_PATH)
    assert status == "200 OK" and json.loads(body)["status"] == "ready"
    assert json.loads(get(routes[HEALTHZ_PATH], HEALTHZ_PATH)[2])["status"] == "ok"


def test_in_http_mode_ready_is_healthy(kb: KnowledgeBase) -> None:
    routes = ops_routes(kb, make_stores(None), Metrics())
    status, _, body = get(routes[READYZ_PATH], READYZ_PATH)
    assert status == "200 OK" and "slack" not in json.loads(body)
    empty = replace(kb, sources={}, drugs={})
    assert get(ops_routes(empty, make_stores(None), Metrics())[READYZ_PATH], READYZ_PATH)[0].startswith("503")
