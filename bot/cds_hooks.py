"""A CDS Hooks 2.0 service under /cds-services: the same answers, inside the EHR at order time.

    GET  /cds-services                          discovery (public, as the specification has it)
    POST /cds-services/precert-order-select     hook order-select: the orders just selected
    POST /cds-services/precert-order-sign       hook order-sign: every draft order about to be signed

A service reads the draft MedicationRequests in `context.draftOrders` (their HCPCS codings, else the
medication's text or coding display), asks the engine about each, and answers with the cards of
bot/cds_cards.py. Calls must carry the EHR's JWT (bot/ehr_auth.py); nothing from the request body
(patient, encounter, orders) reaches the logs: only the service, counts, status and time.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bot.cds_cards import cards
from bot.ehr_auth import EhrVerifier, Refused, unauthorized
from bot.json_http import BadRequest, read_json, respond
from intents.answer import Answer
from intents.engine import Engine

log = logging.getLogger("precert_bot.cds_hooks")

DISCOVERY_PATH = "/cds-services"
HCPCS_SYSTEMS = frozenset(
    {
        "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",  # as Da Vinci CRD names HCPCS
        "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
        "urn:oid:2.16.840.1.113883.6.285",
    }
)
HCPCS_CODE = re.compile(r"^[A-Z]\d{4}$")
MAX_ORDERS = 100  # an order set larger than this is not one person's orders being signed
MAX_ANSWER_CACHE = 5000  # medication texts remembered between calls (the same few are ordered all day)


@dataclass(frozen=True)
class Service:
    id: str
    hook: str
    title: str
    description: str
    selected_only: bool  # order-select: only the orders in context.selections


SERVICES = (
    Service(
        "precert-order-select",
        "order-select",
        "Cigna drug prior authorization (order selected)",
        "When a medication order is selected: does Cigna require prior authorization or precertification "
        "for it, through whom, and the number to call — quoted from Cigna's documents with their dates.",
        True,
    ),
    Service(
        "precert-order-sign",
        "order-sign",
        "Cigna drug prior authorization (orders signed)",
        "Before medication orders are signed: which need Cigna prior authorization or precertification, "
        "through whom, with the number to call and the cited line.",
        False,
    ),
)


def discovery() -> dict[str, Any]:
    return {
        "services": [
            {"hook": s.hook, "title": s.title, "description": s.description, "id": s.id, "prefetch": {}}
            for s in SERVICES
        ]
    }


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    """A JSON string as text; anything else (a number, a list, null) is not a name or a code."""
    return value.strip() if isinstance(value, str) else ""


# The EHR's JSON is read defensively: a value of the wrong type is treated as absent, never a crash.
def _codeable_text(concept: dict[str, Any]) -> str:
    """What a CodeableConcept says, as a question: its text (or a coding's display), then its HCPCS codes."""
    codings = [c for c in _list(concept.get("coding")) if isinstance(c, dict)]
    codes = [
        _text(c.get("code")).upper()
        for c in codings
        if _text(c.get("system")) in HCPCS_SYSTEMS or HCPCS_CODE.match(_text(c.get("code")).upper())
    ]
    words = _text(concept.get("text")) or next(
        (_text(c.get("display")) for c in codings if _text(c.get("display"))), ""
    )
    return " ".join(p for p in [words, *codes] if p)


def medication_text(resource: dict[str, Any]) -> str:
    """A MedicationRequest's medication, from medicationCodeableConcept (FHIR R4), medication.concept
    (R5), or a contained Medication it references."""
    concept = resource.get("medicationCodeableConcept")
    if concept is None:
        concept = _dict(resource.get("medication")).get("concept")
    if concept is None:
        reference = _text(_dict(resource.get("medicationReference")).get("reference"))
        for contained in _list(resource.get("contained")):
            if isinstance(contained, dict) and reference and reference == f"#{_text(contained.get('id'))}":
                concept = contained.get("code")
    return _codeable_text(concept) if isinstance(concept, dict) else ""


def draft_medication_requests(context: dict[str, Any], selected_only: bool) -> list[dict[str, Any]]:
    bundle = context.get("draftOrders")
    if not isinstance(bundle, dict):
        raise BadRequest(400, "context.draftOrders must be a Bundle")
    selections = {_text(s) for s in _list(context.get("selections"))} if selected_only else None
    found = []
    for entry in _list(bundle.get("entry")):
        resource = _dict(_dict(entry).get("resource"))
        if resource.get("resourceType") != "MedicationRequest":
            continue
        if selections is not None and f"MedicationRequest/{_text(resource.get('id'))}" not in selections:
            continue
        found.append(resource)
    return found[:MAX_ORDERS]


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
    """The WSGI routes of the CDS Hooks service, answering through one Engine."""

    def __init__(self, engine: Engine, verifier: EhrVerifier):
        self.engine = engine
        self.verifier = verifier
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

    def cards_for(self, service: Service, body: Any) -> list[dict[str, Any]]:
        if not isinstance(body, dict) or not isinstance(body.get("context"), dict):
            raise BadRequest(400, "the body must be a CDS Hooks request with a context")
        if body.get("hook") != service.hook:
            raise BadRequest(400, f"this service answers the {service.hook} hook")
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        for resource in draft_medication_requests(body["context"], service.selected_only):
            text = medication_text(resource)
            if not text:
                continue
            for card in cards(self.answer(text), self.engine.kb):
                if card["summary"] not in seen:  # two orders for the same drug: one card
                    seen.add(card["summary"])
                    out.append(card)
        return out

    def routes(self) -> dict[str, Callable[..., Iterable[bytes]]]:
        routes: dict[str, Callable[..., Iterable[bytes]]] = {DISCOVERY_PATH: with_cors(self._discovery)}
        for service in SERVICES:
            routes[f"{DISCOVERY_PATH}/{service.id}"] = with_cors(self._service_app(service))
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
                found = self.cards_for(service, read_json(environ))
            except BadRequest as problem:
                log.info("cds-hooks %s bad request: %s", service.id, problem)
                return respond(start_response, problem.status, {"error": str(problem)})
            log.info(
                "cds-hooks %s answered",
                service.id,
                extra={"cards": len(found), "ms": round((time.perf_counter() - started) * 1000, 2)},
            )
            return respond(start_response, 200, {"cards": found})

        return application
