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
    caplog.set_level(logging.DEBUG)

    late = bot.slack.event(payloads.app_mention("Jane Doe DOB 01/02/1960 keytruda"), timestamp=int(time.time()) - 600)

    assert late.status == 401
    assert "signature does not verify (body not logged)" in caplog.text
    assert "Jane Doe" not in caplog.text


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\xff\xfe not utf-8", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b"payload=%7Bnot+json", "application/x-www-form-urlencoded"),
        (b'payload={"type": "block_actions"}', "application/x-www-form-urlencoded"),
    ],
    ids=["not-utf8", "json-array", "bad-payload", "no-actions"],
)
def test_a_forged_request_with_a_garbled_body_is_refused_not_an_error(
    bot: RunningBot, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    caplog.set_level(logging.INFO)

    response = bot.slack.post(body, content_type, secret="not-the-signing-secret")

    assert response.status == 401
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


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


def test_slacks_ssl_check_still_reaches_bolt(bot: RunningBot) -> None:
    # Slack checks the certificate with an unsigned form post; Bolt answers it before verifying.
    assert bot.slack.post(b"ssl_check=1&token=abc", "application/x-www-form-urlencoded", secret="x").status == 200
