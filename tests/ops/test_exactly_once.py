"""Every acknowledged question answered exactly once, counted in what the channels hold (the fake
Web API's `posted`), through Slack's faults and Redis's, with two replicas sharing one Redis: 429
storms with short and long Retry-After, 5xx and resets before and after Slack takes the post, slow
replies; Redis killed and restarted, frozen, out of memory."""

from __future__ import annotations

import os
import signal
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
import redis

from bot.runtime.settings import SlackSettings
from bot.slack import notices
from bot.slack.delivery import RetryPolicy
from bot.slack.outbox import STREAM
from knowledge.kb import KnowledgeBase
from tests.ops.replicas import Replica, metric, replica, total
from tests.ops.test_serve_replicas import serving
from tests.support import payloads
from tests.support.bot_server import BOT_TOKEN, QUICK_RETRIES
from tests.support.fake_slack import NORMAL, FakeSlack, Reply
from tests.support.log_guard import AskedQuestions
from tests.support.redis_server import RedisServer
from tests.support.signing import SIGNING_SECRET, SlackSender

# Production retries for 10 minutes from 1 s; here the same rules, faster, with a 1 s post timeout.
FAULT_POLICY = RetryPolicy(deadline=30.0, first_backoff=0.1, max_backoff=0.5, timeout=1.0)
EVENTS = 24
SLACK_ACK_SECONDS = 3.0  # Slack's deadline for an acknowledgement (a limit, not a measurement)
ANSWER_SECONDS = 30.0  # a deadline for every answer to arrive, not a measurement
RATELIMITED = {"ok": False, "error": "ratelimited"}


def pair(settings: SlackSettings, kb: KnowledgeBase, redis_url: str, stack: ExitStack) -> tuple[Replica, Replica]:
    settings = settings.model_copy(update={"rate_limit_per_minute": 0})  # one asker, many questions
    a = stack.enter_context(replica("a", settings, kb, redis_url, workers=4, policy=FAULT_POLICY))
    b = stack.enter_context(replica("b", settings, kb, redis_url, workers=4, policy=FAULT_POLICY))
    return a, b


def ask(replicas: tuple[Replica, Replica], asked: AskedQuestions, n: int, start: int = 0) -> list[dict]:
    """n mentions, alternating between the replicas, each acknowledged in time; every third also
    retried at once at the other replica, as Slack does when it missed an acknowledgement."""
    events = []
    for i in range(start, start + n):
        event = payloads.app_mention(asked(f"does keytruda need evicore precert? ({i})"))
        first, other = replicas[i % 2], replicas[(i + 1) % 2]
        response = first.slack.event(event)
        assert response.status == 200 and response.seconds < SLACK_ACK_SECONDS
        if i % 3 == 0:
            assert other.slack.event(event, retry_num=1).status == 200
        events.append(event)
    return events


def answered_exactly_once(fake: FakeSlack, events: list[dict], replicas: tuple[Replica, ...]) -> None:
    threads = {e["event"]["ts"] for e in events}
    deadline = time.monotonic() + ANSWER_SECONDS
    while not threads <= {m.get("thread_ts") for m in fake.posted} and time.monotonic() < deadline:
        time.sleep(0.05)
    for r in replicas:
        r.drain()
    held = Counter(m.get("thread_ts") for m in fake.posted if m.get("thread_ts") in threads)
    missing = threads - set(held)
    twice = {t: n for t, n in held.items() if n > 1}
    assert not missing and not twice, f"{len(missing)} unanswered, {len(twice)} answered twice"


def window(fake: FakeSlack, fault: Reply, seconds: float) -> Callable[[], None]:
    """Every post gets `fault` until the returned function is called (or `seconds` pass)."""
    fake.replace("chat.postMessage", fault)
    ends = time.monotonic() + seconds

    def end() -> None:
        time.sleep(max(0.0, ends - time.monotonic()))
        fake.replace("chat.postMessage", None)

    return end


def every_third(fake: FakeSlack, fault: Reply) -> Callable[[], None]:
    fake.script("chat.postMessage", *[fault, NORMAL, NORMAL] * EVENTS)
    return lambda: None


SLACK_FAULTS: dict[str, Callable[[FakeSlack], Callable[[], None]]] = {
    "429 storm, Retry-After 1": lambda f: window(f, Reply(429, {"Retry-After": "1"}, RATELIMITED), 3.0),
    "429, Retry-After 4": lambda f: window(f, Reply(429, {"Retry-After": "4"}, RATELIMITED), 0.5),
    "500s before taking the post": lambda f: window(f, Reply(500, {}, "upstream connect error"), 3.0),
    "500 after taking a third of posts": lambda f: every_third(f, Reply(500, {}, "upstream", after_accepting=True)),
    "resets before taking the post": lambda f: window(f, Reply(reset=True), 3.0),
    "reset after taking a third of posts": lambda f: every_third(f, Reply(reset=True, after_accepting=True)),
    "slow replies after taking a third": lambda f: every_third(f, Reply(delay=2.0, after_accepting=True)),
}


@pytest.mark.parametrize("fault", list(SLACK_FAULTS))
def test_every_acknowledged_question_is_answered_exactly_once_through_slacks_faults(
    settings: SlackSettings,
    fake_slack: FakeSlack,
    kb: KnowledgeBase,
    redis_url: str,
    asked: AskedQuestions,
    fault: str,
) -> None:
    with ExitStack() as stack:
        replicas = pair(settings, kb, redis_url, stack)
        end = SLACK_FAULTS[fault](fake_slack)
        events = ask(replicas, asked, EVENTS)
        end()
        answered_exactly_once(fake_slack, events, replicas)
        if "after taking" in fault:  # the read-back found what Slack had taken and said it hadn't
            assert total(replicas, "precert_duplicate_posts_avoided_total") >= 1
        assert total(replicas, "precert_answers_abandoned_total") == 0


def _kill(redis: RedisServer) -> Callable[[], None]:
    redis.stop()
    return lambda: redis.start()


def _freeze(redis: RedisServer) -> Callable[[], None]:
    redis.pause()
    return redis.resume


def _fill(redis: RedisServer) -> Callable[[], None]:
    with redis.client() as client:
        client.config_set("maxmemory", "1")  # every write now fails with OOM

    def restore() -> None:
        with redis.client() as client:
            client.config_set("maxmemory", "0")

    return restore


REDIS_FAULTS = {"killed and restarted": _kill, "frozen (slow)": _freeze, "out of memory": _fill}


@pytest.fixture
def redis_for_faults(own_redis: RedisServer) -> Iterator[RedisServer]:
    yield own_redis
    if own_redis.process is not None:
        own_redis.resume()  # a failed test must not leave it frozen for the teardown


@pytest.mark.parametrize("fault", list(REDIS_FAULTS))
def test_every_acknowledged_question_is_answered_exactly_once_through_redis_faults(
    settings: SlackSettings,
    fake_slack: FakeSlack,
    kb: KnowledgeBase,
    redis_for_faults: RedisServer,
    asked: AskedQuestions,
    fault: str,
) -> None:
    redis = redis_for_faults
    with ExitStack() as stack:
        a, b = replicas = pair(settings, kb, redis.url, stack)
        before = ask(replicas, asked, 6)
        answered_exactly_once(fake_slack, before, replicas)

        recover = REDIS_FAULTS[fault](redis)
        during = []
        for i in range(5):  # each retry waits RETRY_SETTLE_SECONDS while Redis is away
            (event,) = ask(replicas, asked, 1, start=100 + i)
            # Slack retries an event it saw no acknowledgement for, later, at whichever replica.
            replicas[i % 2].drain()
            replicas[(i + 1) % 2].slack.event(event, retry_num=2)
            during.append(event)
        answered_exactly_once(fake_slack, before + during, replicas)
        for r in replicas:
            assert r.health()[1]["status"] == "degraded"
        recover()

        deadline = time.monotonic() + ANSWER_SECONDS
        while not (a.stores.link.up and b.stores.link.up) and time.monotonic() < deadline:
            a.outbox.wait_idle(0.2), b.outbox.wait_idle(0.2)
        a.drain(), b.drain()  # the keys written during the fault are written back to Redis
        # Retries of what was answered during the fault, now with Redis back: not answered again.
        for i, event in enumerate(during):
            replicas[i % 2].slack.event(event, retry_num=3)
        after = ask(replicas, asked, 6, start=200)
        answered_exactly_once(fake_slack, before + during + after, replicas)


def test_a_replica_killed_mid_backlog_has_its_answers_posted_by_the_other(
    fake_slack: FakeSlack, redis_url: str, asked: AskedQuestions
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REDIS_", "LOG_", "RATE_", "OUTBOX_"))}
    env |= {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "REDIS_URL": redis_url,
        "RATE_LIMIT_PER_MINUTE": "0",
        "OUTBOX_CLAIM_SECONDS": "2",
    }
    # Slack takes each post and answers a second later: a backlog builds, much of it in hand.
    fake_slack.replace("chat.postMessage", Reply(delay=1.0, after_accepting=True))
    events = []
    with ExitStack() as stack:
        a, _, process_a = stack.enter_context(serving(env))
        sender = SlackSender(a + "/slack/events")
        for n in range(40):
            event = payloads.app_mention(asked(f"evicore hours? ({n})"))
            assert sender.event(event).status == 200
            events.append(event)
        fake_slack.wait_for("chat.postMessage", count=8)
        process_a.send_signal(signal.SIGKILL)
        process_a.wait(5)
        taken = len(fake_slack.posted)
        assert taken < len(events)  # killed mid-backlog

        fake_slack.replace("chat.postMessage", None)
        _, ops_b, _ = stack.enter_context(serving(env))
        deadline = time.monotonic() + ANSWER_SECONDS
        threads = {e["event"]["ts"] for e in events}
        with redis.Redis.from_url(redis_url) as client:
            # Done when every entry, those A held included, has been answered and deleted.
            while client.xlen(STREAM) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert client.xlen(STREAM) == 0
        held = Counter(m.get("thread_ts") for m in fake_slack.posted)
        assert set(held) == threads and set(held.values()) == {1}, held
        with urllib.request.urlopen(ops_b + "/metrics", timeout=5) as response:
            exposition = response.read().decode()
    # B read back the threads of what A held when it died, and found those A had posted.
    avoided = [line for line in exposition.splitlines() if line.startswith("precert_duplicate_posts_avoided_total")]
    assert avoided and float(avoided[0].split()[-1]) >= 1


def test_an_answer_slack_refuses_past_the_deadline_ends_in_an_apology_and_a_count(
    settings: SlackSettings, fake_slack: FakeSlack, kb: KnowledgeBase, asked: AskedQuestions
) -> None:
    fake_slack.replace("chat.postMessage", Reply(503, {}, "service unavailable"))
    with replica("a", settings, kb, None, policy=QUICK_RETRIES) as a:
        event = payloads.app_mention(asked("does keytruda need evicore precert?"))
        assert a.slack.event(event).status == 200
        a.drain()

        posts = fake_slack.calls("chat.postMessage")
        assert (
            posts[-1].body["text"] == notices.notice("gave_up") and posts[-1].body["thread_ts"] == event["event"]["ts"]
        )
        assert len(posts) > 3  # retried with backoff until the deadline, then the apology
        assert metric(a, 'precert_answers_abandoned_total{kind="app_mention"}') == 1


def test_a_full_outbox_answers_with_the_overload_notice(
    settings: SlackSettings, fake_slack: FakeSlack, kb: KnowledgeBase, asked: AskedQuestions
) -> None:
    fake_slack.replace("chat.postMessage", Reply(delay=1.0, after_accepting=True))
    with replica("a", settings, kb, None, workers=1, capacity=2) as a:
        events = [payloads.app_mention(asked(f"evicore hours? ({n})"), user=f"U0N{n}") for n in range(4)]
        for event in events:
            assert a.slack.event(event).status == 200
        (notice,) = fake_slack.wait_for("chat.postEphemeral", timeout=ANSWER_SECONDS)
        a.drain()
        assert metric(a, "precert_outbox_overloaded_total") == 1

    # One in hand and two waiting fill it: the third or the fourth question gets the notice.
    assert notice.body["text"] == notices.notice("overloaded") and notice.body["user"] in {
        e["event"]["user"] for e in events[2:]
    }
