"""When something breaks, the asker hears about it and the log says what broke, never what was asked."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.runtime.settings import SlackSettings
from bot.slack.notices import notice
from intents.engine import Engine
from tests.support import payloads
from tests.support.bot_server import RunningBot, running_bot
from tests.support.fake_slack import FakeSlack, Reply

SECRET_QUESTION = "Jane Doe 01/02/1960 keytruda?"


class BrokenEngine:
    def __init__(self, engine: Engine):
        self._engine = engine

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def converse(self, question: str, conversation_id: str | None = None) -> Any:
        if question == SECRET_QUESTION:
            raise KeyError(question)
        return self._engine.converse(question, conversation_id=conversation_id)


def test_an_engine_failure_is_an_apology_and_a_log_line_without_the_question(
    slack_settings: SlackSettings, fake_slack: FakeSlack, bot_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with running_bot(slack_settings, BrokenEngine(bot_engine)) as bot:
        event = payloads.direct_message(SECRET_QUESTION)
        bot.slack.event(event)

        (post,) = fake_slack.wait_for("chat.postMessage")
        bot.drain()

    assert payloads.texts(post.body["blocks"]) == notice("sorry")
    assert f"message.im {event['event_id']} failed: KeyError at " in caplog.text
    assert "Jane" not in caplog.text


def test_a_failed_response_url_is_logged(
    bot: RunningBot, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    fake_slack.script("response_url", Reply(404, {}, "expired_url"))
    command = payloads.slash_command("evicore hours?", response_url=fake_slack.response_url())

    assert bot.slack.command(command).status == 200

    fake_slack.wait_for("response_url")
    bot.drain()
    assert f"slack command {command['trigger_id']}: sending failed: HTTP 404" in caplog.text
