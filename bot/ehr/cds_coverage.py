"""Da Vinci CRD coverage information: a system action per order that writes on it what Cigna's documents
say, as the `coverage-information` extension — never a card (CRD: "SHALL NOT use a card").

The documents list prior-authorization requirements; none of them says a drug is a covered benefit. So
`covered` is never "covered": it is "conditional" (on the plan and the prior authorization) where the
documents name the drug, "indeterminate" where they don't, each with its reason in words. `pa-needed`
comes from the finding's status (bot/ehr/cds.toml), "no-auth" never: absence is not permission.

The assertion is about one Coverage, the patient's Cigna one from the prefetch; a Coverage with another
payer is refused (CRD: a 400 when the Coverage's payer is not one the server handles), and without a
Coverage no assertion is made (the extension requires one).
"""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from typing import Any

from bot.ehr.cds_cards import NO_CARD, is_class_order, lead_of, ordered_drugs
from bot.ehr.cds_orders import HCPCS_SYSTEM, Order, Resolver, reference_of
from bot.ehr.cds_request import HookRequest
from bot.ehr.cds_wording import wording
from bot.ehr.json_http import BadRequest
from intents.answer import Answer, ContactRef, Finding
from intents.draft import STATUS_PRECEDENCE
from intents.wording import status_words
from knowledge.kb import KnowledgeBase

COVERAGE_PREFETCH = "coverage"


def _texts(value: Any) -> list[str]:
    """Every string inside a JSON value (a payor's display, an Organization's name and identifiers)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def is_cigna(coverage: dict[str, Any], resolver: Resolver) -> bool:
    """Whether the Coverage's payor (its display, identifier, or the Organization it refers to) is Cigna."""
    payer = wording()["payer"]
    said: list[str] = []
    payors = coverage.get("payor")
    for payor in payors if isinstance(payors, list) else []:
        if not isinstance(payor, dict):
            continue
        said += _texts({k: v for k, v in payor.items() if k != "reference"})
        reference = payor.get("reference")
        organization = resolver.find(reference, coverage) if isinstance(reference, str) else None
        if organization:
            said += _texts({k: organization.get(k) for k in ("name", "alias", "identifier")})
    words = [w.lower() for w in said]
    return any(name in w for w in words for name in payer["words"]) or any(i in said for i in payer["ids"])


def patient_coverage(request: HookRequest, resolver: Resolver) -> dict[str, Any] | None:
    """The patient's Cigna Coverage from the prefetch; None when the client sent none (nothing to assert
    about); BadRequest when every Coverage sent is another payer's."""
    value = request.prefetch.get(COVERAGE_PREFETCH)
    if not isinstance(value, dict):
        return None
    entries = value.get("entry") if value.get("resourceType") == "Bundle" else [{"resource": value}]
    entries = entries if isinstance(entries, list) else []
    coverages = [
        e["resource"]
        for e in entries
        if isinstance(e, dict)
        and isinstance(e.get("resource"), dict)
        and e["resource"].get("resourceType") == "Coverage"
    ]
    if not coverages:
        return None
    cigna = [c for c in coverages if is_cigna(c, resolver)]
    if not cigna:
        raise BadRequest(
            400,
            wording()["cards"]["other_payer"],
            "business-rule",
            f"prefetch.{COVERAGE_PREFETCH}",
        )
    return cigna[0]


def _contact(contact: ContactRef) -> dict[str, Any]:
    telecom = [{"system": s, "value": v} for s, v in (("phone", contact.phone), ("fax", contact.fax)) if v]
    if contact.url:
        telecom.append({"system": "url", "value": contact.url if "://" in contact.url else f"https://{contact.url}"})
    return {"name": contact.label, "telecom": telecom} if telecom else {"name": contact.label}


def _findings(answer: Answer, order: Order) -> list[Finding]:
    """What the documents say of the drugs ordered, the CLI's leading finding of each drug first."""
    if answer.status != "answered":
        return []
    drugs = [d.name for d in ordered_drugs(answer, order)]
    leads = sorted((f for d in drugs if (f := lead_of(answer, d))), key=lambda f: STATUS_PRECEDENCE.index(f.status))
    rest = [f for f in answer.findings if f.drug in drugs and f.status not in NO_CARD and f not in leads]
    return [*leads, *rest]


def assertion(kb: KnowledgeBase, answer: Answer, order: Order) -> list[tuple[str, Any]]:
    """(element, value) pairs of the assertion beyond coverage, date and id: what the documents decide."""
    crd = wording()["crd"]
    findings = _findings(answer, order)
    if not findings:
        if order.question and is_class_order(answer, order):
            reason = crd["class_reason"].format(words=order.words or order.question)
            decided = [("covered", "conditional"), ("pa-needed", "conditional"), ("info-needed", "detail-code")]
            return [*decided, ("reason", reason)]
        reason = answer.headline if order.question and answer.status == "clarify" else crd["not_found_reason"]
        return [("covered", "indeterminate"), ("pa-needed", "indeterminate"), ("reason", reason)]
    lead = findings[0]
    rules = [crd["status"][f.status] for f in findings]
    needed = [n for n in dict.fromkeys([*(r.get("info_needed") for r in rules), "OTH"]) if n]
    if order.hospital_outpatient:  # where it happens is known: a hospital outpatient department
        needed = [n for n in needed if n != "location"]
    pairs: list[tuple[str, Any]] = [("covered", "conditional"), ("pa-needed", rules[0]["pa_needed"])]
    pairs += [("doc-needed", "conditional")]
    pairs += [("info-needed", n) for n in needed]
    codes = list(order.codes) or [c for d in ordered_drugs(answer, order) for c in d.hcpcs]
    pairs += [("billingCode", code) for code in dict.fromkeys(codes)]
    for f in findings:
        cited = f.citations[0] if f.citations else None
        where = crd["reason_where"].format(file=cited.file.rsplit("/", 1)[-1], line=cited.line) if cited else ""
        pairs.append(("reason", f"{f.drug}: {status_words(kb, f)}{where}"))
    if order.hospital_outpatient and any(f.status == "site-of-care-review" for f in findings):
        pairs.append(("reason", crd["hospital_outpatient_reason"]))
    pairs.append(("reason", crd["covered_reason"]))
    if lead.contact is not None:
        pairs.append(("contact", lead.contact))
    return pairs


def coverage_information(kb: KnowledgeBase, answer: Answer, order: Order, coverage: dict[str, Any]) -> dict[str, Any]:
    crd = wording()["crd"]
    extension: list[dict[str, Any]] = [{"url": "coverage", "valueReference": {"reference": reference_of(coverage)}}]
    for element, value in assertion(kb, answer, order):
        if element == "billingCode":
            extension.append({"url": element, "valueCoding": {"system": HCPCS_SYSTEM, "code": value}})
        elif element == "reason":
            extension.append({"url": element, "valueCodeableConcept": {"text": value}})
        elif element == "contact":
            extension.append({"url": element, "valueContactDetail": _contact(value)})
        else:
            extension.append({"url": element, "valueCode": value})
    extension.append({"url": "date", "valueDate": dt.datetime.now(dt.UTC).date().isoformat()})
    extension.append({"url": "coverage-assertion-id", "valueString": uuid.uuid4().hex})
    return {"url": crd["extension_url"], "extension": extension}


def coverage_action(kb: KnowledgeBase, answer: Answer, order: Order, coverage: dict[str, Any]) -> dict[str, Any]:
    """The order, unchanged but for its coverage-information for this Coverage, as an update action."""
    crd = wording()["crd"]
    resource = copy.deepcopy(order.resource)
    ours = reference_of(coverage)

    def same_coverage(ext: Any) -> bool:
        if not isinstance(ext, dict) or ext.get("url") != crd["extension_url"]:
            return False
        inner = ext.get("extension") if isinstance(ext.get("extension"), list) else []
        return any(
            isinstance(e, dict)
            and e.get("url") == "coverage"
            and isinstance(e.get("valueReference"), dict)
            and e["valueReference"].get("reference") == ours
            for e in inner
        )

    extensions = resource.get("extension")
    kept = [e for e in (extensions if isinstance(extensions, list) else []) if not same_coverage(e)]
    resource["extension"] = [*kept, coverage_information(kb, answer, order, coverage)]
    return {"type": "update", "description": crd["update_description"], "resource": resource}
