"""The orders a CDS Hooks call is about, and what each one orders.

Which orders: order-sign every draft order, order-select the selected ones, order-dispatch the
dispatched ones, appointment-book the orders each appointment is based on (or the appointment itself).
What each orders: the HCPCS codes of its coding, the brand an RxNorm name prints in brackets
("infliximab 100 MG Injection [Remicade]") and its text. A Medication it references is looked up in the
resource, the request's bundles and the prefetch, then on the client's FHIR server; a reference that
resolves nowhere is a 412 (the specification's answer when needed data can't be had).

The EHR's JSON is read defensively past the checks of bot/ehr/cds_request.py: a value of the wrong type is
treated as absent, never a crash.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from bot.ehr.cds_request import HookRequest
from bot.ehr.cds_wording import wording
from bot.ehr.json_http import BadRequest

HCPCS_SYSTEMS = frozenset(
    {
        "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
        "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",  # as CRD's own examples name it
        "urn:oid:2.16.840.1.113883.6.285",
    }
)
HCPCS_SYSTEM = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
HCPCS_CODE = re.compile(r"^[A-Z]\d{4}$")
BRACKETED = re.compile(r"\[([^\[\]]{2,60})\]")  # RxNorm's branded names: "… Injection [Remicade]"
MEDICATION_ORDERS = frozenset({"MedicationRequest", "MedicationOrder", "MedicationDispense"})
# An order of another kind names a drug only by a HCPCS code (a ServiceRequest for an infusion, J1745).
CODED_ORDERS = {"ServiceRequest": "code", "DeviceRequest": "codeCodeableConcept", "Appointment": "serviceType"}

Fetch = Callable[[str], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Order:
    reference: str  # "MedicationRequest/104": how cards and actions name it
    resource: dict[str, Any]  # what a coverage-information update carries back, unchanged but for it
    codes: tuple[str, ...]
    brands: tuple[str, ...]
    words: str
    drug_order: bool  # a medication order, or an order coded with HCPCS
    hospital_outpatient: bool = False  # it (or its appointment) happens at a hospital outpatient department

    @property
    def question(self) -> str:
        return " ".join(p for p in [self.words, *self.codes] if p)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def reference_of(resource: dict[str, Any]) -> str:
    return f"{_text(resource.get('resourceType'))}/{_text(resource.get('id'))}"


def _resources(value: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(fullUrl, resource) of a resource or of each entry of a Bundle (a prefetch value, a context bundle)."""
    value = _dict(value)
    if value.get("resourceType") == "Bundle":
        for entry in _list(value.get("entry")):
            resource = _dict(_dict(entry).get("resource"))
            if resource:
                yield _text(_dict(entry).get("fullUrl")), resource
    elif value.get("resourceType"):
        yield "", value


class Resolver:
    """Finds a referenced resource in the request (contained, context bundles, prefetch), else fetches it."""

    def __init__(self, request: HookRequest, fetch: Fetch | None):
        self.fetch = fetch
        self.known: dict[str, dict[str, Any]] = {}
        for value in [*request.context.values(), *request.prefetch.values()]:
            for full_url, resource in _resources(value):
                self.known.setdefault(reference_of(resource), resource)
                if full_url:
                    self.known.setdefault(full_url, resource)

    def find(self, reference: str, holder: dict[str, Any] | None = None) -> dict[str, Any] | None:
        if reference.startswith("#") and holder is not None:
            return next(
                (c for c in _list(holder.get("contained")) if f"#{_text(_dict(c).get('id'))}" == reference), None
            )
        relative = "/".join(reference.rstrip("/").split("/")[-2:])
        found = self.known.get(reference) or self.known.get(relative)
        if found is None and self.fetch is not None:
            found = self.fetch(relative)
            if found is not None:
                self.known[relative] = found
        return found

    def need(self, reference: str, where: str, holder: dict[str, Any] | None = None) -> dict[str, Any]:
        found = self.find(reference, holder)
        if found is None:
            raise BadRequest(
                412,
                f"{where} refers to {reference}, which is neither in the request, nor in its prefetch, nor "
                "readable from the FHIR server (send it in prefetch: see the discovery prefetch templates)",
                "not-found",
                where,
            )
        return found


def _concept(concept: dict[str, Any]) -> tuple[tuple[str, ...], str]:
    """A CodeableConcept's HCPCS codes and its words (text, else a coding's display)."""
    codings = [_dict(c) for c in _list(concept.get("coding"))]
    codes = tuple(
        dict.fromkeys(
            _text(c.get("code")).upper()
            for c in codings
            if _text(c.get("system")) in HCPCS_SYSTEMS or HCPCS_CODE.match(_text(c.get("code")).upper())
        )
    )
    words = _text(concept.get("text")) or next((_text(c.get("display")) for c in codings if c.get("display")), "")
    return codes, words


def _medication_concept(resource: dict[str, Any], resolver: Resolver, where: str) -> dict[str, Any]:
    """FHIR R4 medicationCodeableConcept, R5 medication.concept, or the code of a Medication referenced
    (R4 medicationReference, R5 medication.reference)."""
    if isinstance(resource.get("medicationCodeableConcept"), dict):
        return resource["medicationCodeableConcept"]
    r5 = _dict(resource.get("medication"))
    if isinstance(r5.get("concept"), dict):
        return r5["concept"]
    reference = _text(_dict(resource.get("medicationReference")).get("reference")) or _text(
        _dict(r5.get("reference")).get("reference")
    )
    if not reference:
        return {}
    return _dict(resolver.need(reference, f"{where}.medicationReference", resource).get("code"))


def read_order(resource: dict[str, Any], resolver: Resolver, where: str) -> Order:
    kind = _text(resource.get("resourceType"))
    if kind in MEDICATION_ORDERS:
        codes, words = _concept(_medication_concept(resource, resolver, where))
        return Order(reference_of(resource), resource, codes, tuple(BRACKETED.findall(words)), words, True)
    field_name = CODED_ORDERS.get(kind)
    value = resource.get(field_name) if field_name else None
    concepts = [_dict(c) for c in (value if isinstance(value, list) else [value])]
    codes = tuple(dict.fromkeys(c for concept in concepts for c in _concept(concept)[0]))
    words = next((w for concept in concepts if (w := _concept(concept)[1])), "")
    return Order(reference_of(resource), resource, codes, tuple(BRACKETED.findall(words)), words, bool(codes))


def _is_hospital_outpatient(concepts: list[Any]) -> bool:
    codes = wording()["place_of_service"]["hospital_outpatient"]
    return any(
        _text(c.get("code")) in codes.get(_text(c.get("system")), [])
        for concept in concepts
        for c in map(_dict, _list(_dict(concept).get("coding")))
    )


def at_hospital_outpatient(resources: list[dict[str, Any]], resolver: Resolver) -> bool:
    """Whether an order or its appointment says where: a ServiceRequest's locationCode, or a Location
    (an appointment's participant, an order's locationReference) whose type is a hospital outpatient one."""
    for resource in resources:
        if _is_hospital_outpatient(_list(resource.get("locationCode"))):
            return True
        references = [_dict(p).get("actor") for p in _list(resource.get("participant"))]
        references += _list(resource.get("locationReference"))
        for reference in (_text(_dict(r).get("reference")) for r in references):
            if "Location/" in reference or reference.startswith("#"):
                location = resolver.find(reference, resource) or {}
                if _is_hospital_outpatient(_list(location.get("type"))):
                    return True
    return False


def _draft_orders(request: HookRequest) -> list[tuple[dict[str, Any], str]]:
    return [
        (resource, f"context.draftOrders.entry[{i}].resource")
        for i, (_, resource) in enumerate(_resources(request.context["draftOrders"]))
    ]


def _selected(request: HookRequest) -> list[tuple[dict[str, Any], str]]:
    drafts = {reference_of(r): (r, where) for r, where in _draft_orders(request)}
    chosen = []
    for i, selection in enumerate(request.context["selections"]):
        if selection not in drafts:
            where = f"context.selections[{i}]"
            raise BadRequest(400, f"{where} names {selection}, which is not in context.draftOrders", "value", where)
        chosen.append(drafts[selection])
    return chosen


def _dispatched(request: HookRequest, resolver: Resolver) -> list[tuple[dict[str, Any], str]]:
    return [
        (resolver.need(reference, f"context.dispatchedOrders[{i}]"), f"context.dispatchedOrders[{i}]")
        for i, reference in enumerate(request.context["dispatchedOrders"])
    ]


def _booked(request: HookRequest, resolver: Resolver) -> list[tuple[dict[str, Any], str, dict[str, Any]]]:
    """Each appointment's orders (CRD: coverage information goes on the order an appointment is based
    on), else the appointment itself."""
    found = []
    for i, (_, appointment) in enumerate(_resources(request.context["appointments"])):
        where = f"context.appointments.entry[{i}].resource"
        based_on = [_text(_dict(b).get("reference")) for b in _list(appointment.get("basedOn"))]
        orders = [resolver.need(r, f"{where}.basedOn", appointment) for r in based_on if r]
        found += [(o, f"{where}.basedOn", appointment) for o in orders] or [(appointment, where, appointment)]
    return found


def orders_of(request: HookRequest, fetch: Fetch | None = None) -> list[Order]:
    """Every order the call is about, in the request's order, each once."""
    resolver = Resolver(request, fetch)
    if request.hook == "order-select":
        resources = [(r, where, r) for r, where in _selected(request)]
    elif request.hook == "order-dispatch":
        resources = [(r, where, r) for r, where in _dispatched(request, resolver)]
    elif request.hook == "appointment-book":
        resources = _booked(request, resolver)
    else:
        resources = [(r, where, r) for r, where in _draft_orders(request)]
    seen: dict[str, Order] = {}
    for resource, where, booked in resources:
        if not _text(resource.get("id")):
            raise BadRequest(
                400, f"{where}.id is required: cards and actions name the order by it", "required", f"{where}.id"
            )
        order = read_order(resource, resolver, where)
        if at_hospital_outpatient([resource, booked], resolver):
            order = dataclasses.replace(order, hospital_outpatient=True)
        seen.setdefault(order.reference, order)
    return list(seen.values())
