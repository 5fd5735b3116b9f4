"""A bounded load test over loopback: 2,000 signed events from 200 people, spread over two replicas
sharing Redis, with Slack retrying one event in ten at the other replica. Twenty people ask at once,
each asking again as soon as their answer arrives (so twenty questions are in flight, not an unbounded
queue). Every event must be answered exactly once. Latencies are printed, not asserted: speed targets
live in the benchmarks."""

from __future__ import annotations

import os
import statistics
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from knowledge.kb import KnowledgeBase
from tests.ops.replicas import TimedSlack, metric, replica
from tests.support import payloads
from tests.support.bot_server import settings_for
from tests.support.log_guard import AskedQuestions

EVENTS = int(os.environ.get("PRECERT_LOAD_EVENTS", "2000"))
CONCURRENCY = 20
PEOPLE = 200  # ten questions each: under the default limit of 20 a minute
RETRY_EVERY = 10
LISTENER_THREADS = 10  # Bolt's default pool size, which is what serve runs with
REPLY_SECONDS = 30.0  # a deadline for each reply: past it the test fails rather than hangs

QUESTIONS = [
    "does keytruda need evicore precert?",
    "is home infusion allowed for ocrevus?",
    "who do I call for zolgensma PA, and the fax?",
    "J9271?",
    "does ocrevis need precert?",
    "evicore hours?",
    "is tysabri on the site of care list?",
    "when was remicade added to the sco list?",
    "does opdivo go through evicore",
    "kymriah cellular therapy contact",
]


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] if len(values) > 1 else values[0]


def test_two_thousand_events_over_two_replicas_are_each_answered_once(
    kb: KnowledgeBase, redis_url: str, asked: AskedQuestions, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = [asked(q) for q in QUESTIONS]
    events = [
        payloads.app_mention(questions[n % len(questions)], user=f"U0STAFF{n % PEOPLE:03d}", channel=f"C0CLINIC{n % 7}")
        for n in range(EVENTS)
    ]
    sent: dict[str, float] = {}
    acks: list[float] = []

    with (
        TimedSlack() as slack,
        replica("a", settings_for(slack.api_url), kb, redis_url, workers=LISTENER_THREADS) as a,
        replica("b", settings_for(slack.api_url), kb, redis_url, workers=LISTENER_THREADS) as b,
    ):
        replicas = (a, b)

        def ask(n: int) -> list[int]:
            event: dict[str, Any] = events[n]
            ts = event["event"]["ts"]
            sent[ts] = time.monotonic()
            first = replicas[n % 2].slack.event(event)
            acks.append(first.seconds)
            statuses = [first.status]
            if n % RETRY_EVERY == 0:
                statuses.append(replicas[(n + 1) % 2].slack.event(event, retry_num=1).status)
            slack.wait_for_reply(ts, REPLY_SECONDS)
            return statuses

        started = time.monotonic()
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            statuses = [s for result in pool.map(ask, range(EVENTS)) for s in result]
        elapsed = time.monotonic() - started
        a.drain(), b.drain()  # anything still running has finished

        posts = slack.calls("chat.postMessage")
        limited = slack.calls("chat.postEphemeral")
        answered_by = {r.name: metric(r, "precert_answer_seconds_count") for r in replicas}

    assert set(statuses) == {200}
    assert not limited, "nobody here is over the per-minute limit"
    replies = Counter(p.body["thread_ts"] for p in posts)
    assert len(posts) == EVENTS and set(replies) == set(sent) and set(replies.values()) == {1}
    assert sum(answered_by.values()) == EVENTS and all(answered_by.values()), answered_by

    to_reply = [(slack.arrived[ts] - sent[ts]) * 1000 for ts in sent]
    ack_ms = [s * 1000 for s in acks]
    with capsys.disabled():
        print(
            f"\nload: {EVENTS} events (+{len(range(0, EVENTS, RETRY_EVERY))} retries at the other replica), "
            f"concurrency {CONCURRENCY}, 2 replicas + Redis, {elapsed:.1f} s ({EVENTS / elapsed:.0f} events/s)\n"
            f"load: ack p50 {percentile(ack_ms, 50):.1f} ms, p99 {percentile(ack_ms, 99):.1f} ms; "
            f"event to reply p50 {percentile(to_reply, 50):.1f} ms, p99 {percentile(to_reply, 99):.1f} ms"
        )
