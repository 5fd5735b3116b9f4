"""Requests from anyone on the internet, and malformed ones that carry a valid signature: refused
with a 4xx (never a 5xx), one WARNING line at most and no stack trace, the body never logged."""

from __future__ import annotations

import json
import logging
import urllib.request
from urllib.parse import urlencode

import pytest

from tests.support import payloads
from tests.support.bot_server import RunningBot
from tests.support.fake_slack import FakeSlack

SECRET_WORD = "Zolgensma-patient-Jane-Doe"


def unsigned(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=abc"},
        {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": ""},
        {"X-Slack-Request-Timestamp": "1e99", "X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": "-1", "X-Slack-Signature": "garbage"},
        {"X-Slack-Request-Timestamp": "12.5", "X-Slack-Signature": "v0=zz"},
    ],
    ids=["none", "word", "empty", "huge", "negative", "fraction"],
)
def test_unsigned_or_garbled_signature_headers_get_401(
    bot: RunningBot, caplog: pytest.LogCaptureFixture, headers: dict[str, str]
) -> None:
    caplog.set_level(logging.INFO)
    body = json.dumps(payloads.app_mention(SECRET_WORD)).encode()
    status = unsigned(bot.url, body, {"Content-Type": "application/json", **headers})

    assert status == 401
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert SECRET_WORD not in caplog.text


def _event(**changes: object) -> bytes:
    envelope = payloads.app_mention(SECRET_WORD)
    envelope.update(changes)
    return json.dumps(envelope).encode()


def _event_with(**event_changes: object) -> bytes:
    envelope = payloads.app_mention(SECRET_WORD)
    envelope["event"].update(event_changes)
    return json.dumps(envelope).encode()


def _nested(depth: int) -> bytes:
    return b'{"type": "event_callback", "event": ' + b"[" * depth + b"]" * depth + b"}"


MALFORMED = {
    "not-json": (b"{this is not json " + SECRET_WORD.encode(), "application/json"),
    "json-array": (b"[1, 2, 3]", "application/json"),
    "json-string": (json.dumps(SECRET_WORD).encode(), "application/json"),
    "event-null": (_event(event=None), "application/json"),
    "event-list": (_event(event=[SECRET_WORD]), "application/json"),
    "event-type-number": (_event_with(type=5), "application/json"),
    "numeric-channel": (_event_with(channel=12345), "application/json"),
    "text-object": (_event_with(text={"a": SECRET_WORD}), "application/json"),
    "no-ts": (_event_with(ts=None), "application/json"),
    "team-id-list": (_event(team_id=[SECRET_WORD]), "application/json"),
    "deep-nesting": (_nested(100_000), "application/json"),
    "bad-utf8": (
        b'{"type": "event_callback", "event": {"text": "\xff\xfe' + SECRET_WORD.encode() + b'"}}',
        "application/json",
    ),
    "payload-not-json": (urlencode({"payload": "{" + SECRET_WORD}).encode(), "application/x-www-form-urlencoded"),
    "payload-list": (urlencode({"payload": json.dumps([SECRET_WORD])}).encode(), "application/x-www-form-urlencoded"),
    "payload-actions-string": (
        urlencode({"payload": json.dumps({"type": "block_actions", "actions": SECRET_WORD})}).encode(),
        "application/x-www-form-urlencoded",
    ),
    "command-text-twice": (
        urlencode([("command", "/precert"), ("text", SECRET_WORD), ("text", "x")]).encode(),
        "application/x-www-form-urlencoded",
    ),
    "form-garbage": (b"%%%%&&&===" + SECRET_WORD.encode(), "application/x-www-form-urlencoded"),
    "empty": (b"", "application/json"),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_signed_but_malformed_request_is_never_a_5xx(
    bot: RunningBot, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    caplog.set_level(logging.INFO)
    body, content_type = MALFORMED[name]

    response = bot.slack.post(body, content_type)
    bot.drain()

    assert 200 <= response.status < 500, response.status
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], caplog.text
    # One warning: what was refused. (waitress warns "Task queue depth" when
    # a loaded machine keeps its threads busy: about the server, not this request.)
    assert len([r for r in caplog.records if r.levelno == logging.WARNING and r.name != "waitress.queue"]) <= 1
    assert SECRET_WORD not in caplog.text
