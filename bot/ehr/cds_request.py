"""A CDS Hooks 2.0.1 request, checked against the specification before anything is answered.

Every REQUIRED field of the request and of the hook's context is checked for presence and type; what
is wrong is a BadRequest (400) naming the field, rendered as an OperationOutcome (CRD: "the server
SHALL provide an OperationOutcome"). Nothing is guessed: a request the service cannot read is refused
rather than answered with cards that would look like a complete answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.ehr.json_http import BadRequest

# The hooks the services answer and their context (cds-hooks.org/hooks/…, the versions CRD names):
# each field's JSON type; "Bundle" is an object whose resourceType is Bundle.
REQUIRED_CONTEXT: dict[str, dict[str, str]] = {
    "order-select": {"userId": "string", "patientId": "string", "selections": "strings", "draftOrders": "Bundle"},
    "order-sign": {"userId": "string", "patientId": "string", "draftOrders": "Bundle"},
    "order-dispatch": {"patientId": "string", "dispatchedOrders": "strings", "performer": "string"},
    "appointment-book": {"userId": "string", "patientId": "string", "appointments": "Bundle"},
}
OPTIONAL_CONTEXT: dict[str, str] = {"encounterId": "string", "fulfillmentTasks": "array"}
FHIR_AUTHORIZATION_FIELDS = {
    "access_token": "string",
    "token_type": "string",
    "expires_in": "integer",
    "scope": "string",
    "subject": "string",
}
CONFIGURATION_KEY = "davinci-crd.configuration"  # CRD: the client's choice among configuration-options


@dataclass(frozen=True)
class FhirAccess:
    """Where and how the service may read the client's FHIR server (`fhirServer`, `fhirAuthorization`)."""

    server: str
    token: str


@dataclass(frozen=True)
class HookRequest:
    hook: str
    hook_instance: str
    context: dict[str, Any]
    prefetch: dict[str, Any] = field(default_factory=dict)
    fhir: FhirAccess | None = None
    configuration: dict[str, Any] = field(default_factory=dict)


def _is(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str) and value.strip() != ""
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "strings":
        return isinstance(value, list) and bool(value) and all(_is(v, "string") for v in value)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return isinstance(value, dict) and value.get("resourceType") == kind  # a FHIR resource type


_KIND_WORDS = {
    "string": "a non-empty string",
    "integer": "an integer",
    "strings": "a non-empty array of strings",
    "array": "an array",
    "object": "an object",
}


def _require(container: dict[str, Any], name: str, kind: str, where: str, required: bool = True) -> None:
    path = f"{where}.{name}" if where else name
    if name not in container:
        if required:
            raise BadRequest(400, f"{path} is required", "required", path)
        return
    if not _is(container[name], kind):
        words = _KIND_WORDS.get(kind, f"a FHIR {kind}")
        raise BadRequest(400, f"{path} must be {words}", "value", path)


def _check_bundle_entries(bundle: dict[str, Any], path: str) -> None:
    entries = bundle.get("entry", [])
    if not isinstance(entries, list):
        raise BadRequest(400, f"{path}.entry must be an array", "structure", f"{path}.entry")
    for i, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or not _is(resource.get("resourceType"), "string"):
            where = f"{path}.entry[{i}].resource"
            raise BadRequest(400, f"{where} must be a FHIR resource with a resourceType", "structure", where)


def _fhir_access(body: dict[str, Any]) -> FhirAccess | None:
    if "fhirAuthorization" not in body:
        return None
    _require(body, "fhirAuthorization", "object", "")
    auth = body["fhirAuthorization"]
    for name, kind in FHIR_AUTHORIZATION_FIELDS.items():
        _require(auth, name, kind, "fhirAuthorization")
    if auth["token_type"] != "Bearer":
        raise BadRequest(400, "fhirAuthorization.token_type must be Bearer", "value", "fhirAuthorization.token_type")
    if "fhirServer" not in body:
        raise BadRequest(400, "fhirServer is required when fhirAuthorization is given", "required", "fhirServer")
    return FhirAccess(body["fhirServer"], auth["access_token"])


def read_request(body: Any, hook: str) -> HookRequest:
    """The request for a service answering `hook`, or BadRequest saying what is wrong with it."""
    if not isinstance(body, dict):
        raise BadRequest(400, "the body must be a JSON object (a CDS Hooks request)", "structure")
    _require(body, "hook", "string", "")
    if body["hook"] != hook:
        raise BadRequest(400, f"this service answers the {hook} hook, not {body['hook']}", "value", "hook")
    _require(body, "hookInstance", "string", "")
    _require(body, "fhirServer", "string", "", required=False)
    _require(body, "context", "object", "")
    _require(body, "prefetch", "object", "", required=False)
    _require(body, "extension", "object", "", required=False)
    context = body["context"]
    for name, kind in REQUIRED_CONTEXT[hook].items():
        _require(context, name, kind, "context")
        if kind == "Bundle":
            _check_bundle_entries(context[name], f"context.{name}")
    for name, kind in OPTIONAL_CONTEXT.items():
        _require(context, name, kind, "context", required=False)
    configuration = (body.get("extension") or {}).get(CONFIGURATION_KEY, {})
    if not isinstance(configuration, dict):
        where = f"extension.{CONFIGURATION_KEY}"
        raise BadRequest(400, f"{where} must be an object", "value", where)
    return HookRequest(
        hook=hook,
        hook_instance=body["hookInstance"],
        context=context,
        prefetch=body.get("prefetch") or {},
        fhir=_fhir_access(body),
        configuration=configuration,
    )


FEEDBACK_OUTCOMES = ("accepted", "overridden")


def read_feedback(body: Any) -> list[str]:
    """The outcomes of a feedback call ({"feedback": [...]}: card, outcome, outcomeTimestamp REQUIRED;
    acceptedSuggestions when accepted), or BadRequest saying what is wrong."""
    if not isinstance(body, dict):
        raise BadRequest(400, "the body must be a JSON object with a feedback array", "structure")
    _require(body, "feedback", "array", "")
    outcomes = []
    for i, item in enumerate(body["feedback"]):
        where = f"feedback[{i}]"
        if not isinstance(item, dict):
            raise BadRequest(400, f"{where} must be an object", "structure", where)
        for name in ("card", "outcome", "outcomeTimestamp"):
            _require(item, name, "string", where)
        if item["outcome"] not in FEEDBACK_OUTCOMES:
            raise BadRequest(400, f"{where}.outcome must be accepted or overridden", "value", f"{where}.outcome")
        if item["outcome"] == "accepted":
            _require(item, "acceptedSuggestions", "array", where)
        outcomes.append(item["outcome"])
    return outcomes


def operation_outcome(problem: BadRequest) -> dict[str, Any]:
    """A BadRequest as a FHIR OperationOutcome (what a CRD client logs for its own issue tracking)."""
    issue: dict[str, Any] = {"severity": "error", "code": problem.code, "diagnostics": str(problem)}
    if problem.expression:
        issue["expression"] = [problem.expression]
    return {"resourceType": "OperationOutcome", "issue": [issue]}
