"""`precert-bot serve`: the Slack app over Socket Mode (SLACK_APP_TOKEN set) or over HTTP (--http)
behind waitress, a production WSGI server, with /healthz and /metrics beside /slack/events.

Both modes stop the same way on SIGTERM or SIGINT (bot/runtime/shutdown.py): stop taking new events (HTTP:
close the listening socket; Socket Mode: stop taking envelopes and close the connection, so Slack
sends new ones to the other connections), finish the answers already acknowledged within
DRAIN_SECONDS, log what had to be dropped, exit 0.

State (the outbox, event de-dup, conversation context, rate counts) is shared through REDIS_URL when it
is set, so any number of replicas can serve the same Slack app; without it, one replica keeps it in a
SQLite file in PRECERT_DATA_DIR (bot/runtime/state/sqlite.py), which a restart carries on from. Logs are JSON
lines on stderr."""

from __future__ import annotations

import argparse
import functools
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from types import FrameType
from typing import Any

import waitress
from jwt import PyJWTError
from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError
from waitress import wasyncore

from bot.ehr.auth import EhrVerifier, IntegrationSettings
from bot.ehr.cds_fhir import FhirReader
from bot.ehr.cds_hooks import CdsHooks
from bot.ehr.json_api import json_api_routes
from bot.runtime.answer_processes import AnswerProcesses, parent_gone
from bot.runtime.doorbell import Doorbell
from bot.runtime.health import Connected, ops_routes, public_routes
from bot.runtime.logs import configure_json_logging
from bot.runtime.metrics import Metrics
from bot.runtime.privacy import allow_phones_of
from bot.runtime.ratelimit import make_rate_limiter
from bot.runtime.reload import Reloader
from bot.runtime.settings import DRAIN_SECONDS, SettingsProblem, SlackSettings, load_settings
from bot.runtime.shutdown import StopSignal, drain, drain_outbox, finish
from bot.runtime.state import DataDirProblem, Stores, make_stores
from bot.slack.app import build_app, web_client
from bot.slack.http import SLACK_EVENTS_PATH, WSGIApp, make_wsgi_app
from bot.slack.listeners import answer_from
from bot.slack.listeners.shared.services import make_services
from bot.slack.outbox import Outbox, SqliteOutbox, make_outbox
from bot.slack.socket_mode import CLOSE_SECONDS, SocketMode
from intents.engine import Engine
from knowledge.kb import KnowledgeError

log = logging.getLogger("precert_bot.serve")

EXIT_SETTINGS = 2
EXIT_UNREACHABLE = 1
# Slack's requests are a few kilobytes; a 60 kB pasted message still fits many times over.
MAX_REQUEST_BODY = 1024 * 1024
HTTP_THREADS = 8
SWITCH_INTERVAL_SECONDS = 0.0005
ANSWERING_SWITCH_INTERVAL_SECONDS = 0.005  # Python's default
ANSWERING_NICENESS = 2  # an answer process yields the core to the acknowledging one when both want it
CONNECTION_LIMIT = 4000  # file descriptors: the unit files and k8s allow well over this (ulimit -n)
CHANNEL_TIMEOUT_SECONDS = 20  # an idle or trickling connection is closed after this
CLEANUP_INTERVAL_SECONDS = 5
LISTEN_BACKLOG = 2048
PARENT_CHECK_SECONDS = 1.0  # an answer process notices this soon that its parent is gone
ORPHAN_MARGIN_SECONDS = 2 * PARENT_CHECK_SECONDS


def create_http_server(
    bolt_app: App,
    host: str,
    port: int,
    extra_routes: Mapping[str, WSGIApp] | None = None,
    signing_secret: str | None = None,
    **adjustments: Any,
) -> Any:
    """A waitress server for the app (port 0: any free port, see `.effective_port`); `.run()` serves."""
    options: dict[str, Any] = {
        "threads": HTTP_THREADS,
        "max_request_body_size": MAX_REQUEST_BODY,
        "ident": "precert-bot",
        # Slow clients hold sockets, not threads: waitress reads a request whole on its I/O loop
        # before a thread sees it. So the limits that matter are how many sockets it keeps
        # (waitress's default of 100 let 100 trickling clients stop every acknowledgement), that it
        # polls rather than select()s (select stops at 1,024 descriptors), and how long an idle or
        # trickling connection may live. Slack sends a request in one go, well under a second.
        "connection_limit": CONNECTION_LIMIT,
        "asyncore_use_poll": True,
        "channel_timeout": CHANNEL_TIMEOUT_SECONDS,
        "cleanup_interval": CLEANUP_INTERVAL_SECONDS,
        "backlog": LISTEN_BACKLOG,
        **adjustments,
    }
    wsgi = make_wsgi_app(bolt_app, extra_routes, signing_secret)
    return waitress.create_server(wsgi, host=host, port=port, **options)


def stop_http_server(server: Any) -> None:
    """Stop a server whose `.run()` loop is in another thread.

    Worker threads go first: each wakes the loop through the trigger pipe when it finishes a request,
    and one doing so after the pipe is closed writes to whatever file now has that number. Then the
    sockets are closed from inside the loop (through the trigger), so the loop ends instead of polling
    closed sockets; if the trigger is already gone, nothing can wake the loop and they are closed here.
    """
    server.task_dispatcher.shutdown()
    try:
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
    except OSError:
        wasyncore.close_all(server._map, ignore_all=True)


def run_http(
    bolt_app: App,
    host: str,
    port: int,
    extra_routes: Mapping[str, WSGIApp] | None = None,
    signing_secret: str | None = None,
    outbox: Outbox | None = None,
    drain_seconds: float = DRAIN_SECONDS,
    ops: tuple[int, Mapping[str, WSGIApp]] | None = None,
    answerers: AnswerProcesses | None = None,
) -> int:
    """Serve until SIGTERM/SIGINT. ops: (port, routes) of the ops server (metrics, detailed health),
    started beside the public one."""
    server = create_http_server(bolt_app, host, port, extra_routes, signing_secret)
    if ops is not None:
        start_ops_server(host, *ops)

    def terminate(signum: int, frame: FrameType | None) -> None:
        log.info("shutdown: %s received: stopping", signal.Signals(signum).name)
        # Waitress ends its loop on SystemExit, letting its threads finish the requests they hold
        # (each is an ack) for up to 5 s; a second signal during the drain exits at once.
        StopSignal().install().requested.set()
        raise SystemExit(0)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, terminate)
    host, port = server.effective_host, server.effective_port
    log.info("serving Slack requests at http://%s:%s%s", host, port, SLACK_EVENTS_PATH)
    server.run()
    started = time.monotonic()
    wasyncore.close_all(server._map)  # new connections are refused from here: the load balancer moves on
    deadline = started + drain_seconds
    left = drain_outbox(outbox, deadline)
    if answerers is not None:
        answerers.stop(deadline)  # each drains what it holds; the rest stays in the stream
    return finish(started, left)


def start_ops_server(host: str, port: int, routes: Mapping[str, WSGIApp]) -> Any:
    """/metrics and the detailed /healthz on a port of their own, in a daemon thread: scraped and
    probed from inside the cluster, never routed from the internet. Everything else there is a 404."""
    table = dict(routes)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        route = table.get(environ.get("PATH_INFO") or "/")
        if route is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        return route(environ, start_response)

    try:
        server = waitress.create_server(application, host=host, port=port, threads=2, ident="precert-bot-ops")
    except OSError as error:  # answering Slack matters more than being scraped: say so, and go on
        log.error("ops port %s unavailable (%s): no /metrics or detailed /healthz", port, type(error).__name__)
        return None
    threading.Thread(target=server.run, name="ops-server", daemon=True).start()
    log.info("ops routes (/metrics, /healthz) at http://%s:%s", server.effective_host, server.effective_port)
    return server


def run_socket_mode(
    bolt_app: App,
    settings: SlackSettings,
    outbox: Outbox | None = None,
    ops: tuple[str, int, Callable[[Connected], Mapping[str, WSGIApp]]] | None = None,
    answerers: AnswerProcesses | None = None,
) -> int:
    """Serve until SIGTERM/SIGINT. ops: (host, port, the routes given the connection's state) of the ops
    server: Socket Mode has no other HTTP server, so this is where its probes and Prometheus find
    /healthz, /readyz (ready only while connected) and /metrics."""
    assert settings.slack_app_token is not None
    stop = StopSignal().install()
    socket_mode = SocketMode(bolt_app, settings.slack_app_token.get_secret_value())
    if ops is not None:
        host, port, routes = ops
        start_ops_server(host, port, routes(lambda: socket_mode.connected))
    log.info("connecting to Slack in Socket Mode")
    socket_mode.start()
    while not stop.requested.wait(1.0):
        pass
    started = time.monotonic()
    deadline = started + settings.drain_seconds
    socket_mode.stop_taking_envelopes()
    # An envelope being handled ends with its ack (after its request is in the outbox), which needs
    # the connection: close it after them.
    dropped = drain(socket_mode.envelopes, deadline).dropped
    socket_mode.close(min(CLOSE_SECONDS, max(0.1, deadline - time.monotonic())))
    left = drain_outbox(outbox, deadline)
    if answerers is not None:
        answerers.stop(deadline)
    return finish(started, dropped + left)


def ehr_routes(engine: Engine, first_use: Callable[[str], bool] | None = None) -> dict[str, WSGIApp]:
    """CDS Hooks (discovery public; its services refuse every call until an EHR is configured; a
    token's jti is accepted once, through `first_use`) and the JSON API (absent until
    PRECERT_API_TOKEN is set)."""
    integrations = IntegrationSettings()
    servers = tuple((integrations.cds_hooks_fhir_servers or "").split(","))
    cds = CdsHooks(engine, EhrVerifier.from_settings(integrations, first_use), FhirReader(servers).for_request)
    return {**cds.routes(), **json_api_routes(engine, integrations.precert_api_token)}


def _settings(http: bool) -> SlackSettings:
    settings = load_settings()
    if http and settings.slack_signing_secret is None:
        raise SettingsProblem("SLACK_SIGNING_SECRET is not set (HTTP mode checks every request with it)")
    if not http and not settings.socket_mode:
        raise SettingsProblem("SLACK_APP_TOKEN is not set: set it for Socket Mode, or run `precert-bot serve --http`")
    return settings


def _ready_engine(stores: Stores) -> Engine:
    """The engine a serving or answering process answers with: the document search and the word list
    built before the first question, not during it, and the privacy filter told the KB's numbers."""
    engine = Engine(contexts=stores.contexts)
    engine.warm()
    allow_phones_of(engine.kb)
    return engine


def _ops_routes(
    engine: Engine, stores: Stores, metrics: Metrics, connected: Connected | None = None
) -> dict[str, WSGIApp]:
    """The ops port's routes, reading the edition answering now; `connected`: Socket Mode's connection."""
    return ops_routes(lambda: engine.kb, stores, metrics, connected)


def _stores(settings: SlackSettings, serving: bool = False) -> Stores:
    """Redis's when REDIS_URL is set, else the data folder's (DataDirProblem when it can't be used);
    serving: this is the replica's serving process, which holds the folder while it runs."""
    if settings.redis_url is not None:
        return make_stores(settings.redis_url.get_secret_value())
    stores = make_stores(None, settings.precert_data_dir)
    if serving and stores.db is not None:
        stores.db.serve_alone()
    return stores


def _serving_outbox(
    settings: SlackSettings, stores: Stores, metrics: Metrics, answerers: AnswerProcesses | None
) -> Outbox:
    """The serving process's outbox; with answer processes, it only puts. In the data folder, what an
    earlier start owed is released to be answered again, once the answer processes of a serving
    process that was killed are gone (they outlive it by their drain at most)."""
    others = {"read_stream": False, "doorbell": answerers.doorbell} if answerers else {}
    outbox = make_outbox(stores, metrics, claim_idle=settings.outbox_claim_seconds, **others)
    if isinstance(outbox, SqliteOutbox) and stores.db is not None:
        if not stores.db.wait_for_answerers(settings.drain_seconds + ORPHAN_MARGIN_SECONDS):
            log.warning("answer processes of an earlier start are still running: taking over what they hold")
        outbox.recover()
    return outbox


def _fail(message: str, code: int) -> int:
    print(f"precert-bot: {message}", file=sys.stderr)
    return code


def _slack_app(
    settings: SlackSettings, engine: Engine, outbox: Outbox, metrics: Metrics, stores: Stores
) -> App | tuple[str, int]:
    """The Bolt app, or why it could not be built and the exit code to say it with."""
    try:
        return build_app(
            settings,
            engine=engine,
            outbox=outbox,
            metrics=metrics,
            limiter=make_rate_limiter(settings.rate_limit_per_minute, stores),
        )
    except BoltError as error:
        # Bolt checks the token with auth.test at start-up; a refusal means the token is wrong.
        cause = error.__context__
        reason = cause.response.get("error") if isinstance(cause, SlackApiError) else "auth.test failed"
        return f"SLACK_BOT_TOKEN was refused by Slack ({reason})", EXIT_SETTINGS
    except OSError as error:  # URLError and socket errors: Slack (or SLACK_API_URL) unreachable
        return f"cannot reach Slack's Web API at {settings.api_url} ({type(error).__name__})", EXIT_UNREACHABLE


def main(args: argparse.Namespace) -> int:
    # Answer threads are CPU-bound for a few milliseconds at a time; at Python's default 5 ms switch
    # interval the thread acknowledging Slack waits that long at every I/O step behind one of them
    # (ack p50 25 ms under load instead of 4). A shorter interval hands the GIL back sooner.
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    if not logging.getLogger().handlers:  # a host that set up logging already (tests, embedding) keeps it
        configure_json_logging()
    answers_only = getattr(args, "answers", False)
    try:
        settings = load_settings() if answers_only else _settings(args.http)
    except SettingsProblem as problem:
        return _fail(str(problem), EXIT_SETTINGS)
    if answers_only:
        return run_answers(settings)
    try:
        stores = _stores(settings, serving=True)
    except DataDirProblem as problem:
        return _fail(str(problem), EXIT_SETTINGS)
    metrics = Metrics()
    if stores.link is not None:
        metrics.watch_redis(stores.link)
    try:
        engine = _ready_engine(stores)
    except KnowledgeError as error:
        return _fail(str(error), EXIT_SETTINGS)
    answerers = None
    if settings.answer_processes and stores.backend == "memory":
        log.warning("ANSWER_PROCESSES needs a shared outbox (Redis or the data folder): answering in this process")
    elif settings.answer_processes:
        answerers = AnswerProcesses(settings.answer_processes)
    # SIGHUP: load the documents folder again, keep the old edition on failure; the answer processes too.
    Reloader(engine, also=answerers.reload if answerers else None).install()
    outbox = _serving_outbox(settings, stores, metrics, answerers)
    app = _slack_app(settings, engine, outbox, metrics, stores)
    if not isinstance(app, App):
        return _fail(*app)
    log.info("state: %s; rate limit: %s per person per minute", stores.backend, settings.rate_limit_per_minute or "no")
    if answerers is not None:
        answerers.start()
        metrics.include_processes(answerers.metrics_dir)

    # /metrics, the detailed /healthz and /readyz, in both modes (Socket Mode has no other HTTP server).
    ops_for = functools.partial(_ops_routes, engine, stores, metrics)
    ops = (settings.ops_port, ops_for()) if settings.ops_port else None
    if args.http:
        secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
        try:
            routes = {**public_routes(lambda: engine.kb, stores), **ehr_routes(engine, stores.deduper.first_time)}
        except (OSError, ValueError, PyJWTError) as error:  # an unreadable CDS_HOOKS_JWKS file or key set
            return _fail(f"CDS_HOOKS_JWKS could not be read ({type(error).__name__})", EXIT_SETTINGS)
        return run_http(app, args.host, args.port, routes, secret, outbox, settings.drain_seconds, ops, answerers)
    try:
        return run_socket_mode(app, settings, outbox, (args.host, ops[0], ops_for) if ops else None, answerers)
    except SlackApiError as error:
        # apps.connections.open refused the app-level token (invalid_auth, not_allowed_token_type…).
        return _fail(f"SLACK_APP_TOKEN was refused by Slack ({error.response.get('error')})", EXIT_SETTINGS)


def run_answers(settings: SlackSettings) -> int:
    """`serve --answers`: an answer process (bot/runtime/answer_processes.py). Reads the outbox (Redis's stream
    or the data folder's table), answers, posts; acknowledges nothing. Stops on SIGTERM/SIGINT or when
    its parent is gone, leaving what it holds unfinished in the outbox."""
    # Nothing here waits to acknowledge Slack: the interpreter's own switch interval, which lets a
    # thread finish its answer rather than hand the GIL round every half millisecond.
    sys.setswitchinterval(ANSWERING_SWITCH_INTERVAL_SECONDS)
    # Slack wants its acknowledgement within 3 seconds and retries when it is late; an answer a few
    # milliseconds later costs nothing. On a busy core the serving process's acknowledgements go first.
    os.nice(ANSWERING_NICENESS)
    stop = StopSignal().install()
    try:
        stores = _stores(settings)
    except DataDirProblem as problem:
        return _fail(str(problem), EXIT_SETTINGS)
    if stores.db is not None:
        stores.db.join_answerers()
    metrics = Metrics()
    try:
        engine = _ready_engine(stores)
    except KnowledgeError as error:
        return _fail(str(error), EXIT_SETTINGS)
    Reloader(engine).install()
    outbox = make_outbox(stores, metrics, claim_idle=settings.outbox_claim_seconds, doorbell=Doorbell.inherited())
    services = make_services(
        engine,
        web_client(settings, metrics),
        outbox,
        metrics=metrics,
        limiter=make_rate_limiter(settings.rate_limit_per_minute, stores),
        log_text=settings.log_message_text,
    )
    answer_from(services)
    log.info("answering from the outbox")
    while not stop.requested.wait(PARENT_CHECK_SECONDS):
        if parent_gone():
            log.warning("answer process: the serving process is gone: stopping")
            break
    started = time.monotonic()
    return finish(started, drain_outbox(outbox, started + settings.drain_seconds))
