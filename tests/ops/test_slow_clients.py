"""Clients that open connections and trickle their headers or bodies (slowloris): they hold
sockets, never the threads that acknowledge Slack, so signed events are still acknowledged within
Slack's 3 seconds."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit

from bot.runtime.settings import SlackSettings
from knowledge.kb import KnowledgeBase
from tests.ops.replicas import replica
from tests.support import payloads
from tests.support.log_guard import AskedQuestions

SLOW_CLIENTS = 300
SLACK_ACK_SECONDS = 3.0  # Slack's deadline for an acknowledgement (a limit, not a measurement)


@contextmanager
def trickling(url: str, clients: int, body: bool) -> Iterator[list[socket.socket]]:
    """`clients` connections that each send a request's start and then one byte a second."""
    parts = urlsplit(url)
    opened: list[socket.socket] = []
    stop = threading.Event()
    for _n in range(clients):
        s = socket.create_connection((parts.hostname, parts.port), timeout=5)
        if body:
            s.sendall(
                b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100000\r\n\r\n{"
            )
        else:
            s.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")
        opened.append(s)

    def drip() -> None:
        while not stop.wait(1.0):
            for s in opened:
                with suppress(OSError):
                    s.send(b"a" if body else b"X-Slow: 1\r\n")

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    try:
        yield opened
    finally:
        stop.set()
        thread.join(5)
        for s in opened:
            s.close()


def test_signed_events_are_acknowledged_while_hundreds_of_clients_trickle(
    settings: SlackSettings, kb: KnowledgeBase, redis_url: str, asked: AskedQuestions
) -> None:
    with replica("a", settings, kb, redis_url) as a:
        with trickling(a.base_url, SLOW_CLIENTS // 2, body=False), trickling(a.base_url, SLOW_CLIENTS // 2, body=True):
            time.sleep(1.5)  # every slow client has sent something and is now waiting on the next byte
            acks = []
            for n in range(10):
                response = a.slack.event(payloads.app_mention(asked(f"evicore hours? ({n})")))
                assert response.status == 200
                acks.append(response.seconds)
        a.drain()
    assert max(acks) < SLACK_ACK_SECONDS, acks
