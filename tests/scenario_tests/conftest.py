"""Scenario fixtures: a fake Slack Web API, and the real app served over HTTP talking to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.runtime.settings import SlackSettings
from intents.engine import Engine
from knowledge.kb import KnowledgeBase
from tests.conftest import TODAY
from tests.support.bot_server import RunningBot, running_bot, settings_for
from tests.support.fake_slack import FakeSlack


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def slack_settings(fake_slack: FakeSlack) -> SlackSettings:
    return settings_for(fake_slack.api_url)


@pytest.fixture
def bot_engine(kb: KnowledgeBase) -> Engine:
    """An engine of the test's own, so that no conversation context leaks between tests."""
    return Engine(kb=kb, today=TODAY)


@pytest.fixture
def bot(slack_settings: SlackSettings, bot_engine: Engine) -> Iterator[RunningBot]:
    with running_bot(slack_settings, bot_engine) as running:
        yield running
