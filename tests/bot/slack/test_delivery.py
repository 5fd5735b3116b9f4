"""Delivery on its own, with send and verify stubbed: how each failure is read (refused, unsure, final),
what is waited, when a post is checked for before it is sent again, and when it gives up. The fault
tests (tests/ops/test_slack_faults.py, test_exactly_once.py) run the same code against the fake Web
API; these say each rule once, directly, so a changed rule fails a test named for it."""

from __future__ import annotations

import random
import threading
import time
import urllib.error
from collections.abc import Callable
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.runtime.metrics import Metrics
from bot.slack import delivery as delivery_module
from bot.slack.delivery import READ_RETRIES, Attempt, Delivery, Outcome, RetryPolicy, classify, read_retry_handlers
from bot.slack.socket_mode import retry_delay
from tests.support.fake_slack import NORMAL, FakeSlack, Reply

QUICK = RetryPolicy(deadline=5.0, first_backoff=0.01, max_backoff=0.02, timeout=1.0)


def response(status: int = 200, data: dict[str, Any] | None = None, headers: dict[str, Any] | None = None):
    return SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.test/api/chat.postMessage",
        req_args={},
        data=data if data is not None else {"ok": True},
        headers=headers or {},
        status_code=status,
    )


def api_error(status: int, error: str, headers: dict[str, Any] | None = None) -> SlackApiError:
    return SlackApiError("failed", response(status, {"ok": False, "error": error}, headers))


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def counter(metrics: Metrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels or None) or 0.0


# -- reading one attempt


@pytest.mark.parametrize(
    ("result", "error", "expected"),
    [
        (response(), None, Attempt(Outcome.DONE, "ok")),
        (object(), None, Attempt(Outcome.DONE, "ok")),  # a webhook's reply without a status: taken
        (response(429, headers={"Retry-After": "7"}), None, Attempt(Outcome.REFUSED, "ratelimited", 7.0)),
        (response(503), None, Attempt(Outcome.UNSURE, "server_error")),
        (response(500, headers={"retry-after": ["3"]}), None, Attempt(Outcome.UNSURE, "server_error", 3.0)),
        (response(404), None, Attempt(Outcome.FINAL, "http_404")),
        (None, api_error(200, "ratelimited"), Attempt(Outcome.REFUSED, "ratelimited", None, True)),
        (None, api_error(429, "ratelimited", {"Retry-After": "2"}), Attempt(Outcome.REFUSED, "ratelimited", 2.0)),
        (None, api_error(200, "internal_error"), Attempt(Outcome.UNSURE, "internal_error", None, True)),
        (None, api_error(200, "fatal_error"), Attempt(Outcome.UNSURE, "fatal_error", None, True)),
        (None, api_error(200, "service_unavailable"), Attempt(Outcome.UNSURE, "service_unavailable", None, True)),
        (None, api_error(200, "request_timeout"), Attempt(Outcome.UNSURE, "request_timeout", None, True)),
        (None, api_error(200, "channel_not_found"), Attempt(Outcome.FINAL, "channel_not_found", None, True)),
        (None, api_error(502, "bad_gateway"), Attempt(Outcome.UNSURE, "server_error")),
        (None, api_error(403, "missing_scope"), Attempt(Outcome.FINAL, "missing_scope")),
        (None, urllib.error.URLError("refused"), Attempt(Outcome.REFUSED, "connection")),
        (None, ConnectionRefusedError(), Attempt(Outcome.REFUSED, "connection")),
        (None, ConnectionResetError(), Attempt(Outcome.UNSURE, "reset")),
        (None, TimeoutError(), Attempt(Outcome.UNSURE, "reset")),
        (None, ValueError("bad"), Attempt(Outcome.FINAL, "ValueError")),
    ],
)
def test_each_attempt_is_read_as_refused_unsure_or_final(
    result: Any, error: BaseException | None, expected: Attempt
) -> None:
    assert classify(result=result, error=error) == expected


def test_an_error_without_a_code_is_named_by_its_status() -> None:
    error = SlackApiError("failed", response(403, {"ok": False}))
    assert classify(error=error) == Attempt(Outcome.FINAL, "http_403")


@pytest.mark.parametrize(
    ("value", "wait"),
    [("7", 7.0), ("0.5", 0.5), ("-3", 0.0), (["4"], 4.0), ([], None), ("soon", None), (None, None)],
)
def test_retry_after_is_read_as_seconds_never_negative(value: Any, wait: float | None) -> None:
    headers = {} if value is None else {"Retry-After": value}
    assert classify(result=response(429, headers=headers)).retry_after == wait


def test_backoff_doubles_from_the_first_up_to_the_cap_with_jitter() -> None:
    policy = RetryPolicy(first_backoff=1.0, max_backoff=8.0)
    for failures, ceiling in [(0, 1.0), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)]:
        waits = [policy.backoff(failures) for _ in range(200)]
        assert all(ceiling / 2 <= w <= ceiling for w in waits), (failures, min(waits), max(waits))
        assert max(waits) - min(waits) > ceiling / 10  # jittered, not one fixed wait


def test_the_default_policy_retries_for_minutes() -> None:
    policy = RetryPolicy()
    assert (policy.deadline, policy.first_backoff, policy.max_backoff, policy.timeout) == (600, 1.0, 60.0, 10.0)


# -- sending


class Script:
    """send() answers with each of `steps` in turn (an exception is raised), then the last again."""

    def __init__(self, *steps: Any) -> None:
        self.steps = list(steps)
        self.sent: list[float] = []

    def __call__(self) -> Any:
        self.sent.append(time.monotonic())
        step = self.steps[min(len(self.sent), len(self.steps)) - 1]
        if isinstance(step, BaseException):
            raise step
        return step


def test_a_post_slack_takes_is_sent_once() -> None:
    send = Script(response())
    assert Delivery(Metrics(), QUICK).send(send) == Attempt(Outcome.DONE, "ok")
    assert len(send.sent) == 1


def test_a_refused_post_is_sent_again_after_retry_after_without_asking() -> None:
    send = Script(api_error(429, "ratelimited", {"Retry-After": "0.2"}), response())
    verified: list[bool] = []
    attempt = Delivery(Metrics(), QUICK).send(send, verify=lambda: verified.append(True) or False)
    assert attempt.outcome is Outcome.DONE and len(send.sent) == 2
    assert send.sent[1] - send.sent[0] >= 0.2  # Retry-After waited out
    assert verified == []  # refused: Slack didn't take it, nothing to look for


def test_an_unsure_post_is_looked_for_before_it_is_sent_again() -> None:
    metrics = Metrics()
    send = Script(api_error(503, "service_unavailable"), response())
    attempt = Delivery(metrics, QUICK).send(send, verify=lambda: True, label="t1")
    assert attempt == Attempt(Outcome.DONE, "verified")
    assert len(send.sent) == 1  # it was there: not posted twice
    assert counter(metrics, "precert_duplicate_posts_avoided_total") == 1


def test_an_unsure_post_not_found_is_sent_again() -> None:
    send = Script(ConnectionResetError(), response())
    assert Delivery(Metrics(), QUICK).send(send, verify=lambda: False).outcome is Outcome.DONE
    assert len(send.sent) == 2


def test_check_first_looks_before_the_first_post() -> None:
    send = Script(response())
    assert Delivery(Metrics(), QUICK).send(send, verify=lambda: True, check_first=True).reason == "verified"
    assert send.sent == []
    assert Delivery(Metrics(), QUICK).send(send, verify=lambda: False, check_first=True).reason == "ok"
    assert len(send.sent) == 1


def test_a_read_back_that_fails_is_tried_again_never_posted_blind() -> None:
    looks = Script(ConnectionResetError(), api_error(500, "internal_error"), True)

    def verify() -> bool:
        return looks()

    send = Script(response())
    assert Delivery(Metrics(), QUICK).send(send, verify=verify, check_first=True).reason == "verified"
    assert send.sent == [] and len(looks.sent) == 3


@pytest.mark.parametrize("error", [api_error(403, "missing_scope"), ValueError("unreadable reply")])
def test_a_read_back_that_never_can_succeed_sends(error: BaseException) -> None:
    send = Script(response())
    assert Delivery(Metrics(), QUICK).send(send, verify=Script(error), check_first=True).reason == "ok"
    assert len(send.sent) == 1


def test_a_final_refusal_is_given_up_at_once_and_counted() -> None:
    metrics = Metrics()
    send = Script(api_error(200, "channel_not_found"))
    assert Delivery(metrics, QUICK).send(send) == Attempt(Outcome.FINAL, "channel_not_found", None, True)
    assert len(send.sent) == 1
    assert counter(metrics, "precert_slack_api_errors_total", reason="channel_not_found") == 1


def test_an_http_failure_is_not_counted_twice() -> None:
    metrics = Metrics()  # slack_sdk's retry observer counts HTTP failures; ok:false in a 200 only here
    Delivery(metrics, QUICK).send(Script(api_error(404, "not_found")))
    assert counter(metrics, "precert_slack_api_errors_total", reason="not_found") == 0


def test_it_gives_up_at_the_deadline_counted_from_the_acknowledgement() -> None:
    policy = RetryPolicy(deadline=0.5, first_backoff=0.05, max_backoff=0.1)
    send = Script(api_error(502, "bad_gateway"))
    started = time.monotonic()
    assert Delivery(Metrics(), policy).send(send, verify=lambda: False) == Attempt(Outcome.FINAL, "deadline")
    assert 0.3 <= time.monotonic() - started < 0.6 and len(send.sent) >= 3
    # Acknowledged 0.48 s ago: 0.02 s left, less than one wait.
    late = Script(api_error(502, "bad_gateway"))
    assert Delivery(Metrics(), policy).send(late, age=0.48).reason == "deadline"
    assert len(late.sent) == 1
    # A negative age is no extra time.
    assert Delivery(Metrics(), RetryPolicy(deadline=0.0)).send(Script(api_error(502, "x")), age=-5).reason == (
        "deadline"
    )


def test_a_retry_after_beyond_the_deadline_gives_up_now() -> None:
    send = Script(api_error(429, "ratelimited", {"Retry-After": "30"}))
    started = time.monotonic()
    assert Delivery(Metrics(), QUICK).send(send).reason == "deadline"
    assert time.monotonic() - started < 1.0


def test_a_read_back_failing_until_the_deadline_gives_up_without_posting() -> None:
    policy = RetryPolicy(deadline=0.3, first_backoff=0.05, max_backoff=0.1)
    send = Script(response())
    attempt = Delivery(Metrics(), policy).send(send, verify=Script(OSError()), check_first=True)
    assert attempt == Attempt(Outcome.FINAL, "deadline")
    assert send.sent == []


def test_a_ratelimit_holds_every_delivery_of_the_app() -> None:
    delivery = Delivery(Metrics(), QUICK)
    first = Script(api_error(429, "ratelimited", {"Retry-After": "0.4"}), response())
    waiting = threading.Thread(target=delivery.send, args=(first,), daemon=True)
    waiting.start()
    assert wait_for(lambda: len(first.sent) == 1)
    # Another post starting while the first waits out Slack's Retry-After waits out the rest of it too.
    other = Script(response())
    delivery.send(other)
    assert other.sent[0] >= first.sent[0] + 0.4
    waiting.join(5)
    assert len(first.sent) == 2


def test_a_ratelimit_hold_beyond_the_deadline_is_waited_only_to_the_deadline() -> None:
    delivery = Delivery(Metrics(), RetryPolicy(deadline=0.3, first_backoff=0.01, max_backoff=0.02))
    # Retry-After past its deadline: this one gives up at once, the hold stays for 10 s ...
    assert delivery.send(Script(api_error(429, "ratelimited", {"Retry-After": "10"}))).reason == "deadline"
    started = time.monotonic()
    other = Script(response())
    # ... and the next waits until its own deadline, then tries once rather than not at all.
    assert delivery.send(other).reason == "ok"
    assert 0.2 <= other.sent[0] - started < 1.0


def test_the_waits_double_from_the_first_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    ceilings: list[float] = []
    monkeypatch.setattr(delivery_module._JITTER, "uniform", lambda low, high: ceilings.append(high) or 0.0)
    policy = RetryPolicy(deadline=5.0, first_backoff=0.001, max_backoff=1.0)
    send = Script(api_error(502, "x"), api_error(502, "x"), ConnectionResetError(), response())
    assert Delivery(Metrics(), policy).send(send, verify=lambda: False).reason == "ok"
    assert ceilings == [0.001, 0.002, 0.004]
    ceilings.clear()
    looks = Script(OSError(), OSError(), True)
    assert Delivery(Metrics(), policy).send(Script(response()), verify=looks, check_first=True).reason == "verified"
    assert ceilings == [0.001, 0.002]


def test_without_a_policy_a_delivery_retries_for_minutes() -> None:
    delivery = Delivery(Metrics())
    assert delivery.policy == RetryPolicy() and not delivery.stopping.is_set()


def test_a_server_error_wait_does_not_hold_other_deliveries() -> None:
    delivery = Delivery(Metrics(), RetryPolicy(deadline=5.0, first_backoff=0.3, max_backoff=0.3))
    done = threading.Event()
    threading.Thread(
        target=lambda: (delivery.send(Script(api_error(502, "x"), response()), verify=lambda: False), done.set()),
        daemon=True,
    ).start()
    time.sleep(0.05)
    started = time.monotonic()
    delivery.send(Script(response()))
    assert time.monotonic() - started < 0.1  # only a ratelimit is the whole app's
    assert done.wait(5)


StoppingCase = Callable[[Delivery], Attempt]


@pytest.mark.parametrize(
    "case",
    [
        lambda d: d.send(Script(api_error(429, "ratelimited", {"Retry-After": "3"}), response())),
        lambda d: d.send(Script(response()), verify=Script(OSError()), check_first=True),
    ],
    ids=["waiting-out-retry-after", "waiting-to-read-back"],
)
def test_a_shutdown_cuts_a_wait_short_and_the_delivery_ends_unsent(case: StoppingCase) -> None:
    stopping = threading.Event()
    delivery = Delivery(Metrics(), RetryPolicy(deadline=30.0, first_backoff=3.0, max_backoff=3.0), stopping)
    threading.Timer(0.2, stopping.set).start()
    started = time.monotonic()
    assert case(delivery) == Attempt(Outcome.FINAL, "stopping")
    assert time.monotonic() - started < 2.0


def test_a_delivery_started_after_the_shutdown_sends_nothing() -> None:
    stopping = threading.Event()
    stopping.set()
    send = Script(response())
    assert Delivery(Metrics(), QUICK, stopping).send(send) == Attempt(Outcome.FINAL, "stopping")
    assert send.sent == []


def test_a_read_back_gives_up_before_a_wait_that_would_end_past_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(delivery_module._JITTER, "uniform", lambda low, high: high)  # each wait its ceiling
    policy = RetryPolicy(deadline=1.0, first_backoff=0.6, max_backoff=0.6)
    started = time.monotonic()
    attempt = Delivery(Metrics(), policy).send(Script(response()), verify=Script(OSError()), check_first=True)
    assert attempt == Attempt(Outcome.FINAL, "deadline")
    assert time.monotonic() - started < 0.9  # one wait of 0.6 s, then a second would end at 1.2 s: given up


# -- the reading clients' retries (thread read-backs, history, user look-ups: calls that change nothing)


@pytest.mark.parametrize(
    ("failure", "reason", "error"),
    [
        (Reply(reset=True), "connection", ConnectionResetError),
        (
            Reply(status=429, headers={"Retry-After": "0"}, body={"ok": False, "error": "ratelimited"}),
            "ratelimited",
            SlackApiError,
        ),
        (Reply(status=503, body="Service Unavailable"), "server_error", SlackApiError),
    ],
)
def test_a_read_is_tried_again_twice_at_most_and_each_failed_attempt_is_counted(
    failure: Reply, reason: str, error: type[Exception]
) -> None:
    metrics = Metrics()
    with FakeSlack() as fake:
        client = WebClient(token="xoxb-test", base_url=fake.api_url, retry_handlers=read_retry_handlers(metrics))
        fake.script("conversations.replies", *[failure] * READ_RETRIES, NORMAL)
        assert client.conversations_replies(channel="C1", ts="1.000001")["ok"]  # the third attempt answered
        fake.script("conversations.replies", *[failure] * (READ_RETRIES + 1), NORMAL)
        with pytest.raises(error):
            client.conversations_replies(channel="C1", ts="1.000001")
        assert len(fake.calls("conversations.replies")) == 2 * (READ_RETRIES + 1)  # and no fourth try
        # Without metrics (a client built before them) the same retries, nothing counted.
        bare = WebClient(token="xoxb-test", base_url=fake.api_url, retry_handlers=read_retry_handlers())
        fake.script("conversations.replies", failure, NORMAL)
        assert bare.conversations_replies(channel="C1", ts="1.000001")["ok"]
    assert counter(metrics, "precert_slack_api_errors_total", reason=reason) == 2 * READ_RETRIES + 1


def test_jitter_never_moves_the_random_modules_shared_state() -> None:
    # A worker thread drawing from the shared state moves what test frameworks seed under another test.
    before = random.getstate()
    waits = [RetryPolicy().backoff(n) for n in range(1, 6)] + [retry_delay(n) for n in range(1, 6)]
    assert random.getstate() == before
    assert all(w > 0 for w in waits)
