"""WSGI routing for HTTP mode: Slack's requests at /slack/events through Bolt's WSGI adapter, and any
extra routes (health, metrics) beside it.

With the signing secret, a request whose signature doesn't verify is refused (401) before Bolt reads
its body: Bolt parses first and verifies second, so a forged request with a garbled body would
otherwise be a 500 and an error in the logs."""

from __future__ import annotations

import io
import logging
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot.slack.request_shapes import Malformed, check

SLACK_EVENTS_PATH = "/slack/events"

log = logging.getLogger("precert_bot.http")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _verifies(verifier: SignatureVerifier, body: bytes, headers: dict[str, str]) -> bool:
    try:
        return verifier.is_valid_request(body, headers)
    except UnicodeDecodeError:  # slack_sdk reads the body as text; Slack's always is UTF-8
        return False
    except (ValueError, OverflowError):  # no timestamp, or not a number: not from Slack
        return False


def _is_ssl_check(body: bytes) -> bool:
    return parse_qs(body.decode("utf-8", "replace")).get("ssl_check") == ["1"]


def signed_only(slack: WSGIApp, signing_secret: str) -> WSGIApp:
    """Slack's route, refusing what Slack did not sign. Slack's ssl_check pings go on to Bolt, which
    answers them before it verifies anything, as Slack expects."""
    verifier = SignatureVerifier(signing_secret)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("PATH_INFO") != SLACK_EVENTS_PATH:
            return slack(environ, start_response)  # Bolt answers 404 off its path without reading the body
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        headers = {
            "x-slack-request-timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""),
            "x-slack-signature": environ.get("HTTP_X_SLACK_SIGNATURE", ""),
        }
        if _is_ssl_check(body):
            return slack(environ, start_response)
        if not _verifies(verifier, body, headers):
            log.info("slack request refused: its signature does not verify (body not logged)")
            start_response("401 Unauthorized", [("Content-Type", "application/json")])
            return [b'{"error": "invalid request"}']
        try:
            check(body, environ.get("CONTENT_TYPE"))
        except Malformed as problem:
            log.warning("slack request refused: signed but malformed: %s (body not logged)", problem)
            start_response("400 Bad Request", [("Content-Type", "application/json")])
            return [b'{"error": "malformed request"}']
        return never_5xx(slack)(environ, start_response)

    return application


def never_5xx(slack: WSGIApp) -> WSGIApp:
    """Bolt answers 500 when a listener raises, and raises itself on a body it can't read (its
    dispatch indexes fields the shapes may not have foreseen: `actions: null` once). Listeners here
    only queue a request that passed bot/slack/request_shapes.py, so either means a request the shapes let through:
    a 400, not a server error, logged by the exception's type and place only (its message may quote
    the body)."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def respond(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if status.startswith("5"):
                status = "400 Bad Request"
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        try:
            return list(slack(environ, respond))
        except Exception as error:
            frames = traceback.extract_tb(error.__traceback__)
            where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
            log.warning(
                "slack request refused: Bolt could not read it: %s at %s (body not logged)", type(error).__name__, where
            )
            start_response("400 Bad Request", [("Content-Type", "application/json")], sys.exc_info())
            return [b'{"error": "malformed request"}']

    return application


def make_wsgi_app(
    bolt_app: App, extra_routes: Mapping[str, WSGIApp] | None = None, signing_secret: str | None = None
) -> WSGIApp:
    """One WSGI callable: exact-path routes first, everything else to Bolt (which answers 404 off its path).
    signing_secret: refuse unsigned requests before Bolt parses them (HTTP mode always has one)."""
    routes = dict(extra_routes or {})
    if SLACK_EVENTS_PATH in routes:
        raise ValueError(f"{SLACK_EVENTS_PATH} is Slack's route")
    slack: WSGIApp = SlackRequestHandler(bolt_app, path=SLACK_EVENTS_PATH)
    if signing_secret:
        slack = signed_only(slack, signing_secret)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        route = routes.get(environ.get("PATH_INFO") or "/", slack)
        return route(environ, start_response)

    return application
