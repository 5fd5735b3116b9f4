"""Which Socket Mode adapter: each of Bolt's (built-in, websocket_client, aiohttp, websockets) and
precert-bot's own (bot/slack/socket_mode.py), in a process of its own with a minimal app, against the tests'
fake Socket Mode server. For each: seconds from the connection ending to a new one opening, after a
close frame, a `disconnect` (refresh_requested) and a TCP drop with no close frame; and the CPU the
process burns while Slack is unreachable (new connections refused).

Run from a checkout (it uses tests/support's fakes): `python -m bench.socket_adapters`. The asyncio
adapters need `pip install aiohttp websockets`; a missing one is reported as such. Takes a minute or
two: a reconnect is waited for up to WAIT_S seconds."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from typing import Any

from bench.questions import REPO_ROOT

ADAPTERS = ("builtin", "websocket_client", "aiohttp", "websockets", "precert-bot")
FAULTS = ("close_frame", "refresh_requested", "tcp_drop")
WAIT_S = 30.0
CHILD_LOG = subprocess.DEVNULL if not os.environ.get("SOCKET_ADAPTERS_DEBUG") else None
OUTAGE_S = 5.0
BOT_TOKEN = "xoxb-7700000000000-7713000000000-BenchTokenNotReal"
APP_TOKEN = "xapp-1-A0PRECERT-77-BenchTokenNotReal"


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _child(adapter: str, api_url: str) -> None:
    """The app under test: connects, then idles until killed."""
    if adapter in ("aiohttp", "websockets"):
        from slack_bolt.async_app import AsyncApp
        from slack_sdk.web.async_client import AsyncWebClient

        async def run() -> None:
            client = AsyncWebClient(token=BOT_TOKEN, base_url=api_url)
            app = AsyncApp(client=client)
            if adapter == "aiohttp":
                from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
            else:
                from slack_bolt.adapter.socket_mode.websockets import AsyncSocketModeHandler  # type: ignore[assignment]
            await AsyncSocketModeHandler(app, APP_TOKEN).connect_async()
            await asyncio.Event().wait()

        asyncio.run(run())
        return
    from slack_bolt import App
    from slack_sdk import WebClient

    app = App(client=WebClient(token=BOT_TOKEN, base_url=api_url), token_verification_enabled=False)
    if adapter == "builtin":
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        SocketModeHandler(app, APP_TOKEN).connect()
    elif adapter == "websocket_client":
        from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler as WebSocketClientHandler

        WebSocketClientHandler(app, APP_TOKEN).connect()
    else:
        from bot.slack.socket_mode import SocketMode

        SocketMode(app, APP_TOKEN).start()
    while True:
        time.sleep(3600)


def _missing(adapter: str) -> str | None:
    needs = {"websocket_client": "websocket", "aiohttp": "aiohttp", "websockets": "websockets"}.get(adapter)
    if needs is None:
        return None
    try:
        __import__(needs)
    except ImportError:
        return f"{needs} not installed"
    return None


def measure(adapter: str) -> dict[str, Any]:
    from tests.support.fake_slack import FakeSlack
    from tests.support.fake_socket_mode import FakeSocketMode

    if reason := _missing(adapter):
        return {"adapter": adapter, "skipped": reason}
    out: dict[str, Any] = {"adapter": adapter}
    with FakeSlack() as slack, FakeSocketMode(slack) as fake:
        command = [sys.executable, "-m", "bench.socket_adapters", "--child", adapter, slack.api_url]
        process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=CHILD_LOG)
        try:
            fake.wait_connected(timeout=20)
            time.sleep(1.0)  # past start-up checks (some adapters open a second connection then)
            for fault in FAULTS:
                count = len(fake.links)
                ended = time.monotonic()
                if fault == "close_frame":
                    fake.close()
                elif fault == "tcp_drop":
                    fake.drop()
                else:
                    fake.disconnect(fault)
                try:
                    out[fault] = round(fake.wait_connected(count + 1, timeout=WAIT_S).opened - ended, 3)
                except AssertionError:
                    out[fault] = None  # not within WAIT_S
                time.sleep(1.0)
            fake.refusing = True
            before = _cpu_seconds(process.pid)
            if fake.links[-1].closed is None:
                fake.drop()
            time.sleep(OUTAGE_S)
            out["cpu_while_unreachable"] = round((_cpu_seconds(process.pid) - before) / OUTAGE_S, 3)
            count = len(fake.links)
            fake.refusing = False
            back = time.monotonic()
            try:
                out["back_after_outage"] = round(fake.wait_connected(count + 1, timeout=WAIT_S).opened - back, 3)
            except AssertionError:
                out["back_after_outage"] = None
        finally:
            process.kill()
            process.wait()
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        _child(argv[1], argv[2])
        return 0
    sys.path.insert(0, str(REPO_ROOT))
    rows = [measure(adapter) for adapter in (argv or ADAPTERS)]
    print(json.dumps(rows, indent=2))
    print(f"\n{'adapter':<18}{'close frame':>12}{'disconnect':>12}{'TCP drop':>12}{'CPU down':>10}{'back':>8}")
    for row in rows:
        if "skipped" in row:
            print(f"{row['adapter']:<18}  {row['skipped']}")
            continue
        cells = [row[f] for f in FAULTS] + [row["cpu_while_unreachable"], row["back_after_outage"]]
        text = [f"> {WAIT_S:.0f} s" if c is None else f"{c:.2f}" for c in cells]
        print(f"{row['adapter']:<18}" + "".join(f"{c:>12}" for c in text[:3]) + f"{text[3]:>10}{text[4]:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
