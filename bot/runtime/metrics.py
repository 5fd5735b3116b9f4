"""Prometheus metrics for one bot process, in a registry of its own (tests build several apps in one
process; the global registry would refuse the second set of names).

With answer processes (ANSWER_PROCESSES, bot/runtime/answer_processes.py) the children count in
prometheus_client's multiprocess files (PROMETHEUS_MULTIPROC_DIR, set for them by the parent), and
the parent's /metrics adds their counts to its own: one scrape sees the whole replica."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from slack_sdk.http_retry.handler import RetryHandler

from intents.answer import Answer

# Answers take a few milliseconds; the upper buckets are there to show when that stops being true.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None):
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.questions = Counter(
            "precert_questions", "Questions answered, by intent and answer status", ["intent", "status"], registry=r
        )
        self.matches = Counter(
            "precert_drug_matches", "Drugs recognised in questions, by how they were matched", ["method"], registry=r
        )
        self.latency = Histogram(
            "precert_answer_seconds", "Time the engine took to answer", buckets=LATENCY_BUCKETS, registry=r
        )
        self.engine_failures = Counter("precert_engine_failures", "Questions the engine failed on", registry=r)
        self.slack_errors = Counter(
            "precert_slack_api_errors",
            "Failed Slack Web API and response_url attempts, retried or not, by reason (ratelimited, "
            "server_error, http_<status>, connection, or Slack's error code)",
            ["reason"],
            registry=r,
        )
        self.undelivered = Counter(
            "precert_replies_undelivered", "Replies that could not be sent to Slack after retries", ["kind"], registry=r
        )
        self.repeated_events = Counter(
            "precert_slack_events_repeated", "Slack events skipped as already seen (retries, replicas)", registry=r
        )
        self.rate_limited = Counter(
            "precert_rate_limited", "Questions refused because the person was over the per-minute limit", registry=r
        )
        self.identifier_reminders = Counter(
            "precert_identifier_reminders",
            "Questions that looked like they carried a patient identifier (a reminder was sent)",
            registry=r,
        )
        self.duplicates_avoided = Counter(
            "precert_duplicate_posts_avoided",
            "Posts not sent again because a check found Slack already had them",
            registry=r,
        )
        self.abandoned = Counter(
            "precert_answers_abandoned",
            "Acknowledged questions whose answer could not be posted by the delivery deadline (the asker "
            "was sent an apology if Slack took it)",
            ["kind"],
            registry=r,
        )
        self.overloaded = Counter(
            "precert_outbox_overloaded", "Questions answered with the overload notice: the outbox was full", registry=r
        )
        self.outbox_backlog = Gauge(
            "precert_outbox_backlog",
            "Answers waiting in the outbox (this process's view)",
            registry=r,
            multiprocess_mode="livesum",  # answer processes: the living ones' sum
        )
        self.redis_up: Gauge | None = None  # only with Redis configured: a constant 0 would read as an outage
        self.exposed = self.registry  # what /metrics shows: this process, and its answer processes once added

    def include_processes(self, path: Path) -> None:
        """Show the counts of the answer processes writing to `path` beside this process's own."""
        exposed = CollectorRegistry()
        exposed.register(_Summed([self.registry, MultiProcessCollector(None, path=str(path))]))
        self.exposed = exposed

    def answered(self, answer: Answer, seconds: float) -> None:
        self.questions.labels(answer.intent, answer.status).inc()
        for drug in answer.drugs:
            self.matches.labels(drug.match.method).inc()
        self.latency.observe(seconds)

    def slack_error(self, reason: str) -> None:
        self.slack_errors.labels(reason).inc()

    def watch_redis(self, link: Any) -> None:
        """Report `link.up` (a bot.runtime.state.RedisLink) as precert_redis_up at every scrape."""
        if self.redis_up is None:
            self.redis_up = Gauge(
                "precert_redis_up",
                "1 while the shared Redis state answers, 0 while on per-process state",
                registry=self.registry,
            )
        self.redis_up.set_function(lambda: 1.0 if link.up else 0.0)

    def retry_observer(self) -> SlackErrorObserver:
        return SlackErrorObserver(self)


class SlackErrorObserver(RetryHandler):
    """Goes first in a WebClient's retry handlers: counts each failed attempt, then declines, so that
    slack_sdk's own handlers decide whether (and when) to retry."""

    def __init__(self, metrics: Metrics):
        super().__init__(max_retry_count=0)
        self._metrics = metrics

    def can_retry(self, *, state: Any, request: Any, response: Any = None, error: Any = None) -> bool:
        status = response.status_code if response is not None else None
        if status == 429:
            self._metrics.slack_error("ratelimited")
        elif status is not None and status >= 500:
            self._metrics.slack_error("server_error")
        elif status is not None and status >= 400:
            self._metrics.slack_error(f"http_{status}")  # e.g. an expired response_url
        elif response is None and error is not None:
            self._metrics.slack_error("connection")
        return False


class _Summed(Collector):
    """Metric families of several collectors as one: samples with the same name and labels added up
    (counters, histogram buckets and sums, and the live processes' backlog)."""

    def __init__(self, collectors: Iterable[Any]):
        self._collectors = list(collectors)

    def collect(self) -> Iterable[Metric]:
        families: dict[str, Metric] = {}
        totals: dict[str, dict[tuple, float]] = {}
        for collector in self._collectors:
            for family in collector.collect():
                merged = families.setdefault(family.name, Metric(family.name, family.documentation, family.type))
                values = totals.setdefault(family.name, {})
                for sample in family.samples:
                    key = (sample.name, tuple(sorted(sample.labels.items())))
                    if sample.name.endswith("_created"):
                        values[key] = min(values.get(key, sample.value), sample.value)
                    else:
                        values[key] = values.get(key, 0.0) + sample.value
        for name, merged in families.items():
            for (sample_name, labels), value in totals[name].items():
                merged.add_sample(sample_name, dict(labels), value)
            yield merged
