"""A real Redis server for the multi-replica tests: Debian's redis-server on a free loopback port, with
nothing written to disk, started once per session (and separately for tests that stop it mid-run).

Without redis-server installed those tests are skipped, saying why, unless PRECERT_REQUIRE_REDIS=1,
which makes its absence a failure (CI sets it so that a missing package can't pass as green).

Every ops test also checks that the questions it sent (registered with the `asked` fixture) appear
nowhere in what was logged while it ran.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from bot.runtime.logs import JsonFormatter
from bot.runtime.settings import SlackSettings
from knowledge.kb import KnowledgeBase
from tests.ops.replicas import Replica, replica
from tests.support.bot_server import settings_for
from tests.support.fake_slack import FakeSlack

START_SECONDS = 10.0  # a deadline for the server to answer, not a measurement


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_server_binary() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        reason = "redis-server is not installed (apt-get install redis-server): multi-replica tests not run"
        if os.environ.get("PRECERT_REQUIRE_REDIS") == "1":
            pytest.fail(f"{reason}, and PRECERT_REQUIRE_REDIS=1 requires them", pytrace=False)
        pytest.skip(reason)
    return binary


class RedisServer:
    """One redis-server process on a fixed loopback port; stop() and start() again keep the port, as a
    restarted Redis behind the same address would (with its data gone: nothing is saved)."""

    def __init__(self, binary: str, port: int | None = None):
        self.binary, self.port = binary, port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        command = [
            self.binary,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--loglevel", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + START_SECONDS
        try:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"redis-server exited: {self.process.stderr.read().decode()}")
                try:
                    client.ping()
                    return self
                except redis.ConnectionError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
        finally:
            client.close()

    def pause(self) -> None:
        """Freeze the server, data kept: to its clients, a network that stopped answering."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        self.process.stderr.close()
        self.process = None

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer(redis_server_binary()).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The session's server, emptied for this test."""
    with redis_server.client() as client:
        client.flushall()
    return redis_server.url


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """A server of this test's own, for tests that stop and restart it."""
    server = RedisServer(redis_server_binary()).start()
    try:
        yield server
    finally:
        server.stop()


# -- the bot's logs: no question text, in any ops test


class AskedQuestions:
    """The questions a test sent to a bot; none of them may appear in what was logged meanwhile."""

    def __init__(self) -> None:
        self.texts: set[str] = set()

    def __call__(self, text: str) -> str:
        self.texts.add(text)
        return text


class LogCapture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []  # each record's message, then its JSON line
        self.entries: list[dict[str, Any]] = []  # each record's JSON line, parsed
        self._guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        formatted = self.format(record)
        with self._guard:
            self.lines.append(record.getMessage() + "\n" + formatted)
            self.entries.append(json.loads(formatted))

    def answers(self) -> list[dict[str, Any]]:
        """The log entries of answered questions."""
        return [e for e in self.entries if "intent" in e]


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def settings(fake_slack: FakeSlack) -> SlackSettings:
    return settings_for(fake_slack.api_url)


@pytest.fixture
def two_replicas(settings: SlackSettings, kb: KnowledgeBase, redis_url: str) -> Iterator[tuple[Replica, Replica]]:
    with replica("a", settings, kb, redis_url) as a, replica("b", settings, kb, redis_url) as b:
        yield a, b


@pytest.fixture
def asked() -> AskedQuestions:
    return AskedQuestions()


@pytest.fixture(autouse=True)
def question_text_stays_out_of_logs(asked: AskedQuestions) -> Iterator[LogCapture]:
    """Everything logged at INFO and above (the production level) during the test, from the bot,
    Bolt, slack_sdk, waitress and redis alike, checked afterwards for the questions asked."""
    capture = LogCapture()
    root = logging.getLogger()
    level = root.level
    root.addHandler(capture)
    root.setLevel(logging.INFO)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        root.setLevel(level)
    logged = "\n".join(capture.lines)
    leaked = sorted(q for q in asked.texts if q in logged)
    assert not leaked, f"question text in the logs: {leaked}"
