"""Socket Mode: one WebSocket connection to Slack, kept up through drops and ended cleanly on shutdown.

Bolt's `websocket_client` adapter (package websocket-client), chosen on measurement against a fake
Socket Mode server (README, Socket Mode): it reconnects about half a second after a close frame, a
`disconnect` message or a TCP stream ended without a close frame, and idles while Slack is
unreachable. Bolt's built-in client took about a minute to notice a TCP drop, spinning a CPU core
meanwhile; the asyncio adapters need an AsyncApp, a second copy of every listener.

Added here: a pong timeout, so a link that went silent (no FIN, no RST: a NAT entry expired, a laptop
changed networks) is given up after PONG_TIMEOUT_SECONDS instead of TCP's retransmission minutes;
listener work in pools that a shutdown can drain; a close that can't hang the shutdown; and a backoff
with jitter between failed attempts: slack_sdk retries a refused connection every half second, which
from two replicas was 150 `apps.connections.open` calls in 35 s. `connected` is true only while a
connection is open (readiness, /readyz), and "connected" is logged when it opens, not when asked for."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

from slack_bolt import App
from slack_bolt.adapter.socket_mode.internals import run_bolt_app, send_response
from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.socket_mode.websocket_client import SocketModeClient
from websocket import WebSocketApp

from bot.runtime.shutdown import TrackedPool
from bot.slack.request_shapes import Malformed, check_envelope

# Jitter from a generator of its own, never the random module's shared state (bot/slack/delivery.py).
_JITTER = random.Random()

log = logging.getLogger("precert_bot.socket_mode")

# Slack answers pings within milliseconds; a link whose pong is PONG_TIMEOUT_SECONDS late is dead.
# websocket-client checks for a late pong once every PONG_TIMEOUT_SECONDS, and only counts one
# checked before the next ping: the ping interval must exceed twice the timeout, or a silent link is
# never noticed. Here: noticed 4-9 s after it went silent, then closed (websocket-client waits 3 s
# for a close reply that won't come) and replaced.
PING_SECONDS = 5.0
PONG_TIMEOUT_SECONDS = 2.0
# Closing sends a close frame and waits for Slack's; slack_sdk also joins its own threads, one of which
# sleeps a whole ping interval. Past this, the shutdown goes on without waiting.
CLOSE_SECONDS = 2.0
# How long closing a connection waits for Slack's reply to its close frame.
CLOSE_REPLY_SECONDS = 0.5
# Envelopes handled at once (each is Bolt's dispatch and the ack; answering happens elsewhere).
CONCURRENCY = 10
# After an attempt that never opened (refused, unreachable, apps.connections.open failing) the next
# waits RETRY_FIRST_SECONDS, doubling with each further failure up to RETRY_MAX_SECONDS, each wait
# drawn from the upper half of that (jitter: replicas that lost Slack together don't retry in step).
# A connection that had opened and then ended is replaced at once.
RETRY_FIRST_SECONDS = 1.0
RETRY_MAX_SECONDS = 30.0
MAX_LOGGED_ERROR = 200  # characters of an error's text in the log


def retry_delay(
    failures: int,
    first: float = RETRY_FIRST_SECONDS,
    cap: float = RETRY_MAX_SECONDS,
    draw: Callable[[], float] = _JITTER.random,
) -> float:
    """Seconds to wait before the next attempt after `failures` failed attempts in a row."""
    if failures <= 0:
        return 0.0
    ceiling = min(cap, first * 2 ** min(failures - 1, 32))
    return ceiling / 2 + draw() * ceiling / 2


def describe(error: BaseException) -> str:
    """An error's type and text, for the log (the text says what failed: 'Connection refused',
    'Handshake status 503')."""
    text = " ".join(str(error).split())[:MAX_LOGGED_ERROR]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class _Client(SocketModeClient):
    """slack_sdk's websocket-client Socket Mode client, with a pong timeout and a drainable pool."""

    def __init__(
        self,
        *args: object,
        pong_timeout: float,
        retry_first: float = RETRY_FIRST_SECONDS,
        retry_max: float = RETRY_MAX_SECONDS,
        **kwargs: object,
    ):
        if not kwargs.get("ping_interval", 0) > 2 * pong_timeout:  # type: ignore[operator]
            raise ValueError("the ping interval must be over twice the pong timeout (see PING_SECONDS)")
        # First: slack_sdk's constructor starts the session thread, which reads these.
        self.pong_timeout = pong_timeout
        self.retry_first, self.retry_max = retry_first, retry_max
        self.failures = 0  # attempts in a row that never opened
        self.open_session: WebSocketApp | None = None  # the last session that opened
        self.last_error: BaseException | None = None
        self.woken = threading.Event()  # set at shutdown: a wait between attempts ends at once
        self._attempts = threading.Lock()  # one attempt at a time, from on_close and the monitor alike
        self._generation = 0  # sessions made so far: an attempt asked for before the last one is moot
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.message_workers.shutdown(wait=False)  # not started yet: it starts threads on first use
        self.message_workers = TrackedPool(CONCURRENCY, "socket-mode-envelope")
        self.on_open_listeners.append(self._opened)
        self.on_error_listeners.append(self._failed)
        self._monitor_checks = 0

    def _opened(self, session: WebSocketApp) -> None:
        # A session replaced while it was still connecting can't be closed by whoever replaced it
        # (websocket-client ignores close() until connected) and would stay open beside the new one,
        # taking envelopes nobody acks: it closes itself as soon as it opens.
        if session is not self.current_session:
            session.close(timeout=CLOSE_REPLY_SECONDS)
            return
        # Logged before `connected` turns true: whoever sees it true (a readiness probe, a test) finds
        # the line already written.
        log.info("socket mode: connected")
        self.open_session, self.failures = session, 0

    def _failed(self, session: WebSocketApp, error: Exception) -> None:
        self.last_error = error

    @property
    def connected(self) -> bool:
        """A connection is open now (not merely asked for)."""
        session = self.current_session
        sock = session.sock if session is not None else None
        return session is self.open_session and sock is not None and bool(sock.connected)

    def connect_to_new_endpoint(self, force: bool = False) -> None:
        """slack_sdk's, after a wait when the attempts before failed; what failed is logged."""
        asked_at = self._generation
        with self._attempts:
            if self.closed or not self.auto_reconnect_enabled or asked_at != self._generation:
                return  # shutting down, or another attempt made a new session meanwhile
            opened = self.open_session is not None and self.open_session is self.current_session
            self.failures = 0 if opened else self.failures + 1
            delay = retry_delay(self.failures, self.retry_first, self.retry_max)
            if self.failures:
                what = describe(self.last_error) if self.last_error else "the connection never opened"
                log.warning(
                    "socket mode: connecting failed (%s); attempt %d in %.1f s",
                    what,
                    self.failures + 1,
                    delay,
                    extra={"failures": self.failures},
                )
            self.last_error = None
            if self.woken.wait(delay) or self.closed:
                return
            try:
                super().connect_to_new_endpoint(force)
            except Exception as error:  # apps.connections.open: unreachable, 5xx; the monitor tries again
                self.last_error = error

    def _monitor_current_session(self) -> None:
        # slack_sdk's monitor runs first as soon as it starts, right after the first session is made and
        # before it could open, so it always opened a second connection at start-up.
        self._monitor_checks += 1
        if self._monitor_checks > 1:
            super()._monitor_current_session()

    def connect(self) -> None:
        # slack_sdk builds the new session and then closes the old one, waiting up to 3 s for a close
        # reply that the old session's own reader thread takes first, so every `disconnect` message
        # cost 3.5 s; and the old session's on_close then opened yet another connection. Here the old
        # session is let go of first, and closed in the background without reconnecting.
        old = self.current_session
        self.current_session = None
        self._generation += 1
        super().connect()
        if old is not None:
            old.on_close = None
            threading.Thread(target=old.close, kwargs={"timeout": CLOSE_REPLY_SECONDS}, daemon=True).start()

    def _run_current_session(self) -> None:
        # slack_sdk's own, with ping_timeout: without it websocket-client never gives up on a silent link.
        session = self.current_session
        if session is None or self.closed:
            return
        try:
            session.run_forever(
                ping_interval=self.ping_interval,
                ping_timeout=self.pong_timeout,
                http_proxy_host=self.http_proxy_host,
                http_proxy_port=self.http_proxy_port,
                http_proxy_auth=self.http_proxy_auth,
                proxy_type=self.proxy_type,
            )
        except Exception as error:  # the monitor reconnects a session closed here
            self.last_error = error
            log.error("socket mode: the connection failed (%s)", describe(error))
            session.close()


class _Handler(SocketModeHandler):
    """Bolt's handler (dispatch to the app, ack with its response) on a client built here, with the
    HTTP route's checks: an envelope whose payload isn't one the bot can answer (bot/slack/request_shapes.py), or
    that Bolt can't dispatch, is acked with nothing done (unacked, Slack would send it three more
    times) and logged by what was wrong, never by its payload."""

    def __init__(self, app: App, client: _Client):  # Bolt's would build a client of its own
        self.app, self.app_token, self.client = app, client.app_token, client
        client.socket_mode_request_listeners.append(self.handle)

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        started = time.time()
        try:
            check_envelope(req.type, req.payload)
            response = run_bolt_app(self.app, req)
        except Malformed as problem:
            log.warning("socket mode: envelope refused: malformed: %s (payload not logged)", problem)
            response = None
        except Exception as error:
            log.warning("socket mode: envelope refused: Bolt could not read it: %s", type(error).__name__)
            response = None
        if response is None or response.status != 200:
            client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        send_response(client, req, response, started)


class SocketMode:
    """The Bolt app on a Socket Mode connection: `start()` connects, `stop_taking_envelopes()` and
    `close()` end it for a shutdown."""

    def __init__(
        self,
        app: App,
        app_token: str,
        *,
        ping_seconds: float = PING_SECONDS,
        pong_timeout: float = PONG_TIMEOUT_SECONDS,
        retry_first: float = RETRY_FIRST_SECONDS,
        retry_max: float = RETRY_MAX_SECONDS,
    ):
        self.client = _Client(
            app_token=app_token,
            logger=app.logger,
            web_client=app.client,  # apps.connections.open goes to SLACK_API_URL too
            ping_interval=ping_seconds,
            concurrency=CONCURRENCY,
            pong_timeout=pong_timeout,
            retry_first=retry_first,
            retry_max=retry_max,
        )
        self.handler = _Handler(app, self.client)

    def start(self) -> None:
        """Ask for the connection (apps.connections.open, then the WebSocket); returns without waiting
        for it to open ("socket mode: connected" is logged when it does; see `connected`)."""
        self.client.connect()

    @property
    def connected(self) -> bool:
        """A connection to Slack is open: what readiness (/readyz) reports in Socket Mode."""
        return self.client.connected

    @property
    def envelopes(self) -> TrackedPool:
        """Envelopes being handled: Bolt's dispatch, whose end sends the ack."""
        pool = self.client.message_workers
        assert isinstance(pool, TrackedPool)
        return pool

    def stop_taking_envelopes(self) -> int:
        """Stop handing envelopes to Bolt; those already received and not yet handled stay unacked,
        so Slack sends them again to another connection. Returns how many were left so."""
        client = self.client
        client.closed = True  # ends slack_sdk's message loop...
        client.woken.set()  # ...and any wait between connection attempts
        client.message_queue.put(None)  # ...which is waiting for a message: wake it (None is skipped)
        client.message_processor.shutdown()
        left = client.message_queue.qsize()
        if left:
            log.info("socket mode: %d envelope(s) left unacked for Slack to redeliver", left, extra={"unacked": left})
        return left

    def close(self, limit: float = CLOSE_SECONDS) -> bool:
        """Close the connection (a close frame), giving up after `limit` seconds. True if it closed in time."""
        client = self.client
        client.auto_reconnect_enabled = False
        client.woken.set()  # a wait between attempts ends now
        started = time.monotonic()

        def close() -> None:
            session = client.current_session
            if session is not None:
                # The reply to the close frame is read by the session's own thread, not by close(),
                # which waits out its whole timeout: keep that short.
                session.close(timeout=CLOSE_REPLY_SECONDS)
            # Their threads end by themselves within a pong timeout and a ping interval: not joined.
            client.current_session_runner.event.set()
            client.current_app_monitor.event.set()

        closer = threading.Thread(target=close, name="socket-mode-close", daemon=True)
        closer.start()
        closer.join(limit)
        if closer.is_alive():
            log.warning("socket mode: closing the connection took over %.0f s: going on without it", limit)
            return False
        log.info("socket mode: connection closed in %.2f s", time.monotonic() - started)
        return True
