"""A fake Slack Web API on loopback: enough of auth.test, chat.postMessage, chat.postEphemeral,
views.publish and response_url for the bot, recording every call, with faults scripted per method.
Files too: `share_file(...)` puts a file where files.info and its private URL ("file_download") serve
it; files_upload_v2's files.getUploadURLExternal, upload URL ("file_upload") and
files.completeUploadExternal are answered, and `uploaded(file_id)` is what was uploaded.

    with FakeSlack() as slack:
        settings = SlackSettings(..., slack_api_url=slack.api_url)
        slack.script("chat.postMessage", Reply(429, {"Retry-After": "0"}, {"ok": False, "error": "ratelimited"}))
        ...
        (post,) = slack.wait_for("chat.postMessage")

Faults: `script(method, *replies)` queues replies that the next calls to `method` get, in order,
before the normal reply comes back; `replace(method, reply)` changes the normal reply for good.
Every request is recorded, scripted or not, so tests can count attempts. `method` is the Web API
method name ("chat.postMessage") or "response_url" for anything posted to a `response_url()`.
A fault Reply may take the post first (`after_accepting`: it is in the channel, and
conversations.replies/history return it with its metadata), drop the connection (`reset`) or answer
late (`delay`); `NORMAL` in a script is a call that goes through. `posted` is what the channels hold:
the tests count answers there, exactly once each.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import struct
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TEAM_ID = "T0CLINIC"
BOT_USER_ID = "U0PRECERT"
BOT_ID = "B0PRECERT"
APP_ID = "A0PRECERT"
RESPONSE_URL = "response_url"
WAIT_SECONDS = 5.0


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | str | bytes = field(default_factory=lambda: {"ok": True})
    # True: Slack took the post and then failed to say so (it is in the channel all the same).
    after_accepting: bool = False
    reset: bool = False  # drop the connection instead of answering
    delay: float = 0.0  # seconds before answering (after taking the post, if it is taken)

    def encoded(self) -> tuple[bytes, str]:
        if isinstance(self.body, dict):
            return json.dumps(self.body).encode(), "application/json; charset=utf-8"
        data = self.body.encode() if isinstance(self.body, str) else self.body
        return data, "text/plain; charset=utf-8"


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # as a real server's backlog: a burst of connections is not reset


NORMAL = Reply(status=0)  # in a script: this call gets the normal reply


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: dict[str, Any]  # the JSON body, or form fields (one value each)
    raw: bytes
    status: int  # what the fake answered

    @property
    def token(self) -> str | None:
        auth = self.headers.get("authorization", "")
        return auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else self.body.get("token")


class FakeSlack:
    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._scripted: dict[str, deque[Reply]] = defaultdict(deque)
        self._replaced: dict[str, Reply] = {}
        self._made: dict[str, Callable[[], Reply]] = {}
        self._changed = threading.Condition()
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._files: dict[str, dict[str, Any]] = {}  # shared with the bot: id -> metadata + "content"
        self._uploads: dict[str, bytes] = {}  # uploaded by the bot: id -> bytes
        self.posted: list[dict[str, Any]] = []  # messages chat.postMessage took, as conversations.* return them
        self.connections = 0  # connections accepted so far (clients keep theirs open: HTTP/1.1)
        self._open: set[socket.socket] = set()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-slack", daemon=True
        )

    # -- lifecycle
    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(WAIT_SECONDS)

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def drop_connections(self) -> None:
        """Close every connection a client keeps open between requests, as a server closes idle ones."""
        with self._changed:
            open_now, self._open = set(self._open), set()
        for connection in open_now:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    # -- addresses
    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "hook") -> str:
        return f"{self.base_url}/response/{name}"

    # -- files
    def share_file(
        self, name: str, content: bytes, filetype: str = "csv", mimetype: str = "text/csv"
    ) -> dict[str, Any]:
        """A file a person shared: the `files` entry of their message event (as Slack sends it)."""
        file_id = f"F0SHARED{next(self._ids):04d}"
        meta = {
            "id": file_id,
            "name": name,
            "title": name,
            "filetype": filetype,
            "mimetype": mimetype,
            "size": len(content),
            "url_private": f"{self.base_url}/files-pri/{TEAM_ID}-{file_id}/{name}",
            "url_private_download": f"{self.base_url}/files-pri/{TEAM_ID}-{file_id}/download/{name}",
        }
        with self._changed:
            self._files[file_id] = {**meta, "content": content}
        return dict(meta)

    def uploaded(self, file_id: str) -> bytes:
        with self._changed:
            return self._uploads[file_id]

    # -- faults
    def script(self, method: str, *replies: Reply) -> None:
        with self._changed:
            self._scripted[method].extend(replies)

    def replace(self, method: str, reply: Reply | None) -> None:
        with self._changed:
            if reply is None:
                self._replaced.pop(method, None)
            else:
                self._replaced[method] = reply

    def on(self, method: str, make: Callable[[], Reply]) -> None:
        """Answer `method` with a reply made per call (scripted and replaced replies still come first)."""
        with self._changed:
            self._made[method] = make

    # -- what happened
    def calls(self, method: str | None = None) -> list[Call]:
        with self._changed:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(
        self, method: str, count: int = 1, timeout: float = WAIT_SECONDS, where: Callable[[Call], bool] | None = None
    ) -> list[Call]:
        """The first `count` calls to `method` (matching `where`), waiting up to `timeout` seconds for them."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self._calls if c.method == method and (where is None or where(c))]
                if len(found) >= count:
                    return found[:count]
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self._calls]
                    raise AssertionError(f"{count} call(s) to {method} expected within {timeout}s; got calls: {seen}")
                self._changed.wait(left)

    # -- the server
    def _download(self, headers: dict[str, str], path: str) -> Reply:
        if not headers.get("authorization", "").startswith("Bearer xoxb-"):  # a bot token, as Slack requires
            return Reply(302, {"Location": "https://clinic.slack.com/?redir=login"}, "")  # as Slack does
        file_id = path.split("/")[2].split("-", 1)[-1]
        shared = self._files.get(file_id)
        if shared is None:
            return Reply(404, {}, "not found")
        return Reply(200, {}, shared["content"])

    def _normal_reply(
        self, method: str, body: dict[str, Any], headers: dict[str, str] | None = None, path: str = "", raw: bytes = b""
    ) -> Reply:
        ts = f"1732400000.{next(self._ts):06d}"
        if method == "auth.test":
            return Reply(
                body={
                    "ok": True,
                    "url": "https://clinic.slack.com/",
                    "team": "Clinic",
                    "user": "precert-bot",
                    "team_id": TEAM_ID,
                    "user_id": BOT_USER_ID,
                    "bot_id": BOT_ID,
                    "is_enterprise_install": False,
                }
            )
        if method == "chat.postMessage":
            message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "app_id": APP_ID, "ts": ts}
            message.update({k: body[k] for k in ("text", "blocks", "thread_ts", "metadata") if k in body})
            return Reply(body={"ok": True, "channel": body.get("channel"), "ts": ts, "message": message})
        if method in ("conversations.replies", "conversations.history"):
            return Reply(body={"ok": True, "messages": self._messages(method, body), "has_more": False})
        if method == "chat.postEphemeral":
            return Reply(body={"ok": True, "message_ts": ts})
        if method == "views.publish":
            view = body.get("view")
            view = json.loads(view) if isinstance(view, str) else view or {}
            return Reply(body={"ok": True, "view": {"id": "V0HOME", "team_id": TEAM_ID, **view}})
        if method == RESPONSE_URL:
            return Reply(body={"ok": True})
        if method == "files.info":
            shared = self._files.get(str(body.get("file")))
            if shared is None:
                return Reply(body={"ok": False, "error": "file_not_found"})
            return Reply(body={"ok": True, "file": {k: v for k, v in shared.items() if k != "content"}})
        if method == "file_download":
            return self._download(headers, path)
        if method == "files.getUploadURLExternal":
            file_id = f"F0UPLOAD{next(self._ids):04d}"
            self._uploads[file_id] = b""
            return Reply(body={"ok": True, "upload_url": f"{self.base_url}/upload/v1/{file_id}", "file_id": file_id})
        if method == "file_upload":
            self._uploads[path.rsplit("/", 1)[-1]] = raw
            return Reply(body="OK - 200")
        if method == "files.completeUploadExternal":
            listed = body.get("files")
            listed = json.loads(listed) if isinstance(listed, str) else listed or []
            files = [
                {"id": f["id"], "title": f.get("title"), "size": len(self._uploads.get(f["id"], b""))} for f in listed
            ]
            if any(f["id"] not in self._uploads for f in files):
                return Reply(body={"ok": False, "error": "file_not_found"})
            return Reply(body={"ok": True, "files": files})
        return Reply(body={"ok": False, "error": "unknown_method"})

    def _messages(self, method: str, body: dict[str, Any]) -> list[dict[str, Any]]:
        """What the channel holds: a thread's replies (by thread_ts) or the channel's top level."""
        channel = body.get("channel")
        with self._changed:
            found = [dict(m) for m in self.posted if m.get("channel") == channel]
        if method == "conversations.replies":
            found = [m for m in found if m.get("thread_ts") == body.get("ts")]
        else:
            found = [m for m in found if not m.get("thread_ts")]
        if str(body.get("include_all_metadata")).lower() not in ("true", "1"):
            for m in found:
                m.pop("metadata", None)
        return found

    def _handle(self, path: str, headers: dict[str, str], raw: bytes) -> Reply:
        route = urlsplit(path).path
        if route.startswith("/api/"):
            method = route.removeprefix("/api/")
        elif route.startswith("/response/"):
            method = RESPONSE_URL
        elif route.startswith("/files-pri/"):
            method = "file_download"
        elif route.startswith("/upload/"):
            method = "file_upload"
        else:
            method = route
        body = _decode(headers.get("content-type", ""), raw) if method != "file_upload" else {}
        with self._changed:
            queue = self._scripted.get(method)
            scripted = queue.popleft() if queue else None
            fault = scripted if scripted is not None else self._replaced.get(method)
            if fault is NORMAL:
                fault = None
            reply = fault
            if fault is None or fault.after_accepting:
                if method in self._made:
                    normal = self._made[method]()
                else:
                    normal = self._normal_reply(method, body, headers, route, raw)
                if (
                    method == "chat.postMessage"
                    and normal.status == 200
                    and isinstance(normal.body, dict)
                    and normal.body.get("ok")
                ):
                    self.posted.append({**normal.body["message"], "channel": body.get("channel")})
                reply = fault or normal
            self._calls.append(Call(method, route, headers, body, raw, reply.status))
            self._changed.notify_all()
        return reply

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # As Slack: HTTP/1.1, a connection kept for the next request unless the client asks to close
            # it (urllib does, every time); replies go out at once, not held back by Nagle's algorithm.
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def setup(self) -> None:
                super().setup()
                with fake._changed:
                    fake.connections += 1
                    fake._open.add(self.connection)

            def finish(self) -> None:
                with fake._changed:
                    fake._open.discard(self.connection)
                super().finish()

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                reply = fake._handle(self.path, headers, raw)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.reset:  # an RST, not a response: SO_LINGER 0 then close
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.connection.close()
                    return
                data, content_type = reply.encoded()
                self.send_response(reply.status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the tests read the recorded calls, not a log

        return Handler


def _decode(content_type: str, raw: bytes) -> dict[str, Any]:
    if not raw:
        return {}
    text = raw.decode("utf-8", errors="replace")
    if "json" in content_type:
        return json.loads(text)
    return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}
