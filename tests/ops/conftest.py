"""The fixtures of the whole-system tests: a fake Slack, settings pointing at it, two replicas on one
Redis (tests/support/redis_server.py, loaded by tests/conftest.py). Every ops test also checks that
the questions it sent (registered with the `asked` fixture) appear nowhere in what was logged while it
ran (tests/support/log_guard.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.runtime.settings import SlackSettings
from knowledge.kb import KnowledgeBase
from tests.ops.replicas import Replica, replica
from tests.support.bot_server import settings_for
from tests.support.fake_slack import FakeSlack
from tests.support.log_guard import AskedQuestions, LogCapture


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def settings(fake_slack: FakeSlack) -> SlackSettings:
    return settings_for(fake_slack.api_url)


@pytest.fixture
def two_replicas(settings: SlackSettings, kb: KnowledgeBase, redis_url: str) -> Iterator[tuple[Replica, Replica]]:
    with replica("a", settings, kb, redis_url) as a, replica("b", settings, kb, redis_url) as b:
        yield a, b


@pytest.fixture
def asked() -> AskedQuestions:
    return AskedQuestions()


@pytest.fixture(autouse=True)
def question_text_stays_out_of_logs(asked: AskedQuestions) -> Iterator[LogCapture]:
    """Everything logged at INFO and above (the production level) during the test, from the bot,
    Bolt, slack_sdk, waitress and redis alike, checked afterwards for the questions asked."""
    capture = LogCapture()
    root = logging.getLogger()
    level = root.level
    root.addHandler(capture)
    root.setLevel(logging.INFO)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        root.setLevel(level)
    logged = "\n".join(capture.lines)
    leaked = sorted(q for q in asked.texts if q in logged)
    assert not leaked, f"question text in the logs: {leaked}"
