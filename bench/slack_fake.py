"""A fake Slack Web API on loopback that notes when each chat.postMessage arrives.

The tests' fake (tests/support/) records what was posted; the benchmark needs when, in this
process's clock, and must run from an installed `precert-bench` where `tests` is not importable.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_USER_ID = "U0PRECERT"
BOT_ID = "B0PRECERT"
TEAM_ID = "T0CLINIC"

_AUTH_TEST = {
    "ok": True,
    "url": "https://clinic.slack.com/",
    "team": "Clinic",
    "user": "precert-bot",
    "team_id": TEAM_ID,
    "user_id": BOT_USER_ID,
    "bot_id": BOT_ID,
    "is_enterprise_install": False,
}


def _fields(content_type: str, raw: bytes) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    return {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # as Slack's edge: a burst of concurrent posts is not reset


class FakeWebApi:
    """auth.test and chat.postMessage, answered as Slack does; every post's arrival time kept by thread_ts."""

    def __init__(self) -> None:
        self._arrivals: dict[str, float] = {}
        self._arrived = threading.Condition()
        self.calls: dict[str, int] = {}
        self.socket_mode_url: str | None = None  # what apps.connections.open hands out (Socket Mode)
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-web-api", daemon=True)

    @property
    def api_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/"

    def __enter__(self) -> FakeWebApi:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def arrival(self, thread_ts: str, timeout: float) -> float:
        """perf_counter() when the post in reply to `thread_ts` reached us, waiting up to `timeout` s."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while thread_ts not in self._arrivals:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no chat.postMessage for thread {thread_ts} within {timeout}s: {self.calls}")
                self._arrived.wait(left)
            return self._arrivals.pop(thread_ts)

    def _record(self, method: str, fields: dict[str, Any], arrived: float) -> dict[str, Any]:
        with self._arrived:
            self.calls[method] = self.calls.get(method, 0) + 1
            if method == "chat.postMessage" and fields.get("thread_ts"):
                self._arrivals[str(fields["thread_ts"])] = arrived
                self._arrived.notify_all()
        if method == "auth.test":
            return _AUTH_TEST
        if method == "apps.connections.open" and self.socket_mode_url:
            return {"ok": True, "url": self.socket_mode_url}
        if method == "chat.postMessage":
            ts = f"{time.time():.6f}"
            return {"ok": True, "channel": fields.get("channel"), "ts": ts, "message": {"ts": ts, "bot_id": BOT_ID}}
        return {"ok": True}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # As Slack: HTTP/1.1, a connection kept for the next request unless the client asks to close
            # it (urllib does, every time); replies go out at once, not held back by Nagle's algorithm.
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                arrived = time.perf_counter()  # first thing: the request has reached the API
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                method = self.path.split("?")[0].removeprefix("/api/")
                reply = fake._record(method, _fields(self.headers.get("Content-Type", ""), raw), arrived)
                data = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
