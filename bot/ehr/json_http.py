"""Small WSGI helpers for the JSON routes (CDS Hooks, the JSON API): read a JSON body, answer JSON.

A body is parsed only after its nesting depth is known to be sane: Python's parser recurses once per
level, so a body nested 200,000 deep would end in a RecursionError (a 500) rather than a clear 400.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

MAX_JSON_BODY = 1024 * 1024  # waitress refuses more first; this covers other WSGI servers
# FHIR resources in a CDS Hooks request nest about 12 deep (Bundle > entry > resource > dosage >
# timing > repeat > ...); 64 leaves room for any real request and far from the interpreter's limit.
MAX_JSON_DEPTH = 64

REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
}

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)  # a JSON string (its brackets don't nest)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class BadRequest(Exception):
    """A request answered with a 4xx. `code` is the FHIR issue type (OperationOutcome.issue.code) and
    `expression` where in the body the problem is, for the routes that answer with an OperationOutcome."""

    def __init__(self, status: int, message: str, code: str = "invalid", expression: str | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.expression = expression


def read_body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_JSON_BODY:
        raise BadRequest(413, f"the body is over {MAX_JSON_BODY} bytes", "too-costly")
    return environ["wsgi.input"].read(length) if length > 0 else b""


def nesting_depth(text: str, limit: int = MAX_JSON_DEPTH) -> int:
    """How deep the text's arrays and objects nest, counting no further than limit + 1."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = deepest = 0
    for char in brackets:
        depth += 1 if char in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def parse_json(text: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """JSON text as Python values; BadRequest (400) when it is not JSON or nests deeper than max_depth."""
    if nesting_depth(text, max_depth) > max_depth:
        raise BadRequest(400, f"the body nests deeper than {max_depth} levels", "structure")
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise BadRequest(400, "the body is not JSON", "structure") from None


def read_json(environ: dict[str, Any]) -> Any:
    try:
        text = read_body(environ).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(400, "the body is not UTF-8 JSON", "structure") from None
    return parse_json(text)


class JsonText(str):
    """A body serialised to JSON already (an answer's contract, by pydantic in one step): sent as it is."""


def respond(
    start_response: Callable[..., Any], status: int, body: Any, headers: list[tuple[str, str]] | None = None
) -> list[bytes]:
    data = (body if isinstance(body, JsonText) else json.dumps(body, ensure_ascii=False)).encode("utf-8")
    start_response(
        f"{status} {REASONS.get(status, '')}".strip(),
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-store"),
            *(headers or []),
        ],
    )
    return [data]
