"""The kept-alive Web API client (bot/slack/kept_alive.py): one connection per thread, used again while
the other end keeps it, replaced when it closes; and every failure reads as it does through
slack_sdk's own client, so bot/slack/delivery.py decides the same on either."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.slack.delivery import Attempt, classify
from bot.slack.kept_alive import KeptAliveWebClient
from tests.support.fake_slack import FakeSlack, Reply

TOKEN = "xoxb-0000000000000-0000000000000-KeptAliveTest"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        yield slack


def client(base_url: str, kind: type[WebClient] = KeptAliveWebClient) -> WebClient:
    return kind(token=TOKEN, base_url=base_url, timeout=2, retry_handlers=[])


def post(web: WebClient, n: int = 0) -> Attempt:
    try:
        return classify(result=web.chat_postMessage(channel="C0INFUSION", thread_ts=f"1.{n}", text="answer"))
    except Exception as error:
        return classify(error=error)


def test_posts_from_one_thread_share_one_connection_and_each_thread_has_its_own(fake: FakeSlack) -> None:
    web = client(fake.api_url)
    assert [post(web, n).reason for n in range(5)] == ["ok"] * 5
    assert fake.connections == 1
    other = threading.Thread(target=lambda: post(web, 5))
    other.start()
    other.join(5)
    assert len(fake.calls("chat.postMessage")) == 6 and fake.connections == 2


def test_a_connection_the_other_end_closed_is_replaced_before_the_post(fake: FakeSlack) -> None:
    web = client(fake.api_url)
    assert post(web, 1).reason == "ok"
    fake.drop_connections()  # as Slack closes a connection left idle
    assert post(web, 2).reason == "ok"  # not a reset to check and retry: sent once, on a new connection
    assert len(fake.calls("chat.postMessage")) == 2 and fake.connections == 2


def test_a_server_that_closes_after_each_reply_gets_a_new_connection_each_time(fake: FakeSlack) -> None:
    fake.replace("chat.postMessage", Reply(headers={"Connection": "close"}, body={"ok": True, "ts": "9.9"}))
    web = client(fake.api_url)
    assert [post(web, n).reason for n in range(3)] == ["ok"] * 3
    assert fake.connections == 3


FAULTS = {
    "rate limited": Reply(429, {"Retry-After": "7"}, {"ok": False, "error": "ratelimited"}),
    "server error": Reply(503, {}, "upstream unavailable"),
    "ok false": Reply(200, {}, {"ok": False, "error": "channel_not_found"}),
    "reset": Reply(reset=True),
    "taken, then reset": Reply(reset=True, after_accepting=True),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_each_failure_reads_as_it_does_through_slack_sdks_own_client(fake: FakeSlack, fault: str) -> None:
    kept = client(fake.api_url)
    assert post(kept).reason == "ok"  # the fault comes on a connection already kept
    fake.script("chat.postMessage", FAULTS[fault], FAULTS[fault])
    assert post(kept) == post(client(fake.api_url, WebClient))
    assert post(kept).reason == "ok"  # and the next post goes through


def test_a_refused_connection_reads_as_not_taken_as_through_slack_sdks_own_client() -> None:
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{spare.getsockname()[1]}/api/"  # bound, never listening: refused
        kept, stock = post(client(url)), post(client(url, WebClient))
    assert kept == stock and kept.reason == "connection"
