"""slack_sdk's WebClient over connections kept open between calls, one per thread.

slack_sdk's sync client sends every call through `urllib.request.urlopen`: a new opener, a new TCP
(and TLS) connection and `Connection: close`, each time; its only client that keeps connections is
the asyncio one (aiohttp). An answer process posts hundreds of answers a second to one host, and the
new connection each time cost more CPU than the rest of the post (bench "Slack throughput": about
0.45 ms a post, the client's side and Slack's). Here the one step that opens a connection is replaced
(`_perform_urllib_http_request_internal`, whose result and exceptions are the stock ones: a dict of
status, headers and body; urllib's HTTPError for a non-2xx status; urllib's URLError when the
request never went out whole), so slack_sdk's retry handlers, response parsing and errors, and
bot/slack/delivery.py's reading of what a failure says about a post, are unchanged.

A kept connection is used again only while it is fresh (KEEP_IDLE_SECONDS) and the other end has not
closed it (a peer's close is readable at once); any failure closes it. A proxy (HTTPS_PROXY …) takes
slack_sdk's own path.
"""

from __future__ import annotations

import http.client
import io
import select
import socket
import threading
import time
import urllib.parse
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.request import Request

from slack_sdk import WebClient

# Servers close idle connections (tens of seconds and up); one idle for longer is not trusted.
KEEP_IDLE_SECONDS = 15.0


class _Kept:
    def __init__(self, connection: http.client.HTTPConnection):
        self.connection = connection
        self.used_at = time.monotonic()

    def usable(self) -> bool:
        sock = self.connection.sock
        if sock is None or time.monotonic() - self.used_at > KEEP_IDLE_SECONDS:
            return False
        # Nothing is due on an idle connection: readable means the other end closed it (or broke the
        # protocol); either way it is not used again.
        readable, _, _ = select.select([sock], [], [], 0)
        return not readable


class KeptAliveWebClient(WebClient):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._kept = threading.local()

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        parts = urllib.parse.urlsplit(url)
        if self.proxy or parts.scheme not in ("http", "https"):
            return super()._perform_urllib_http_request_internal(url, req)
        kept = self._connection(parts)
        try:
            try:
                if kept.connection.sock is None:
                    kept.connection.connect()
                    # http.client sends the headers and the body apart: on a kept connection Nagle's
                    # algorithm would hold the body back until the headers are acknowledged.
                    kept.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                kept.connection.request("POST", req.selector, body=req.data, headers=dict(req.header_items()))
            except OSError as error:  # as urllib says it: the request did not go out whole
                raise URLError(error) from error
            response = kept.connection.getresponse()
            body = response.read()
        except BaseException:
            self._forget(parts)
            raise
        kept.used_at = time.monotonic()
        if response.will_close:
            self._forget(parts)
        if not 200 <= response.status < 300:
            raise HTTPError(url, response.status, response.reason, response.msg, io.BytesIO(body))
        if response.msg.get_content_type() == "application/gzip":
            return {"status": response.status, "headers": response.msg, "body": body}
        charset = response.msg.get_content_charset() or "utf-8"
        return {"status": response.status, "headers": response.msg, "body": body.decode(charset)}

    def _connection(self, parts: urllib.parse.SplitResult) -> _Kept:
        pool: dict[str, _Kept] = self._kept.__dict__
        kept = pool.get(parts.netloc)
        if kept is not None and kept.usable():
            return kept
        if kept is not None:
            kept.connection.close()
        if parts.scheme == "https":
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=self.timeout, context=self.ssl
            )
        else:
            connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=self.timeout)
        pool[parts.netloc] = kept = _Kept(connection)
        return kept

    def _forget(self, parts: urllib.parse.SplitResult) -> None:
        kept = self._kept.__dict__.pop(parts.netloc, None)
        if kept is not None:
            kept.connection.close()
