"""CDS Hooks 2.0.1 services under /cds-services, with Da Vinci CRD's coverage information: the same
answers as Slack and the CLI, inside the EHR at order time.

    GET  /cds-services                              discovery (public, as the specification has it)
    POST /cds-services/precert-order-select         order-select: the orders just selected
    POST /cds-services/precert-order-sign           order-sign: every draft order about to be signed
    POST /cds-services/precert-order-dispatch       order-dispatch: the orders sent to a performer
    POST /cds-services/precert-appointment-book     appointment-book: the orders an appointment is for
                                                    (an infusion booked at a hospital outpatient
                                                    department is a site-of-care question)

A call is checked (bot/ehr/cds_request.py: 400 with an OperationOutcome naming what is wrong), its orders
read (bot/ehr/cds_orders.py: 412 when a Medication it names can't be had), and every order answered: a
coverage-information system action on each drug order (bot/ehr/cds_coverage.py) when the patient's Cigna
Coverage is in the prefetch, and cards where a person must act (bot/ehr/cds_cards.py). More than
MAX_ORDERS orders is refused whole rather than answered in part. Calls must carry the EHR's JWT
(bot/ehr/auth.py); nothing from the request body (patient, encounter, orders) reaches the logs: only
the service, counts, status and time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bot.ehr.auth import EhrVerifier, Refused, unauthorized
from bot.ehr.cds_cards import not_drug_orders_card, order_cards
from bot.ehr.cds_coverage import coverage_action, patient_coverage
from bot.ehr.cds_orders import Fetch, Order, Resolver, orders_of
from bot.ehr.cds_request import HookRequest, operation_outcome, read_feedback, read_request
from bot.ehr.cds_wording import wording
from bot.ehr.json_http import BadRequest, read_json, respond
from intents.answer import Answer
from intents.engine import Engine

log = logging.getLogger("precert_bot.cds_hooks")
FetchFor = Callable[[HookRequest], Fetch | None]  # a reader of the client's FHIR server, for one call

DISCOVERY_PATH = "/cds-services"
# An order set larger than this is not one person's orders being signed; it is refused whole (a 400
# saying so) rather than answered in part, so no order goes unanswered. README: CDS Hooks.
MAX_ORDERS = 250
MAX_ANSWER_CACHE = 5000  # medication texts remembered between calls (the same few are ordered all day)


@dataclass(frozen=True)
class Service:
    id: str
    hook: str


# Each service's title and description are bot/ehr/cds.toml's ([services.<id>]).
SERVICES = (
    Service("precert-order-select", "order-select"),
    Service("precert-order-sign", "order-sign"),
    Service("precert-order-dispatch", "order-dispatch"),
    Service("precert-appointment-book", "appointment-book"),
)


def discovery() -> dict[str, Any]:
    """The services, each with its prefetch templates and CRD's configuration options (no empty values:
    CDS Hooks says they SHALL be omitted)."""
    options, prefetch = wording()["configuration"], wording()["prefetch"]
    return {
        "services": [
            {
                "hook": s.hook,
                "title": wording()["services"][s.id]["title"],
                "description": wording()["services"][s.id]["description"],
                "id": s.id,
                "prefetch": {**prefetch["all"], **prefetch[s.hook]},
                "usageRequirements": wording()["discovery"]["usage_requirements"],
                "extension": {"davinci-crd.configuration-options": options},
            }
            for s in SERVICES
        ]
    }


# CDS Hooks clients are often web apps inside the EHR: the browser asks before it sends the JWT. Any
# origin may call, since the JWT (never a cookie) is what authorises a call.
CORS_HEADERS = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept"),
    ("Access-Control-Max-Age", "600"),
]


def with_cors(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "OPTIONS":  # a browser's preflight
            start_response("204 No Content", [*CORS_HEADERS, ("Content-Length", "0")])
            return [b""]

        def respond_with_cors(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            return start_response(status, [*headers, *CORS_HEADERS[:1]], exc_info)

        return app(environ, respond_with_cors)

    return application


class CdsHooks:
    """The WSGI routes of the CDS Hooks services, answering through one Engine."""

    def __init__(self, engine: Engine, verifier: EhrVerifier, fetch: FetchFor | None = None):
        self.engine = engine
        self.verifier = verifier
        self.fetch = fetch  # reads the client's FHIR server with the call's fhirAuthorization (None: never)
        self._answers: dict[str, Answer] = {}
        self._answers_kb: object = None  # the edition the remembered answers came from

    def answer(self, text: str) -> Answer:
        if self.engine.kb is not self._answers_kb:  # a reload (SIGHUP) swapped the documents in
            self._answers, self._answers_kb = {}, self.engine.kb
        key = " ".join(text.split()).lower()
        found = self._answers.get(key)
        if found is None:
            found = self.engine.ask(text)
            if len(self._answers) >= MAX_ANSWER_CACHE:
                self._answers.clear()
            self._answers[key] = found
        return found

    def respond_to(self, service: Service, body: Any) -> dict[str, Any]:
        """The response to one call: every order answered, or BadRequest."""
        request = read_request(body, service.hook)
        fetch = self.fetch(request) if self.fetch and request.fhir else None
        orders = orders_of(request, fetch)
        if len(orders) > MAX_ORDERS:
            raise BadRequest(
                400, f"{len(orders)} orders in one call: at most {MAX_ORDERS} are answered per call", "too-costly"
            )
        coverage = patient_coverage(request, Resolver(request, fetch))
        record = request.configuration.get("coverage-info", True) is not False
        kb = self.engine.kb
        cards: list[dict[str, Any]] = []
        actions: list[dict[str, Any]] = []
        others: list[Order] = []
        for order in orders:
            if not order.drug_order:
                others.append(order)
                continue
            answer = self.answer(order.question) if order.question else None
            cards += order_cards(kb, answer, order) if answer else order_cards(kb, _UNREAD, order)
            if coverage is not None and record:
                actions.append(coverage_action(kb, answer or _UNREAD, order, coverage))
        if others:
            cards.append(not_drug_orders_card(others))
        return {"cards": cards, "systemActions": actions} if actions else {"cards": cards}

    def cards_for(self, service: Service, body: Any) -> list[dict[str, Any]]:
        return self.respond_to(service, body)["cards"]

    def routes(self) -> dict[str, Callable[..., Iterable[bytes]]]:
        routes: dict[str, Callable[..., Iterable[bytes]]] = {DISCOVERY_PATH: with_cors(self._discovery)}
        for service in SERVICES:
            routes[f"{DISCOVERY_PATH}/{service.id}"] = with_cors(self._service_app(service))
            routes[f"{DISCOVERY_PATH}/{service.id}/feedback"] = with_cors(self._feedback_app(service))
        return routes

    def _discovery(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return respond(start_response, 405, {"error": "GET the discovery endpoint"})
        return respond(start_response, 200, discovery())

    def _service_app(self, service: Service) -> Callable[..., Iterable[bytes]]:
        def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            started = time.perf_counter()
            if environ.get("REQUEST_METHOD") != "POST":
                return respond(start_response, 405, {"error": "POST a CDS Hooks request"})
            try:
                self.verifier.verify(environ)
            except Refused as why:
                log.info("cds-hooks %s refused: %s", service.id, why)
                return unauthorized(start_response, "cds-hooks")
            try:
                found = self.respond_to(service, read_json(environ))
            except BadRequest as problem:
                log.info("cds-hooks %s answered %s (%s)", service.id, problem.status, problem.code)
                return respond(start_response, problem.status, operation_outcome(problem))
            log.info(
                "cds-hooks %s answered",
                service.id,
                extra={
                    "cards": len(found["cards"]),
                    "actions": len(found.get("systemActions", [])),
                    "ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            return respond(start_response, 200, found)

        return application

    def _feedback_app(self, service: Service) -> Callable[..., Iterable[bytes]]:
        """CDS Hooks feedback (accepted or overridden cards): checked and counted, nothing of it kept."""

        def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            if environ.get("REQUEST_METHOD") != "POST":
                return respond(start_response, 405, {"error": "POST feedback"})
            try:
                self.verifier.verify(environ)
            except Refused as why:
                log.info("cds-hooks %s feedback refused: %s", service.id, why)
                return unauthorized(start_response, "cds-hooks")
            try:
                outcomes = read_feedback(read_json(environ))
            except BadRequest as problem:
                return respond(start_response, problem.status, operation_outcome(problem))
            log.info(
                "cds-hooks %s feedback",
                service.id,
                extra={o: outcomes.count(o) for o in sorted(set(outcomes))},
            )
            start_response("200 OK", [("Content-Length", "0")])
            return [b""]

        return application


# An order nothing could be read from: no question was asked, so no answer says anything of it.
_UNREAD = Answer(question="", intent="not_found", status="not_found")
