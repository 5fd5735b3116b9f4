"""Questions per person per minute: counted per process, or across replicas through Redis."""

from __future__ import annotations

from bot.runtime.ratelimit import (
    MemoryRateLimiter,
    RedisRateLimiter,
    Unlimited,
    make_rate_limiter,
)
from bot.runtime.state import RedisLink, make_stores, redis_client
from bot.slack.notices import notice
from tests.support.redis_server import RedisServer


class Clock:
    def __init__(self, now: float = 1_732_350_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_limit_is_per_person_per_window() -> None:
    clock = Clock()
    limiter = MemoryRateLimiter(3, clock=clock)

    assert [limiter.allow("T1:U1") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("T1:U2") is True  # someone else is not held back
    clock.now += 60
    assert limiter.allow("T1:U1") is True  # a new minute


def test_zero_turns_the_limit_off() -> None:
    assert isinstance(make_rate_limiter(0, make_stores(None)), Unlimited)
    assert isinstance(make_rate_limiter(20, make_stores(None)), MemoryRateLimiter)


def test_the_message_is_friendly_and_says_what_to_do() -> None:
    message = notice("over_limit", limit=20)
    assert "20 questions" in message and "wait a minute" in message


def test_with_redis_the_limit_holds_across_replicas(redis_url: str) -> None:
    clock = Clock()
    a = RedisRateLimiter(RedisLink(redis_client(redis_url)), 5, clock=clock)
    b = RedisRateLimiter(RedisLink(redis_client(redis_url)), 5, clock=clock)

    results = [(a if i % 2 else b).allow("T1:U1") for i in range(8)]
    assert results == [True] * 5 + [False] * 3
    with redis_client(redis_url) as r:
        (key,) = r.keys("precert:rate:T1:U1:*")
        assert 0 < r.ttl(key) <= 61  # counts don't outlive their window by much
    clock.now += 60
    assert a.allow("T1:U1") is True


def test_with_redis_down_the_limit_is_counted_per_process(own_redis: RedisServer) -> None:
    stores = make_stores(own_redis.url)
    limiter = make_rate_limiter(2, stores)
    assert isinstance(limiter, RedisRateLimiter)
    own_redis.stop()

    assert [limiter.allow("T1:U1") for _ in range(3)] == [True, True, False]
