"""A fake Slack Socket Mode server on loopback (the `websockets` package's asyncio server), speaking
Slack's protocol: `apps.connections.open` at a FakeSlack Web API hands out a fresh ws:// URL; each
connection gets `hello`; the test sends envelopes (events_api, slash_commands, interactive) and reads
the acks back; Slack's ways of ending a connection are scripted: `disconnect` messages (warning,
refresh_requested), a close frame, a TCP drop without a close frame, and a link gone silent. Envelopes
not acked when their connection ends are redelivered on the next connection with retry_attempt + 1,
as Slack does.

    with FakeSlack() as slack, FakeSocketMode(slack) as socket_mode:
        ... start the bot with SLACK_API_URL=slack.api_url ...
        socket_mode.wait_connected()
        envelope = socket_mode.send_event(payloads.app_mention("evicore hours?"))
        socket_mode.wait_for_ack(envelope)
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from tests.support.fake_slack import APP_ID, FakeSlack, Reply

WAIT_SECONDS = 5.0
# After a `disconnect` warning Slack keeps the old connection open for about 10 s; the fake closes
# it sooner so a client that ignores the warning is still cut off within a test's patience.
WARNING_GRACE_SECONDS = 3.0


@dataclass
class Link:
    """One WebSocket connection the bot opened."""

    number: int
    opened: float  # time.monotonic() when hello was sent
    closed: float | None = None
    how: str = ""  # how it ended: "client", "close", "drop", "disconnect:<reason>", "silent"
    connection: ServerConnection | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Envelope:
    envelope_id: str
    type: str
    payload: dict[str, Any]
    retry_attempt: int = 0

    def frame(self, retry_reason: str = "") -> str:
        return json.dumps(
            {
                "envelope_id": self.envelope_id,
                "type": self.type,
                "payload": self.payload,
                "accepts_response_payload": self.type != "events_api",
                "retry_attempt": self.retry_attempt,
                "retry_reason": retry_reason,
            }
        )


@dataclass(frozen=True)
class Ack:
    envelope_id: str
    at: float  # time.monotonic()
    payload: dict[str, Any] | None
    link: int


class FakeSocketMode:
    def __init__(self, slack: FakeSlack):
        self._slack = slack
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-socket-mode", daemon=True)
        self._changed = threading.Condition()
        self._links: list[Link] = []
        self._acks: list[Ack] = []
        self._sent: dict[str, float] = {}  # envelope id -> when it was first sent
        self._unacked: dict[str, Envelope] = {}  # sent, not acked: redelivered on the next connection
        self._envelopes: dict[str, Envelope] = {}  # every envelope sent, by id
        self._tickets = itertools.count(1)
        self._server: Any = None
        self.refusing = False  # True: new connections are refused with 503 (Slack unreachable)

    # -- lifecycle
    def start(self) -> FakeSocketMode:
        self._thread.start()

        async def listen() -> Any:
            # No pings of the server's own: the client's pings (and their pongs) are what's under test.
            return await serve(
                self._serve, "127.0.0.1", 0, ping_interval=None, max_size=None, process_request=self._refuse
            )

        self._server = self._call(listen())
        # A reply made per call, so that every connection gets a URL of its own.
        self._slack.on("apps.connections.open", lambda: Reply(body={"ok": True, "url": self.url}))
        return self

    def stop(self) -> None:
        async def close() -> None:
            self._server.close()
            for link in self._links:
                if link.connection is not None:
                    link.connection.transport.abort()
            await self._server.wait_closed()
            for task in asyncio.all_tasks() - {asyncio.current_task()}:
                task.cancel()  # closes scheduled after a `disconnect` warning

        self._call(close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(WAIT_SECONDS)
        self._loop.close()

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        port = self._server.sockets[0].getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket={next(self._tickets)}&app_id={APP_ID}"

    # -- sending envelopes
    def send(self, kind: str, payload: dict[str, Any], envelope_id: str | None = None, link: Link | None = None) -> str:
        """Send an envelope on `link` (default: the newest open connection); returns its id."""
        envelope = Envelope(envelope_id or uuid.uuid4().hex, kind, payload)
        with self._changed:
            self._unacked[envelope.envelope_id] = self._envelopes[envelope.envelope_id] = envelope
            self._sent.setdefault(envelope.envelope_id, time.monotonic())
            link = link or self._current()
        self._call(link.connection.send(envelope.frame()))
        return envelope.envelope_id

    def send_event(self, event: dict[str, Any], link: Link | None = None) -> str:
        return self.send("events_api", event, link=link)

    def send_command(self, command: dict[str, Any]) -> str:
        return self.send("slash_commands", command)

    def send_interaction(self, payload: dict[str, Any]) -> str:
        return self.send("interactive", payload)

    def redeliver(self, envelope_id: str, link: Link | None = None) -> None:
        """Send an envelope again as Slack does when it saw no ack in time (retry_attempt + 1), on
        `link` (default: the newest open connection)."""
        with self._changed:
            old = self._unacked.get(envelope_id) or self._envelopes[envelope_id]
            again = Envelope(old.envelope_id, old.type, old.payload, old.retry_attempt + 1)
            self._unacked[envelope_id] = again
            link = link or self._current()
        self._call(link.connection.send(again.frame("timeout")))

    def forget_ack(self, envelope_id: str) -> None:
        """Count an envelope as never acked (its ack was lost with its link): the next connection
        gets it again."""
        with self._changed:
            self._unacked[envelope_id] = self._envelopes[envelope_id]
            self._acks = [a for a in self._acks if a.envelope_id != envelope_id]

    # -- ending connections, as Slack and networks do
    def disconnect(self, reason: str = "warning") -> None:
        """Slack's `disconnect` message; "warning" closes the link WARNING_GRACE_SECONDS later,
        "refresh_requested" (and others) right after the message."""
        link = self._current()
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}}
        self._call(link.connection.send(json.dumps(message)))

        async def close_later() -> None:
            await asyncio.sleep(WARNING_GRACE_SECONDS if reason == "warning" else 0.05)
            self._ended(link, f"disconnect:{reason}")
            await link.connection.close(1000, "disconnect")

        asyncio.run_coroutine_threadsafe(close_later(), self._loop)

    def close(self, code: int = 1001) -> None:
        """Close the current connection with a close frame (Slack restarting a server)."""
        link = self._current()
        self._ended(link, "close")
        # Not waited for: the closing handshake is the client's to finish, or not.
        asyncio.run_coroutine_threadsafe(link.connection.close(code, "going away"), self._loop)

    def drop(self) -> None:
        """End the current connection's TCP stream with no close frame (a proxy or NAT giving up)."""
        link = self._current()
        self._ended(link, "drop")
        self._loop.call_soon_threadsafe(link.connection.transport.abort)

    def go_silent(self) -> None:
        """Stop reading and writing on the current connection without closing it, as when a link
        vanishes: nothing arrives, pings go unanswered."""
        link = self._current()
        self._ended(link, "silent")
        self._loop.call_soon_threadsafe(link.connection.transport.pause_reading)

    # -- what happened
    @property
    def links(self) -> list[Link]:
        with self._changed:
            return list(self._links)

    def acks(self, envelope_id: str | None = None) -> list[Ack]:
        with self._changed:
            return [a for a in self._acks if envelope_id is None or a.envelope_id == envelope_id]

    def sent_at(self, envelope_id: str) -> float:
        with self._changed:
            return self._sent[envelope_id]

    def wait_connected(self, count: int = 1, timeout: float = WAIT_SECONDS) -> Link:
        """Wait until `count` connections have been opened in all, and return the last."""
        self._wait(lambda: len(self._links) >= count, timeout, f"{count} connection(s)")
        return self.links[count - 1]

    def wait_for_ack(self, envelope_id: str, timeout: float = WAIT_SECONDS) -> Ack:
        return self.wait_for_acks(envelope_id, 1, timeout)[0]

    def wait_for_acks(self, envelope_id: str, count: int, timeout: float = WAIT_SECONDS) -> list[Ack]:
        """The first `count` acks of an envelope (one per delivery acked), waiting for them."""
        self._wait(lambda: len(self.acks(envelope_id)) >= count, timeout, f"{count} ack(s) of {envelope_id}")
        return self.acks(envelope_id)[:count]

    def wait_closed(self, link: Link, timeout: float = WAIT_SECONDS) -> None:
        self._wait(lambda: link.closed is not None, timeout, f"link {link.number} to close")

    # -- inside
    def _current(self) -> Link:
        open_links = [link for link in self._links if link.closed is None and link.connection is not None]
        if not open_links:
            raise AssertionError("the bot has no open Socket Mode connection")
        return open_links[-1]

    def _ended(self, link: Link, how: str) -> None:
        with self._changed:
            if link.closed is None:
                link.closed, link.how = time.monotonic(), how
                self._changed.notify_all()

    def _wait(self, done: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not done():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {what} within {timeout}s; links: {self._links}")
                self._changed.wait(left)

    def _call(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(WAIT_SECONDS)

    def _refuse(self, connection: ServerConnection, request: Request) -> Response | None:
        if self.refusing:
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, "unavailable\n")
        return None

    async def _serve(self, connection: ServerConnection) -> None:
        with self._changed:
            link = Link(len(self._links) + 1, time.monotonic(), connection=connection)
            self._links.append(link)
            waiting = list(self._unacked.values())
            self._changed.notify_all()
        hello = {
            "type": "hello",
            "num_connections": sum(1 for x in self._links if x.closed is None),
            "debug_info": {"host": "applink-fake", "approximate_connection_time": 18060},
            "connection_info": {"app_id": APP_ID},
        }
        await connection.send(json.dumps(hello))
        for envelope in waiting:  # what the last connection left unacked
            again = Envelope(envelope.envelope_id, envelope.type, envelope.payload, envelope.retry_attempt + 1)
            with self._changed:
                self._unacked[envelope.envelope_id] = again
            await connection.send(again.frame("timeout"))
        try:
            async for message in connection:
                self._received(link, message)
        except ConnectionClosed:
            pass
        self._ended(link, "client")

    def _received(self, link: Link, message: str | bytes) -> None:
        data = json.loads(message)
        envelope_id = data.get("envelope_id")
        if not envelope_id:
            return
        with self._changed:
            self._acks.append(Ack(envelope_id, time.monotonic(), data.get("payload"), link.number))
            self._unacked.pop(envelope_id, None)
            self._changed.notify_all()
