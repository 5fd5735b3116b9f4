"""A real Redis server for the tests that need one: Debian's redis-server on a free loopback port, with
nothing written to disk, started once per session (`redis_server`, `redis_url`: emptied for each test)
and separately for tests that stop it mid-run (`own_redis`). A pytest plugin (tests/conftest.py loads
it), so tests of bot/runtime/, bot/slack/outbox/ and tests/ops/ share one server.

Without redis-server installed those tests are skipped, saying why, unless PRECERT_REQUIRE_REDIS=1,
which makes its absence a failure (CI sets it so that a missing package can't pass as green).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis

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
