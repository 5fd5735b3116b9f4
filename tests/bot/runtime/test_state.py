"""The shared state store against a real Redis: de-duplication is atomic across replicas, entries
expire, contexts cross replicas, and a Redis that stops and comes back costs nothing but sharing."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.runtime.state import (
    MemoryDeduper,
    RedisContextStore,
    RedisDeduper,
    RedisLink,
    make_stores,
    redis_client,
)
from bot.runtime.state.base import starting
from intents.context import Context, MemoryContextStore
from tests.support.redis_server import RedisServer, free_port

KEYTRUDA = Context(intent="drug_precert", programs=["evicore_oncology"], drug_ids=["keytruda"])
TYSABRI = Context(intent="drug_precert", drug_ids=["tysabri"])
QUICK_RETRY = 0.2  # seconds between tries of a Redis that is down (production: a few seconds)


def link(url: str, retry_seconds: float = QUICK_RETRY) -> RedisLink:
    """One replica's connection: each gets its own client and pool, as separate processes would."""
    return RedisLink(redis_client(url), retry_seconds=retry_seconds)


def wait_until_up(*links: RedisLink, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not all(lk.ping() for lk in links):
        assert time.monotonic() < deadline, "Redis was not used again after it came back"
        time.sleep(QUICK_RETRY / 2)


# -- without Redis


def test_without_a_url_the_stores_are_per_process() -> None:
    stores = make_stores(None)
    assert stores.backend == "memory" and stores.link is None
    assert isinstance(stores.deduper, MemoryDeduper) and isinstance(stores.contexts, MemoryContextStore)
    assert stores.check() == {"state": "memory"}


def test_building_the_stores_does_not_need_redis_up() -> None:
    stores = make_stores(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    assert stores.backend == "redis"
    assert stores.deduper.first_time("a") is True  # answered from memory
    assert stores.deduper.first_time("a") is False


# -- de-duplication


def test_of_two_replicas_only_the_first_to_see_an_event_answers_it(redis_url: str) -> None:
    a, b = RedisDeduper(link(redis_url)), RedisDeduper(link(redis_url))

    assert a.first_time("slack:event:Ev1") is True
    assert b.first_time("slack:event:Ev1") is False
    assert a.first_time("slack:event:Ev1") is False
    assert b.first_time("slack:event:Ev2") is True


def test_dedupe_is_atomic_under_concurrent_replicas(redis_url: str) -> None:
    replicas = [RedisDeduper(link(redis_url)) for _ in range(4)]
    keys = [f"slack:event:Ev{i}" for i in range(50)]
    threads_per_key = 16
    start = threading.Barrier(threads_per_key)

    def race(key: str, n: int) -> bool:
        start.wait()
        return replicas[n % len(replicas)].first_time(key)

    with ThreadPoolExecutor(threads_per_key) as pool:
        for key in keys:
            results = list(pool.map(lambda n, key=key: race(key, n), range(threads_per_key)))
            assert results.count(True) == 1, key


def test_dedupe_entries_expire(redis_url: str) -> None:
    deduper = RedisDeduper(link(redis_url), ttl=1)
    assert deduper.first_time("slack:event:Ev1") is True
    with redis_client(redis_url) as r:
        assert 0 < r.ttl("precert:dedupe:slack:event:Ev1") <= 1

    time.sleep(1.2)
    assert deduper.first_time("slack:event:Ev1") is True


# -- conversation context


def test_a_context_put_by_one_replica_is_read_by_another(redis_url: str) -> None:
    a, b = RedisContextStore(link(redis_url)), RedisContextStore(link(redis_url))

    a.put("T1:C1:1732350000.000001", KEYTRUDA)
    assert b.get("T1:C1:1732350000.000001") == KEYTRUDA
    b.put("T1:C1:1732350000.000001", TYSABRI)
    assert a.get("T1:C1:1732350000.000001") == TYSABRI  # Redis, not a's own older copy
    assert a.get("T1:C1:other") is None


def test_a_conversation_being_started_costs_no_round_trip(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = link(redis_url)
    store = RedisContextStore(shared)
    store.put("T1:C1:1.1", KEYTRUDA)
    trips: list[str] = []
    call = shared.call
    monkeypatch.setattr(shared, "call", lambda command, fallback: trips.append("get") or call(command, fallback))

    with starting("T1:C1:1.1"):
        assert store.get("T1:C1:1.1") is None and trips == []
        assert store.get("T1:C1:2.2") is None and trips == ["get"]
    assert store.get("T1:C1:1.1") == KEYTRUDA


def test_contexts_are_stored_as_json_with_an_expiry(redis_url: str) -> None:
    store = RedisContextStore(link(redis_url), ttl=1)
    store.put("conv", KEYTRUDA)
    with redis_client(redis_url) as r:
        assert Context.model_validate_json(r.get("precert:context:conv")) == KEYTRUDA
        assert 0 < r.ttl("precert:context:conv") <= 1

    time.sleep(1.2)
    assert RedisContextStore(link(redis_url), ttl=1).get("conv") is None
    assert store.get("conv") is None  # the local copy expires on the same schedule


def test_an_unreadable_context_is_no_context(redis_url: str) -> None:
    with redis_client(redis_url) as r:
        r.set("precert:context:conv", b'{"not": "a context"}')
    assert RedisContextStore(link(redis_url)).get("conv") is None


# -- Redis stops and comes back


def test_redis_stopping_mid_run_falls_back_and_recovers(
    own_redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="precert_bot.state")
    link_a, link_b = link(own_redis.url), link(own_redis.url)
    dedupe_a, dedupe_b = RedisDeduper(link_a), RedisDeduper(link_b)
    contexts_a, contexts_b = RedisContextStore(link_a), RedisContextStore(link_b)
    assert dedupe_a.first_time("before") is True and dedupe_b.first_time("before") is False
    contexts_a.put("conv", KEYTRUDA)

    own_redis.stop()

    # Each replica carries on from its own memory: what it saw before, and what it sees now.
    started = time.monotonic()
    assert dedupe_a.first_time("before") is False
    assert dedupe_a.first_time("during") is True
    assert dedupe_a.first_time("during") is False
    assert dedupe_b.first_time("during") is True  # b can't know what a saw while Redis was away
    assert contexts_a.get("conv") == KEYTRUDA  # a's own copy
    assert contexts_b.get("conv") is None
    contexts_b.put("conv-b", TYSABRI)
    assert contexts_b.get("conv-b") == TYSABRI
    for i in range(100):  # repeated failures: still answered, and from memory without waiting on Redis
        assert dedupe_a.first_time(f"many-{i}") is True
    assert time.monotonic() - started < 5, "a dead Redis must not stall the stores"
    assert not link_a.up and not link_b.up

    contexts_a.put("conv", TYSABRI)  # a moves on while Redis still holds Keytruda for this conversation

    own_redis.start()
    wait_until_up(link_a, link_b)

    assert contexts_a.get("conv") == TYSABRI  # not Redis's older copy: 'and the fax?' is about Tysabri
    contexts_a.put("conv", KEYTRUDA)  # written through again, and shared again
    assert contexts_b.get("conv") == KEYTRUDA
    assert dedupe_a.first_time("after") is True and dedupe_b.first_time("after") is False
    contexts_b.put("conv2", TYSABRI)
    assert contexts_a.get("conv2") == TYSABRI

    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2  # once per replica (each is its own process), however many calls failed
    assert all("redis unreachable (ConnectionError)" in r.getMessage() for r in warnings)
    assert sum("redis reachable again" in r.getMessage() for r in caplog.records) == 2


def test_a_context_written_while_redis_was_unreachable_wins_over_redis_older_copy(own_redis: RedisServer) -> None:
    shared = link(own_redis.url)
    contexts = RedisContextStore(shared)
    contexts.put("conv", KEYTRUDA)
    own_redis.pause()  # unreachable, but it keeps its data: Keytruda is still there when it answers again
    try:
        contexts.put("conv", TYSABRI)
    finally:
        own_redis.resume()
    wait_until_up(shared)
    # A write that timed out may still have landed when Redis woke; here it did not.
    with redis_client(own_redis.url) as client:
        client.set("precert:context:conv", KEYTRUDA.model_dump_json(), ex=60)

    assert contexts.get("conv") == TYSABRI  # 'and the fax?' is about the drug asked about last
    # ...and that read caught Redis up, so another replica sees Tysabri too.
    assert RedisContextStore(link(own_redis.url)).get("conv") == TYSABRI


def test_while_down_redis_is_tried_at_most_every_few_seconds(own_redis: RedisServer) -> None:
    now = [1000.0]
    client = redis_client(own_redis.url)
    attempts = []
    real_set = client.set

    def counting_set(*args: object, **kwargs: object) -> object:
        attempts.append(now[0])
        return real_set(*args, **kwargs)

    client.set = counting_set  # type: ignore[method-assign]
    deduper = RedisDeduper(RedisLink(client, retry_seconds=5.0, clock=lambda: now[0]))
    own_redis.stop()

    for i in range(30):  # 15 seconds of calls, two a second
        deduper.first_time(f"k{i}")
        now[0] += 0.5

    assert attempts == [1000.0, 1005.0, 1010.0]


def test_the_health_check_reports_the_backend(own_redis: RedisServer) -> None:
    stores = make_stores(own_redis.url, retry_seconds=QUICK_RETRY, health_hold=2 * QUICK_RETRY)
    assert stores.check() == {"state": "redis"}

    own_redis.stop()
    assert stores.check() == {"state": "memory (redis unreachable)"}
    assert stores.degraded()

    own_redis.start()
    time.sleep(QUICK_RETRY)
    # Answering again, but degraded until it has answered for health_hold without a failure: a Redis
    # that answers PING and refuses writes doesn't make the probe flap.
    assert stores.check() == {"state": "redis (recovering)"} and stores.degraded()
    time.sleep(2 * QUICK_RETRY)
    assert stores.check() == {"state": "redis"} and not stores.degraded()
