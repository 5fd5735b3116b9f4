"""Only requests signed with the app's signing secret, and recent, are answered."""

from __future__ import annotations

import logging
import time

import pytest

from tests.support import payloads
from tests.support.bot_server import RunningBot
from tests.support.fake_slack import FakeSlack

QUESTION = "does keytruda need evicore precert?"


def test_a_forged_signature_is_refused(bot: RunningBot, fake_slack: FakeSlack) -> None:
    forged = bot.slack.event(payloads.app_mention(QUESTION), secret="not-the-signing-secret")
    forged_command = bot.slack.command(
        payloads.slash_command(QUESTION, response_url=fake_slack.response_url()), secret="not-the-signing-secret"
    )

    assert forged.status == 401 and forged_command.status == 401
    bot.drain()
    assert fake_slack.calls("chat.postMessage") == [] and fake_slack.calls("response_url") == []


def test_a_request_older_than_five_minutes_is_refused(bot: RunningBot, fake_slack: FakeSlack) -> None:
    stale = bot.slack.event(payloads.app_mention(QUESTION), timestamp=int(time.time()) - 6 * 60)

    assert stale.status == 401
    bot.drain()
    assert fake_slack.calls("chat.postMessage") == []


def test_a_refused_request_is_logged_without_the_message(bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="slack_bolt.RequestVerification")

    late = bot.slack.event(payloads.app_mention("Jane Doe DOB 01/02/1960 keytruda"), timestamp=int(time.time()) - 600)

    assert late.status == 401
    assert "Invalid request signature detected (request body not logged)" in caplog.text
    assert "Jane Doe" not in caplog.text


def test_a_body_changed_after_signing_is_refused(bot: RunningBot) -> None:
    body = b'{"type": "event_callback"}'
    signed_for_other_body = bot.slack.post(body, "application/json", headers=_headers_for(bot, b"{}"))

    assert signed_for_other_body.status == 401


def test_anything_but_the_events_path_is_not_found(bot: RunningBot) -> None:
    from tests.support.signing import SlackSender

    elsewhere = SlackSender(bot.url.replace("/slack/events", "/other"))
    assert elsewhere.event(payloads.app_mention(QUESTION)).status == 404


def _headers_for(bot: RunningBot, body: bytes) -> dict[str, str]:
    from tests.support.signing import signature_headers

    return signature_headers(bot.slack.secret, body)
