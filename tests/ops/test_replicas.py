"""Two replicas behind a load balancer, sharing one Redis: Slack's retry of an event and a follow-up
question may each land on the other replica, and Redis may go away mid-run."""

from __future__ import annotations

import threading
import time

from bot.runtime.settings import SlackSettings
from knowledge.kb import KnowledgeBase
from tests.ops.replicas import QUICK_RETRY, Replica, metric, replica
from tests.support import payloads
from tests.support.fake_slack import FakeSlack
from tests.support.log_guard import AskedQuestions
from tests.support.redis_server import RedisServer


def posts_in_thread(fake_slack: FakeSlack, thread_ts: str) -> list:
    return [c for c in fake_slack.calls("chat.postMessage") if c.body.get("thread_ts") == thread_ts and c.status == 200]


def test_a_retry_that_lands_on_the_other_replica_is_not_answered_again(
    two_replicas: tuple[Replica, Replica], fake_slack: FakeSlack, asked: AskedQuestions
) -> None:
    a, b = two_replicas
    event = payloads.app_mention(asked("does keytruda need evicore precert?"))

    assert a.slack.event(event).status == 200
    fake_slack.wait_for("chat.postMessage")
    assert b.slack.event(event, retry_num=1).status == 200
    assert b.slack.event(event, retry_num=2).status == 200

    a.drain(), b.drain()
    assert len(fake_slack.calls("chat.postMessage")) == 1
    assert metric(b, "precert_slack_events_repeated_total") == 2


def test_an_event_and_its_retry_arriving_together_on_both_replicas_get_one_answer(
    two_replicas: tuple[Replica, Replica], fake_slack: FakeSlack, asked: AskedQuestions
) -> None:
    a, b = two_replicas
    for n in range(10):
        event = payloads.direct_message(asked(f"evicore hours? ({n})"))
        start = threading.Barrier(2)

        def send(to: Replica, retry: int | None, event: dict = event, start: threading.Barrier = start) -> None:
            start.wait()
            to.slack.event(event, retry_num=retry)

        threads = [threading.Thread(target=send, args=(a, None)), threading.Thread(target=send, args=(b, 1))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    a.drain(), b.drain()
    assert len(fake_slack.calls("chat.postMessage")) == 10


def test_a_follow_up_on_the_other_replica_is_answered_in_context(
    two_replicas: tuple[Replica, Replica], fake_slack: FakeSlack, asked: AskedQuestions
) -> None:
    a, b = two_replicas
    question = payloads.app_mention(asked("does keytruda need evicore precert?"))
    thread = question["event"]["ts"]
    a.slack.event(question)
    fake_slack.wait_for("chat.postMessage")
    a.drain()

    b.slack.event(payloads.app_mention(asked("what about tysabri?"), thread_ts=thread))

    _, follow_up = fake_slack.wait_for("chat.postMessage", count=2)
    assert follow_up.body["thread_ts"] == thread
    # Asked cold, "what about tysabri?" is about Tysabri in general; in this thread it is about eviCore.
    assert "not on the eviCore oncology precert list" in payloads.answer_text(follow_up.body["blocks"])


def test_with_redis_stopped_both_replicas_still_answer_and_share_again_when_it_returns(
    settings: SlackSettings, kb: KnowledgeBase, own_redis: RedisServer, fake_slack: FakeSlack, asked: AskedQuestions
) -> None:
    with replica("a", settings, kb, own_redis.url) as a, replica("b", settings, kb, own_redis.url) as b:
        a.slack.event(payloads.app_mention(asked("evicore hours?")))
        fake_slack.wait_for("chat.postMessage")
        kb_body = {"sources": 5, "drugs": len(kb.drugs), "editions": kb.editions()}
        assert a.health() == (200, {"status": "ok", "kb": kb_body, "state": "redis"})

        own_redis.stop()

        for n, to in enumerate((a, b, a, b)):
            event = payloads.app_mention(asked(f"does keytruda need evicore precert? ({n})"))
            assert to.slack.event(event).status == 200
            to.drain()
            assert len(posts_in_thread(fake_slack, event["event"]["ts"])) == 1
        # The same event twice at the same replica is still answered once, from its own memory.
        event = payloads.app_mention(asked("zolgensma fax?"))
        a.slack.event(event), a.slack.event(event, retry_num=1)
        a.drain()
        assert len(posts_in_thread(fake_slack, event["event"]["ts"])) == 1
        for r in (a, b):
            status, body = r.health()
            assert status == 200 and body["status"] == "degraded"
            assert metric(r, "precert_redis_up") == 0.0

        own_redis.start()
        time.sleep(QUICK_RETRY * 2)
        assert a.health()[1]["state"] == b.health()[1]["state"] == "redis"

        event = payloads.app_mention(asked("ocrevus home infusion?"))
        a.slack.event(event)
        a.drain()
        b.slack.event(event, retry_num=1)
        b.drain()
        assert len(posts_in_thread(fake_slack, event["event"]["ts"])) == 1
        assert metric(a, "precert_redis_up") == 1.0


def test_health_and_metrics_in_http_mode(
    two_replicas: tuple[Replica, Replica], fake_slack: FakeSlack, asked: AskedQuestions
) -> None:
    a, _ = two_replicas
    a.slack.event(payloads.app_mention(asked("does keytruda need evicore precert?")))
    fake_slack.wait_for("chat.postMessage")
    a.drain()

    status, body = a.health()
    assert status == 200 and body["status"] == "ok" and body["state"] == "redis"
    status, exposition = a.get("/metrics")
    text = exposition.decode()
    assert status == 200
    assert 'precert_questions_total{intent="evicore",status="answered"} 1.0' in text
    assert 'precert_drug_matches_total{method="exact"} 1.0' in text
    assert "precert_answer_seconds_count 1.0" in text
    assert "precert_redis_up 1.0" in text
