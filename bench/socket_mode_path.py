"""Slack path in Socket Mode: app_mention envelopes sent over a WebSocket to `python -m bot serve`
(Socket Mode, a process of its own, as deployed), timed from the envelope leaving the fake Socket Mode
server to (a) the bot's ack arriving back on the socket and (b) the answer's chat.postMessage reaching
the fake Web API. Events go one at a time, as the HTTP-mode figures (bench/slack_path.py) are taken.

The fake server is the `websockets` package's asyncio server (a test dependency): without it the
section says it was not measured."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from typing import Any

from bench.questions import REPO_ROOT
from bench.slack_fake import FakeWebApi
from bench.slack_path import BOT_TOKEN, REPLY_TIMEOUT_S, START_TIMEOUT_S, WARMUP_EVENTS, app_mention
from bench.timing import summarize_ms

APP_TOKEN = "xapp-1-A0PRECERT-77-BenchTokenNotReal"


class SocketModeServer:
    """Slack's end of Socket Mode, enough for timing: hello on connect, envelopes out, acks timed."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-socket-mode", daemon=True)
        self._acked: dict[str, float] = {}
        self._changed = threading.Condition()
        self._connection: Any = None
        self._server: Any = None

    def __enter__(self) -> SocketModeServer:
        from websockets.asyncio.server import serve

        self._thread.start()

        async def listen() -> Any:
            return await serve(self._serve, "127.0.0.1", 0, ping_interval=None, max_size=None)

        self._server = asyncio.run_coroutine_threadsafe(listen(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        async def close() -> None:
            self._server.close()
            if self._connection is not None:
                self._connection.transport.abort()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._server.sockets[0].getsockname()[1]}/link/?ticket=bench"

    def wait_connected(self, timeout: float) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: self._connection is not None, timeout):
                raise RuntimeError(f"the bot opened no Socket Mode connection within {timeout}s")

    async def _serve(self, connection: Any) -> None:
        await connection.send(json.dumps({"type": "hello", "num_connections": 1, "connection_info": {}}))
        with self._changed:
            self._connection = connection
            self._changed.notify_all()
        async for message in connection:
            arrived = time.perf_counter()
            envelope_id = json.loads(message).get("envelope_id")
            if envelope_id:
                with self._changed:
                    self._acked[envelope_id] = arrived
                    self._changed.notify_all()

    def send(self, envelope_id: str, payload: dict[str, Any]) -> float:
        """Send an events_api envelope; perf_counter() just before it went out."""
        frame = json.dumps(
            {"envelope_id": envelope_id, "type": "events_api", "payload": payload, "accepts_response_payload": False}
        )
        started = time.perf_counter()
        asyncio.run_coroutine_threadsafe(self._connection.send(frame), self._loop)
        return started

    def ack(self, envelope_id: str, timeout: float) -> float:
        with self._changed:
            if not self._changed.wait_for(lambda: envelope_id in self._acked, timeout):
                raise TimeoutError(f"no ack for {envelope_id} within {timeout}s")
            return self._acked.pop(envelope_id)


def measure_socket_mode(questions: Sequence[str], events: int) -> dict:
    try:
        import websockets  # noqa: F401
    except ImportError:
        return {"skipped": "the websockets package (a test dependency) is not installed"}
    with (
        FakeWebApi() as api,
        SocketModeServer() as socket_mode,
        tempfile.TemporaryFile() as log,
        tempfile.TemporaryDirectory(prefix="precert-bench-data-") as data,
    ):
        api.socket_mode_url = socket_mode.url
        env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_") and k != "REDIS_URL"}
        env |= {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN, "SLACK_API_URL": api.api_url}
        env |= {"RATE_LIMIT_PER_MINUTE": "0"}  # one simulated person asks hundreds of questions
        env |= {"OPS_PORT": "0"}  # no ops server: its fixed port may be taken on this machine
        env |= {"PRECERT_DATA_DIR": data}  # the state's folder: a fresh one, never ./var
        command = [sys.executable, "-m", "bot", "serve"]
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            socket_mode.wait_connected(START_TIMEOUT_S)
            cycle = itertools.cycle(questions)
            acks: list[float] = []
            replies: list[float] = []
            for n in range(WARMUP_EVENTS + events):
                envelope, ts = app_mention(next(cycle))
                envelope_id = f"bench-{n}"
                started = socket_mode.send(envelope_id, envelope)
                ack = socket_mode.ack(envelope_id, REPLY_TIMEOUT_S) - started
                reply = api.arrival(ts, REPLY_TIMEOUT_S) - started
                if n >= WARMUP_EVENTS:
                    acks.append(ack)
                    replies.append(reply)
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return {
        "events": events,
        "warmup_events": WARMUP_EVENTS,
        "transport": "Socket Mode (bot.slack.socket_mode, websocket-client), loopback",
        "label": "precert-bot serve (Socket Mode)",
        "ack": summarize_ms(acks),
        "reply": summarize_ms(replies),
        "exit_status": process.returncode,
    }


def main() -> int:
    from bench.questions import all_questions, load_dev_cases

    print(json.dumps(measure_socket_mode(all_questions(load_dev_cases()), 100), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
