"""Slack path: signed app_mention events posted to /slack/events over loopback, timed from the
request to the answer's chat.postMessage reaching a fake Web API, for precert-bot as deployed
(`python -m bot serve --http`) and for a minimal Bolt app that replies with a constant (the floor
of the transport). Both servers run in processes of their own, as in production, so the client and
the fake API don't share their interpreter; events alternate between the two so that a busy moment
on the machine lands on both alike."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from bench.questions import REPO_ROOT
from bench.slack_fake import BOT_USER_ID, TEAM_ID, FakeWebApi
from bench.timing import summarize_ms

EVENTS_PATH = "/slack/events"  # as bot/slack/http.py serves it
BOT_TOKEN = "xoxb-7700000000000-7713000000000-BenchTokenNotReal"
SIGNING_SECRET = "bench0signing0secret0not0real00"
START_TIMEOUT_S = 60.0
# A liveness bound, not a target (the timings are the targets): on a machine shared with other work a
# reply can stall for seconds, and a bench run that stops on a stall measures nothing.
REPLY_TIMEOUT_S = 30.0
WARMUP_EVENTS = 10
THROUGHPUT_CONCURRENCY = 20
THROUGHPUT_ANSWER_PROCESSES = 2
FLOOR_LABEL = "minimal Bolt app (constant reply)"
_serial = itertools.count(1)


def sign(body: bytes, timestamp: int, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """Slack's v0 signature: HMAC-SHA256 of 'v0:{timestamp}:{body}' with the signing secret."""
    digest = hmac.new(secret.encode(), b"v0:%d:" % timestamp + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


def app_mention(question: str) -> tuple[dict[str, Any], str]:
    """An Events API envelope for '@precert-bot <question>' in a channel, and the ts a reply threads on."""
    n = next(_serial)
    now = int(time.time())
    ts = f"{now}.{n:06d}"
    event = {
        "type": "app_mention",
        "user": "U0NURSE",
        "text": f"<@{BOT_USER_ID}> {question}",
        "ts": ts,
        "event_ts": ts,
        "channel": "C0INFUSION",
        "team": TEAM_ID,
        "client_msg_id": f"00000000-0000-4000-8000-{n:012d}",
    }
    envelope = {
        "token": "bench-verification-token",
        "team_id": TEAM_ID,
        "api_app_id": "A0PRECERT",
        "event": event,
        "type": "event_callback",
        "event_id": f"Ev0BENCH{n:08d}",
        "event_time": now,
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        "is_ext_shared_channel": False,
    }
    return envelope, ts


@dataclass
class Server:
    label: str
    port: int
    process: subprocess.Popen[bytes]
    log: IO[bytes]

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-3000:]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_listening(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.label} exited with {server.process.returncode}:\n{server.output()}")
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{server.label} did not listen on port {server.port} within {START_TIMEOUT_S}s")


@contextmanager
def serving(
    label: str,
    module_args: Sequence[str],
    api_url: str,
    extra_env: dict[str, str] | None = None,
    *,
    python: str = sys.executable,
    cwd: Path = REPO_ROOT,
) -> Iterator[Server]:
    """A server run as `python -m MODULE_ARGS` in `cwd` (default: this checkout, with this interpreter;
    bench/before_after.py serves another checkout beside it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env |= {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": api_url}
    # One simulated person asks hundreds of questions a minute: the per-person limit (20 a minute by
    # default) would refuse most of them. Per-process state, whatever the caller's environment says.
    env |= {"RATE_LIMIT_PER_MINUTE": "0"}
    env.pop("REDIS_URL", None)
    env |= extra_env or {}
    port = _free_port()
    command = [python, "-m", *module_args, "--host", "127.0.0.1", "--port", str(port)]
    # Without REDIS_URL the bot keeps its state in a data folder: a fresh one per server, never ./var or
    # the caller's PRECERT_DATA_DIR.
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory(prefix="precert-bench-data-") as data:
        env["PRECERT_DATA_DIR"] = (extra_env or {}).get("PRECERT_DATA_DIR", data)
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        server = Server(label, port, process, log)
        try:
            _wait_until_listening(server)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _post_event(port: int, question: str, api: FakeWebApi) -> tuple[float, float]:
    """(seconds to Bolt's ack, seconds to the reply's arrival at the Web API) for one event."""
    envelope, ts = app_mention(question)
    body = json.dumps(envelope).encode()
    headers = {"Content-Type": "application/json", **sign(body, int(time.time()))}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REPLY_TIMEOUT_S)
    try:
        started = time.perf_counter()
        connection.request("POST", EVENTS_PATH, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        acked = time.perf_counter()
    finally:
        connection.close()
    if response.status != 200:
        raise RuntimeError(f"/slack/events answered {response.status} to a signed event")
    return acked - started, api.arrival(ts, REPLY_TIMEOUT_S) - started


def measure_slack(questions: Sequence[str], events: int) -> dict:
    with (
        FakeWebApi() as api,
        serving("minimal Bolt app (constant reply)", ["bench.minimal_bolt"], api.api_url) as floor,
        serving("precert-bot serve --http", ["bot", "serve", "--http"], api.api_url) as bot,
    ):
        servers = (floor, bot)
        cycle = itertools.cycle(questions)
        for _ in range(WARMUP_EVENTS):
            for server in servers:
                _post_event(server.port, next(cycle), api)
        acks: dict[str, list[float]] = {s.label: [] for s in servers}
        replies: dict[str, list[float]] = {s.label: [] for s in servers}
        for _ in range(events):
            question = next(cycle)
            for server in servers:
                ack, reply = _post_event(server.port, question, api)
                acks[server.label].append(ack)
                replies[server.label].append(reply)
        out: dict = {
            "events": events,
            "warmup_events": WARMUP_EVENTS,
            "transport": "waitress (bot.commands.serve), loopback",
        }
        for key, server in (("floor", floor), ("bot", bot)):
            out[key] = {"label": server.label, **summarize_ms(replies[server.label])}
            out[key]["ack"] = summarize_ms(acks[server.label])
    out["ratio_p50"] = out["bot"]["p50_ms"] / out["floor"]["p50_ms"]
    out["ratio_p99"] = out["bot"]["p99_ms"] / out["floor"]["p99_ms"]
    out["web_api_calls"] = dict(api.calls)
    return out


@contextmanager
def redis_server() -> Iterator[str | None]:
    """A throwaway redis-server on a free loopback port (its URL), or None when none is installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = _free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def _timed_event(port: int, question: str, api: FakeWebApi) -> tuple[float, float]:
    """(seconds to the ack, perf_counter() when the reply reached the Web API)."""
    started = time.perf_counter()
    ack, reply = _post_event(port, question, api)
    return ack, started + reply


def _throughput_run(server: Server, questions: Sequence[str], events: int, concurrency: int, api: FakeWebApi) -> dict:
    cycle = itertools.cycle(questions)
    asked = [next(cycle) for _ in range(events)]
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda q: _timed_event(server.port, q, api), asked))
    seconds = max(arrived for _, arrived in results) - started
    return {"events": events, "seconds": seconds, "acks": [ack for ack, _ in results]}


def measure_throughput(questions: Sequence[str], events: int, concurrency: int = THROUGHPUT_CONCURRENCY) -> dict:
    """Signed events at `concurrency`, each answered: events per second (to the last answer's arrival)
    and ack latency, for the minimal Bolt app, one precert-bot replica with Redis and one with the
    embedded store (SQLite in a data folder, no Redis), in turns of half the events each, so that a busy
    moment on the machine lands on all alike. Both replicas run as the deploy files run them (deploy/
    compose.yaml, deploy/k8s/base/bot.yaml): acknowledging in the serving process, answering in processes of
    their own (bot/runtime/answer_processes.py)."""
    children = {"OPS_PORT": "0", "ANSWER_PROCESSES": str(THROUGHPUT_ANSWER_PROCESSES)}
    with redis_server() as redis_url, FakeWebApi() as api, ExitStack() as stack:
        servers = {"floor": stack.enter_context(serving(FLOOR_LABEL, ["bench.minimal_bolt"], api.api_url))}
        if redis_url is not None:
            label = f"precert-bot + Redis, ANSWER_PROCESSES={THROUGHPUT_ANSWER_PROCESSES}"
            bot_env = {"REDIS_URL": redis_url, **children}
            servers["bot"] = stack.enter_context(serving(label, ["bot", "serve", "--http"], api.api_url, bot_env))
        label = f"precert-bot + SQLite, ANSWER_PROCESSES={THROUGHPUT_ANSWER_PROCESSES}"
        servers["embedded"] = stack.enter_context(serving(label, ["bot", "serve", "--http"], api.api_url, children))
        for server in servers.values():
            _throughput_run(server, questions, WARMUP_EVENTS, concurrency, api)
        runs: dict[str, list[dict]] = {key: [] for key in servers}
        half = max(1, events // 2)
        for _ in range(2):
            for key, server in servers.items():
                runs[key].append(_throughput_run(server, questions, half, concurrency, api))
    out: dict = {"events": 2 * half, "concurrency": concurrency, "transport": "waitress (bot.commands.serve), loopback"}
    for key, server in servers.items():
        seconds = sum(run["seconds"] for run in runs[key])
        acks = [ack for run in runs[key] for ack in run["acks"]]
        out[key] = {"label": server.label, "events_per_s": 2 * half / seconds, "ack": summarize_ms(acks)}
    for key, prefix in (("bot", ""), ("embedded", "embedded_")):
        if key in out:
            out[f"{prefix}events_per_s_ratio"] = out[key]["events_per_s"] / out["floor"]["events_per_s"]
            out[f"{prefix}ack_p50_ratio"] = out[key]["ack"]["p50_ms"] / out["floor"]["ack"]["p50_ms"]
    if redis_url is None:
        out["redis_skipped"] = "redis-server is not installed"
    return out


def main() -> int:
    from bench.questions import all_questions, load_dev_cases

    print(json.dumps(measure_slack(all_questions(load_dev_cases()), 50), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
