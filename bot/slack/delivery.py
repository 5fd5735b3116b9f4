"""Getting one message to Slack: retried for minutes, not seconds, and never re-sent blindly.

slack_sdk's retry handlers re-send after any 5xx or dropped connection, so a post Slack accepted and
then failed to confirm is posted twice. Here every failed attempt is sorted by what it says about the
post:

- refused (429, `ok: false, ratelimited`, a connection never made): Slack did not take it; wait
  (Retry-After when given, else backoff) and send again;
- unsure (5xx, a reset or timeout after the request went out): Slack may have taken it; wait, then
  ask `verify()` whether the message is there (bot/slack/listeners/shared/channel_posts.py looks for
  the post's metadata in the thread) and send again only if it is not. Without a way to verify (ephemeral messages, a
  response_url), it is sent again: a private duplicate is better than a lost answer;
- final (any other `ok: false` or 4xx): it will never go through; give up at once.

A delivery gives up at its deadline (RetryPolicy.deadline after the answer was made), and then the
caller says so to the asker if Slack lets it.
"""

from __future__ import annotations

import enum
import logging
import random
import threading
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler

from bot.runtime.metrics import Metrics

# A generator of its own, not the random module's shared one: a background thread drawing from that
# moves the state frameworks seed (hypothesis warned of 'random inside a strategy' in an unrelated test
# whose draw it happened to overlap).
_JITTER = random.Random()

log = logging.getLogger("precert_bot.delivery")

# The one place the bot's Slack retries are decided. Posts are retried here (Delivery), for minutes, and
# never by slack_sdk, whose handlers would re-send a post Slack may already have taken. Calls that change
# nothing (auth.test, files.info, reading a thread back) are retried by slack_sdk itself, a few times, as
# Slack asks (429 with Retry-After, 500/503, dropped connections).
READ_RETRIES = 2


def read_retry_handlers(metrics: Metrics | None = None) -> list[RetryHandler]:
    """A Web API client's retry handlers for calls that change nothing; failed attempts counted."""
    return [
        *([metrics.retry_observer()] if metrics else []),
        ConnectionErrorRetryHandler(max_retry_count=READ_RETRIES),
        RateLimitErrorRetryHandler(max_retry_count=READ_RETRIES),
        ServerErrorRetryHandler(max_retry_count=READ_RETRIES),
    ]


def post_retry_handlers(metrics: Metrics) -> list[RetryHandler]:
    """The posting client's: none that re-send (Delivery does, after checking); failed attempts counted."""
    return [metrics.retry_observer()]


# Slack's outages are minutes long; a question asked during one is still worth answering after it.
DELIVERY_DEADLINE_SECONDS = 10 * 60
FIRST_BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 60.0
POST_TIMEOUT_SECONDS = 10.0


class Outcome(enum.Enum):
    DONE = "done"
    REFUSED = "refused"  # not taken: safe to send again
    UNSURE = "unsure"  # may have been taken: verify before sending again
    FINAL = "final"  # will never be taken


@dataclass(frozen=True)
class Attempt:
    outcome: Outcome
    reason: str  # for logs and metrics: ratelimited, server_error, connection, reset, or Slack's code
    retry_after: float | None = None
    slack_said: bool = False  # an `ok: false` in an HTTP 200: the client's retry observer didn't count it


def classify(result: Any = None, error: BaseException | None = None) -> Attempt:
    """What one attempt's result (a SlackResponse or WebhookResponse) or exception says about the post."""
    if error is not None:
        if isinstance(error, SlackApiError):
            response = error.response
            status = response.status_code
            headers = {k.lower(): v for k, v in (response.headers or {}).items()}
            code = str(response.get("error") or f"http_{status}")
            return _by_status(status, headers, code)
        if isinstance(error, urllib.error.URLError):
            # urllib wraps what fails while connecting and sending: the request never arrived whole.
            return Attempt(Outcome.REFUSED, "connection")
        if isinstance(error, ConnectionRefusedError):
            return Attempt(Outcome.REFUSED, "connection")
        if isinstance(error, OSError):  # reset, timeout or half a response once the request was out
            return Attempt(Outcome.UNSURE, "reset")
        return Attempt(Outcome.FINAL, type(error).__name__)
    status = getattr(result, "status_code", 200)
    headers = {k.lower(): v for k, v in (getattr(result, "headers", None) or {}).items()}
    return _by_status(status, headers, f"http_{status}")


def _retry_after(headers: dict[str, Any]) -> float | None:
    value = headers.get("retry-after")
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _by_status(status: int, headers: dict[str, Any], code: str) -> Attempt:
    said = status == 200
    if status == 200 and code == "http_200":
        return Attempt(Outcome.DONE, "ok")
    if status == 429 or code == "ratelimited":
        return Attempt(Outcome.REFUSED, "ratelimited", _retry_after(headers), said)
    if status >= 500:
        return Attempt(Outcome.UNSURE, "server_error", _retry_after(headers))
    if said and code in ("internal_error", "fatal_error", "service_unavailable", "request_timeout"):
        return Attempt(Outcome.UNSURE, code, None, said)
    return Attempt(Outcome.FINAL, code, None, said)


@dataclass(frozen=True)
class RetryPolicy:
    deadline: float = DELIVERY_DEADLINE_SECONDS
    first_backoff: float = FIRST_BACKOFF_SECONDS
    max_backoff: float = MAX_BACKOFF_SECONDS
    # A post without a reply within this may have been taken: it is checked for before being re-sent.
    timeout: float = POST_TIMEOUT_SECONDS

    def backoff(self, failures: int) -> float:
        # Full jitter: replicas that failed together don't come back together.
        ceiling = min(self.max_backoff, self.first_backoff * 2 ** max(0, failures - 1))
        return _JITTER.uniform(ceiling / 2, ceiling)


class Delivery:
    """Sends with the policy above. `stopping` cuts waits short (a shutdown): the delivery then ends
    unfinished, and its job stays in the outbox for another replica (bot/slack/outbox/)."""

    def __init__(self, metrics: Metrics, policy: RetryPolicy | None = None, stopping: threading.Event | None = None):
        self.metrics = metrics
        self.policy = policy or RetryPolicy()
        self.stopping = stopping or threading.Event()
        self._not_before = 0.0  # Slack's Retry-After holds for the whole app: everyone waits it out
        self._lock = threading.Lock()

    def send(
        self,
        send: Callable[[], Any],
        *,
        verify: Callable[[], bool] | None = None,
        check_first: bool = False,
        age: float = 0.0,
        label: str = "-",
    ) -> Attempt:
        """Send until Slack has it, it never will, or the deadline passes (then Attempt(FINAL,
        "deadline")). verify(): whether the message is already there (it raises when it can't tell);
        check_first: verify before the first try too (the answer may have been posted elsewhere);
        age: seconds since the request was acknowledged (the deadline counts from then)."""
        deadline = time.monotonic() + self.policy.deadline - max(0.0, age)
        failures = 0
        while True:
            if check_first and verify is not None:
                there = self._verify(verify)
                if there:
                    self.metrics.duplicates_avoided.inc()
                    log.info("delivery %s: already posted, not sent again", label)
                    return Attempt(Outcome.DONE, "verified")
                if there is None:  # the read-back itself failed for now: try it again, don't post blind
                    failures += 1
                    wait = self.policy.backoff(failures)
                    if time.monotonic() + wait > deadline:
                        log.warning("delivery %s: gave up at the deadline: could not read the thread back", label)
                        return Attempt(Outcome.FINAL, "deadline")
                    if self.stopping.wait(wait):
                        return Attempt(Outcome.FINAL, "stopping")
                    continue
            self._wait_turn(deadline)
            if self.stopping.is_set():
                return Attempt(Outcome.FINAL, "stopping")
            try:
                attempt = classify(result=send())
            except Exception as error:
                attempt = classify(error=error)
            if attempt.slack_said:  # HTTP failures are counted by the client's retry observer
                self.metrics.slack_error(attempt.reason)
            if attempt.outcome in (Outcome.DONE, Outcome.FINAL):
                return attempt
            failures += 1
            check_first = attempt.outcome is Outcome.UNSURE
            wait = attempt.retry_after if attempt.retry_after is not None else self.policy.backoff(failures)
            if attempt.reason == "ratelimited":
                with self._lock:
                    self._not_before = max(self._not_before, time.monotonic() + wait)
            if time.monotonic() + wait > deadline:
                log.warning(
                    "delivery %s: gave up at the deadline after %d failures (%s)", label, failures, attempt.reason
                )
                return Attempt(Outcome.FINAL, "deadline")
            log.info("delivery %s: %s, trying again in %.1f s", label, attempt.reason, wait)
            if self.stopping.wait(wait):
                return Attempt(Outcome.FINAL, "stopping")

    def _wait_turn(self, deadline: float) -> None:
        with self._lock:
            wait = self._not_before - time.monotonic()
        if wait > 0:
            self.stopping.wait(min(wait, max(0.0, deadline - time.monotonic())))

    def _verify(self, verify: Callable[[], bool]) -> bool | None:
        """True: the post is there; False: it is not, or it can never be known (then it is sent: the
        trade-off in deploy/INSTALL-SLACK.md); None: the read-back failed this time (try again)."""
        try:
            return bool(verify())
        except SlackApiError as error:
            attempt = classify(error=error)
            if attempt.outcome is Outcome.FINAL:  # missing_scope, not_in_channel…: it never will
                log.info("delivery: can't read the thread back (%s): sending", attempt.reason)
                return False
            log.info("delivery: reading the thread back failed (%s): trying again", attempt.reason)
            return None
        except OSError as error:
            log.info("delivery: reading the thread back failed (%s): trying again", type(error).__name__)
            return None
        except Exception as error:  # a reply it can't read: it never will
            log.info("delivery: can't read the thread back (%s): sending", type(error).__name__)
            return False
