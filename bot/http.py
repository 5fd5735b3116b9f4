"""WSGI routing for HTTP mode: Slack's requests at /slack/events through Bolt's WSGI adapter, and any
extra routes (health, metrics) beside it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

SLACK_EVENTS_PATH = "/slack/events"

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def make_wsgi_app(bolt_app: App, extra_routes: Mapping[str, WSGIApp] | None = None) -> WSGIApp:
    """One WSGI callable: exact-path routes first, everything else to Bolt (which answers 404 off its path)."""
    routes = dict(extra_routes or {})
    if SLACK_EVENTS_PATH in routes:
        raise ValueError(f"{SLACK_EVENTS_PATH} is Slack's route")
    slack = SlackRequestHandler(bolt_app, path=SLACK_EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        route = routes.get(environ.get("PATH_INFO") or "/", slack)
        return route(environ, start_response)

    return application
