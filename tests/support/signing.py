"""Requests to the bot signed the way Slack signs them: v0=HMAC-SHA256(signing secret, "v0:{ts}:{body}")
in X-Slack-Signature, the Unix time in X-Slack-Request-Timestamp. Written out here rather than taken
from slack_sdk, so the tests check Bolt's verification against the published scheme."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"


def signature_headers(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


class SlackSender:
    """Posts to the bot's /slack/events as Slack does: events as JSON, slash commands as a form,
    interactions as a form with one `payload` field holding JSON."""

    def __init__(self, url: str, secret: str = SIGNING_SECRET):
        self.url, self.secret = url, secret

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        timestamp: int | None = None,
        secret: str | None = None,
    ) -> Response:
        all_headers = {"Content-Type": content_type, "User-Agent": USER_AGENT}
        all_headers |= signature_headers(secret or self.secret, body, timestamp)
        all_headers |= headers or {}
        request = urllib.request.Request(self.url, data=body, headers=all_headers, method="POST")
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                data, status, got = response.read(), response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            data, status, got = error.read(), error.code, dict(error.headers)
        return Response(status, got, data, time.monotonic() - started)

    def event(self, envelope: dict[str, Any], *, retry_num: int | None = None, **options: Any) -> Response:
        headers = dict(options.pop("headers", None) or {})
        if retry_num is not None:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(json.dumps(envelope).encode(), "application/json", headers=headers, **options)

    def command(self, fields: dict[str, str], **options: Any) -> Response:
        return self.post(urlencode(fields).encode(), "application/x-www-form-urlencoded", **options)

    def interaction(self, payload: dict[str, Any], **options: Any) -> Response:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded", **options)
