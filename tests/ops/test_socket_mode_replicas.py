"""Two replicas in Socket Mode sharing one Redis, each with its own WebSocket to a fake Slack Socket
Mode server, as deploy/compose.socket-mode.yaml runs them: an envelope Slack redelivers on the other
replica's connection is acked there and answered once; a replica that stops hands what arrives while
it stops back to Slack, which redelivers it to the one that stays."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager

import pytest

from bot.runtime.metrics import Metrics
from bot.runtime.state import make_stores
from bot.slack.outbox import make_outbox
from intents.engine import Engine
from knowledge.kb import KnowledgeBase
from tests.conftest import TODAY
from tests.support import payloads
from tests.support.fake_slack import FakeSlack
from tests.support.fake_socket_mode import FakeSocketMode
from tests.support.log_guard import AskedQuestions
from tests.support.socket_mode_bot import SocketModeBot, socket_mode_bot


@pytest.fixture
def socket_mode(fake_slack: FakeSlack) -> Iterator[FakeSocketMode]:
    with FakeSocketMode(fake_slack) as fake:
        yield fake


@pytest.fixture
def two_bots(
    fake_slack: FakeSlack, socket_mode: FakeSocketMode, kb: KnowledgeBase, redis_url: str
) -> Iterator[tuple[SocketModeBot, SocketModeBot]]:
    def bot() -> AbstractContextManager[SocketModeBot]:
        stores = make_stores(redis_url)
        outbox = make_outbox(stores, Metrics(), workers=2)
        return socket_mode_bot(
            fake_slack.api_url, socket_mode, Engine(kb=kb, contexts=stores.contexts, today=TODAY), outbox
        )

    with bot() as a, bot() as b:
        yield a, b


def test_an_envelope_redelivered_to_the_other_replica_is_acked_there_and_answered_once(
    two_bots: tuple[SocketModeBot, SocketModeBot],
    fake_slack: FakeSlack,
    socket_mode: FakeSocketMode,
    asked: AskedQuestions,
) -> None:
    a, b = two_bots
    envelope = socket_mode.send_event(payloads.app_mention(asked("does keytruda need evicore precert?")), link=a.link)
    socket_mode.wait_for_ack(envelope)
    fake_slack.wait_for("chat.postMessage")

    socket_mode.redeliver(envelope, link=b.link)  # Slack missed a's ack and tries b's connection

    acks = socket_mode.wait_for_acks(envelope, 2)
    assert [ack.link for ack in acks] == [a.link.number, b.link.number]
    a.drain(), b.drain()
    assert len(fake_slack.calls("chat.postMessage")) == 1


def test_what_arrives_while_a_replica_stops_is_answered_by_the_other(
    two_bots: tuple[SocketModeBot, SocketModeBot],
    fake_slack: FakeSlack,
    socket_mode: FakeSocketMode,
    asked: AskedQuestions,
) -> None:
    a, b = two_bots
    a.socket_mode.stop_taking_envelopes()  # SIGTERM: the first step of the shutdown

    late = socket_mode.send_event(payloads.direct_message(asked("evicore hours?")), link=a.link)
    a.socket_mode.close()
    socket_mode.wait_closed(a.link)
    assert socket_mode.acks(late) == []  # a never took it, so Slack still owes it to someone
    socket_mode.redeliver(late, link=b.link)

    assert socket_mode.wait_for_ack(late).link == b.link.number
    (post,) = fake_slack.wait_for("chat.postMessage")
    assert post.body["channel"] == "D0NURSE"
