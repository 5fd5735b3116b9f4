"""Small WSGI helpers for the JSON routes (CDS Hooks, the JSON API): read a JSON body, answer JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

MAX_JSON_BODY = 1024 * 1024  # waitress refuses more first; this covers other WSGI servers

REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
}


class BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def read_body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_JSON_BODY:
        raise BadRequest(413, f"the body is over {MAX_JSON_BODY} bytes")
    return environ["wsgi.input"].read(length) if length > 0 else b""


def read_json(environ: dict[str, Any]) -> Any:
    body = read_body(environ)
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadRequest(400, "the body is not JSON") from None


def respond(start_response: Callable[..., Any], status: int, body: Any) -> list[bytes]:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    start_response(
        f"{status} {REASONS.get(status, '')}".strip(),
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-store"),
        ],
    )
    return [data]
