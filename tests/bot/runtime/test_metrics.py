"""Prometheus exposition: the metric names the dashboards and alerts in deploy/README.md rely on."""

from __future__ import annotations

from prometheus_client import generate_latest
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.runtime.metrics import Metrics
from intents.engine import Engine

EXPECTED = [
    "precert_questions_total",
    "precert_drug_matches_total",
    "precert_answer_seconds_bucket",
    "precert_answer_seconds_count",
    "precert_engine_failures_total",
    "precert_slack_api_errors_total",
    "precert_replies_undelivered_total",
    "precert_slack_events_repeated_total",
    "precert_rate_limited_total",
    "precert_identifier_reminders_total",
]


def test_answers_are_counted_by_intent_status_and_match_method(engine: Engine) -> None:
    metrics = Metrics()
    answer = engine.ask("does keytruda need evicore precert?")
    metrics.answered(answer, 0.004)
    metrics.answered(engine.ask("ocrevis home infusion?"), 0.02)
    metrics.slack_error("ratelimited")
    metrics.undelivered.labels("app_mention").inc()

    text = generate_latest(metrics.registry).decode()
    for name in EXPECTED:
        assert name in text, name
    assert f'precert_questions_total{{intent="{answer.intent}",status="answered"}} 1.0' in text
    assert 'precert_drug_matches_total{method="exact"} 1.0' in text
    assert 'precert_drug_matches_total{method="fuzzy"}' in text or 'method="phonetic"' in text
    assert "precert_answer_seconds_count 2.0" in text
    assert 'precert_slack_api_errors_total{reason="ratelimited"} 1.0' in text


def test_each_app_has_a_registry_of_its_own() -> None:
    a, b = Metrics(), Metrics()  # the global registry would refuse the second set of names
    a.rate_limited.inc()
    assert "precert_rate_limited_total 1.0" in generate_latest(a.registry).decode()
    assert "precert_rate_limited_total 0.0" in generate_latest(b.registry).decode()


def test_failed_web_api_attempts_are_counted_and_left_to_slack_sdks_handlers() -> None:
    metrics = Metrics()
    observer = metrics.retry_observer()
    request = HttpRequest(method="POST", url="https://slack.com/api/chat.postMessage", headers={})

    def attempt(status: int | None, error: Exception | None = None) -> bool:
        response = None if status is None else HttpResponse(status_code=status, headers={})
        return observer.can_retry(state=RetryState(), request=request, response=response, error=error)

    assert not attempt(429) and not attempt(500) and not attempt(503) and not attempt(None, ConnectionResetError())
    assert not attempt(200)

    text = generate_latest(metrics.registry).decode()
    assert 'precert_slack_api_errors_total{reason="ratelimited"} 1.0' in text
    assert 'precert_slack_api_errors_total{reason="server_error"} 2.0' in text
    assert 'precert_slack_api_errors_total{reason="connection"} 1.0' in text


def test_redis_up_is_read_at_scrape_time() -> None:
    class Link:
        up = True

    metrics, link = Metrics(), Link()
    assert "precert_redis_up" not in generate_latest(metrics.registry).decode()  # no Redis, no such metric
    metrics.watch_redis(link)
    assert "precert_redis_up 1.0" in generate_latest(metrics.registry).decode()
    link.up = False
    assert "precert_redis_up 0.0" in generate_latest(metrics.registry).decode()
