"""The WSGI dispatcher: Slack's path goes to Bolt, extra routes beside it, anything else 404."""

from __future__ import annotations

import io
from typing import Any

import pytest

from bot.slack.app import build_app
from bot.slack.http import SLACK_EVENTS_PATH, make_wsgi_app
from intents.engine import Engine
from tests.support.bot_server import settings_for
from tests.support.fake_slack import FakeSlack


def call(app: Any, method: str, path: str, body: bytes = b"") -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json",
        "wsgi.input": io.BytesIO(body),
    }
    status: list[str] = []
    chunks = app(environ, lambda s, headers, exc_info=None: status.append(s))
    return status[0], b"".join(chunks)


def healthz(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


@pytest.fixture
def bolt_app(engine: Engine) -> Any:
    with FakeSlack() as fake:
        yield build_app(settings_for(fake.api_url), engine=engine)


def test_extra_routes_sit_beside_slacks(bolt_app: Any) -> None:
    app = make_wsgi_app(bolt_app, {"/healthz": healthz})

    assert call(app, "GET", "/healthz") == ("200 OK", b"ok")
    assert call(app, "POST", SLACK_EVENTS_PATH, b"{}")[0].startswith("401")  # unsigned: Bolt refuses it
    assert call(app, "GET", "/metrics")[0].startswith("404")


def test_slacks_path_cannot_be_taken(bolt_app: Any) -> None:
    with pytest.raises(ValueError):
        make_wsgi_app(bolt_app, {SLACK_EVENTS_PATH: healthz})


def test_a_post_off_slacks_path_is_a_404_not_a_failed_signature(bolt_app: Any) -> None:
    app = make_wsgi_app(bolt_app, {"/healthz": healthz}, signing_secret="secret")
    assert call(app, "POST", "/v1/answer", b'{"question": "J9271"}')[0].startswith("404")
    assert call(app, "POST", SLACK_EVENTS_PATH, b"{}")[0].startswith("401")  # no timestamp: refused, not a 500
