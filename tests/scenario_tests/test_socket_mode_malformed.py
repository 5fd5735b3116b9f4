"""Socket Mode gets the HTTP route's checks: a malformed envelope (the same cases as over HTTP) is
acked with nothing done — unacked, Slack would send it three times more — and logged without its
payload, never as an ERROR."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from intents.engine import Engine
from tests.scenario_tests.test_malformed_payloads import (
    ACTION_MUTATIONS,
    COMMAND_MUTATIONS,
    EVENT_MUTATIONS,
    MARKUP,
    SECRET_WORD,
    TOLERATED,
    VIEW_MUTATIONS,
    block_actions,
    command,
    mention,
    view_submission,
)
from tests.support.fake_slack import FakeSlack
from tests.support.fake_socket_mode import FakeSocketMode
from tests.support.socket_mode_bot import SocketModeBot, socket_mode_bot

CASES = [
    *(f"event:{m}" for m in EVENT_MUTATIONS),
    *(f"action:{m}" for m in ACTION_MUTATIONS),
    *(f"view:{m}" for m in VIEW_MUTATIONS),
    *(f"command:{m}" for m in COMMAND_MUTATIONS),
]
MALFORMED = [c for c in CASES if c not in TOLERATED]


@pytest.fixture(scope="module")
def slack() -> Iterator[tuple[FakeSlack, FakeSocketMode]]:
    with FakeSlack() as fake, FakeSocketMode(fake) as socket_mode:
        yield fake, socket_mode


@pytest.fixture(scope="module")
def bot(slack: tuple[FakeSlack, FakeSocketMode], kb) -> Iterator[SocketModeBot]:  # type: ignore[no-untyped-def]
    fake, socket_mode = slack
    with socket_mode_bot(fake.api_url, socket_mode, Engine(kb=kb)) as running:
        yield running


def test_every_malformed_envelope_is_acked_with_nothing_done(
    bot: SocketModeBot, slack: tuple[FakeSlack, FakeSocketMode], caplog: pytest.LogCaptureFixture
) -> None:
    fake, socket_mode = slack
    caplog.set_level(logging.INFO)
    assert len(MALFORMED) >= 70
    for name in MALFORMED:
        kind, _, mutation = name.partition(":")
        if kind == "command":
            fields = command(fake)
            COMMAND_MUTATIONS[mutation](fields)  # type: ignore[arg-type]
            envelope = socket_mode.send_command(fields)
        elif kind == "event":
            payload = mention()
            EVENT_MUTATIONS[mutation](payload)
            envelope = socket_mode.send_event(payload)
        else:
            payload = block_actions(fake) if kind == "action" else view_submission(fake)
            (ACTION_MUTATIONS if kind == "action" else VIEW_MUTATIONS)[mutation](payload)
            envelope = socket_mode.send_interaction(payload)
        ack = socket_mode.wait_for_ack(envelope)
        assert SECRET_WORD not in str(ack) and MARKUP not in str(ack), name
    bot.drain()
    assert not [c.method for c in fake.calls() if c.method not in ("auth.test", "apps.connections.open")]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], caplog.text
    assert SECRET_WORD not in caplog.text
    assert len(socket_mode.links) == 1  # nothing broke the connection
