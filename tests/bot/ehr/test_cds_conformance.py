"""CDS Hooks 2.0.1 and Da Vinci CRD, checked with the published example requests (tests/fixtures/cds/,
README there says which file each comes from) over real HTTP: discovery, required fields and their
errors, 412 for data that can't be had, every order answered, coverage information as system actions,
cards linked to their orders, the payer checked, and the card's number the CLI's number."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.ehr.auth import EhrVerifier
from bot.runtime.state import MemoryDeduper
from intents.engine import Engine
from intents.text import call_first
from tests.bot.ehr.conftest import ISSUER, Ehr, Server, http, jwks_file, serve

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "cds"
HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
COVERAGE_INFORMATION = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information"
CARD_TYPES = "http://terminology.hl7.org/CodeSystem/cdshooks-card-type"


def example(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text("utf-8"))


def cigna(body: dict[str, Any]) -> dict[str, Any]:
    """A CRD example with its patient's Coverage made Cigna's (the examples' payer is "Acme Health Plan")."""
    body = copy.deepcopy(body)
    for entry in body["prefetch"]["coverage"]["entry"]:
        entry["resource"]["payor"] = [{"reference": "Organization/cigna", "display": "Cigna Healthcare"}]
    return body


def medication_request(rid: str, text: str = "", codes: tuple[str, ...] = ()) -> dict[str, Any]:
    concept: dict[str, Any] = {"coding": [{"system": HCPCS, "code": c} for c in codes]}
    if text:
        concept["text"] = text
    return {"resourceType": "MedicationRequest", "id": rid, "status": "draft", "intent": "order",
            "medicationCodeableConcept": concept, "subject": {"reference": "Patient/123"}}  # fmt: skip


def crd_sign(*orders: dict[str, Any]) -> dict[str, Any]:
    """CRD's order-sign example (CRDServiceRequest.json), its draft orders replaced, the Coverage Cigna's."""
    body = cigna(example("crd-order-sign.json"))
    body["context"]["draftOrders"]["entry"] = [{"resource": o} for o in orders]
    return body


def linked(card: dict[str, Any]) -> list[str]:
    return [r["reference"] for r in card["extension"]["davinci-crd.associated-resource"]]


def coverage_information(action: dict[str, Any]) -> dict[str, list[Any]]:
    (ext,) = [e for e in action["resource"]["extension"] if e["url"] == COVERAGE_INFORMATION]
    found: dict[str, list[Any]] = {}
    for part in ext["extension"]:
        value = next(v for k, v in part.items() if k.startswith("value"))
        found.setdefault(part["url"], []).append(value)
    return found


def empty_values(value: Any, path: str = "") -> list[str]:
    if value in (None, "", [], {}):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in empty_values(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in empty_values(v, f"{path}[{i}]")]
    return []


def test_discovery_lists_four_hooks_with_prefetch_and_configuration_and_no_empty_value(server: Server) -> None:
    reply = http("GET", server.url("/cds-services"))
    assert reply.status == 200 and empty_values(reply.body) == []
    services = {s["hook"]: s for s in reply.body["services"]}
    assert set(services) == {"order-select", "order-sign", "order-dispatch", "appointment-book"}
    for service in services.values():
        assert service["prefetch"]["coverage"] == "Coverage?patient={{context.patientId}}&status=active"
        (option,) = service["extension"]["davinci-crd.configuration-options"]
        assert option["code"] == "coverage-info" and option["type"] == "boolean"
    assert "medications" in services["order-sign"]["prefetch"]


def test_the_specification_order_select_example_answers_both_selections(server: Server) -> None:
    """docs/hooks/order-select.md, Example (R4): a diet and amoxicillin selected."""
    reply = server.call("precert-order-select", example("cds-hooks-order-select-r4.json"))
    assert reply.status == 200, reply.body
    answered = {r for c in reply.body["cards"] for r in linked(c)}
    assert answered == {"MedicationRequest/smart-MedicationRequest-103", "NutritionOrder/pureeddiet-simple"}
    assert "systemActions" not in reply.body  # no Coverage sent: no coverage assertion, and no empty array
    for card in reply.body["cards"]:
        assert card["source"]["topic"]["system"] == CARD_TYPES
        assert len(card["summary"]) < 140 and card["indicator"] in ("info", "warning", "critical")


def test_the_specification_order_sign_example_answers_every_draft(server: Server) -> None:
    """docs/hooks/order-sign.md, Example (R4)."""
    body = example("cds-hooks-order-sign-r4.json")
    reply = server.call("precert-order-sign", body)
    assert reply.status == 200, reply.body
    drafts = {f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in body["context"]["draftOrders"]["entry"]}
    assert {r for c in reply.body["cards"] for r in linked(c)} == drafts


def _without(body: dict[str, Any], path: str) -> dict[str, Any]:
    body = copy.deepcopy(body)
    *parents, last = path.split(".")
    holder = body
    for name in parents:
        holder = holder[name]
    del holder[last]
    return body


def _with(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    body = copy.deepcopy(body)
    *parents, last = path.split(".")
    holder = body
    for name in parents:
        holder = holder[name]
    holder[last] = value
    return body


SIGN = example("cds-hooks-order-sign-r4.json")
SELECT = example("cds-hooks-order-select-r4.json")


@pytest.mark.parametrize(
    ("service", "body", "where"),
    [
        ("precert-order-sign", _without(SIGN, "hookInstance"), "hookInstance"),
        ("precert-order-sign", _without(SIGN, "hook"), "hook"),
        ("precert-order-sign", _without(SIGN, "context"), "context"),
        ("precert-order-sign", _without(SIGN, "context.userId"), "context.userId"),
        ("precert-order-sign", _without(SIGN, "context.patientId"), "context.patientId"),
        ("precert-order-sign", _without(SIGN, "context.draftOrders"), "context.draftOrders"),
        ("precert-order-sign", _with(SIGN, "context.draftOrders", {"entry": []}), "context.draftOrders"),
        ("precert-order-sign", _with(SIGN, "context.draftOrders", [1]), "context.draftOrders"),
        ("precert-order-sign", _without(SIGN, "fhirServer"), "fhirServer"),  # fhirAuthorization needs it
        ("precert-order-sign", _without(SIGN, "fhirAuthorization.access_token"), "fhirAuthorization.access_token"),
        ("precert-order-sign", _with(SIGN, "fhirAuthorization.expires_in", "300"), "fhirAuthorization.expires_in"),
        ("precert-order-select", _without(SELECT, "context.selections"), "context.selections"),
        ("precert-order-select", _with(SELECT, "context.selections", ["MedicationRequest/x"]), "context.selections[0]"),
        ("precert-order-sign", _with(SIGN, "context.draftOrders.entry", [{"resource": {"id": "x"}}]),
         "context.draftOrders.entry[0].resource"),
        ("precert-order-sign", _with(SIGN, "context.draftOrders.entry", [{"resource": {"resourceType": "Basic"}}]),
         "context.draftOrders.entry[0].resource.id"),
    ],
)  # fmt: skip
def test_a_missing_or_malformed_required_field_is_a_400_saying_which(
    server: Server, service: str, body: dict[str, Any], where: str
) -> None:
    reply = server.call(service, body)
    assert reply.status == 400, reply.body
    assert reply.body["resourceType"] == "OperationOutcome"
    (issue,) = reply.body["issue"]
    assert issue["severity"] == "error" and issue["expression"] == [where] and issue["diagnostics"]


def test_a_body_nested_200000_deep_is_a_400_not_a_500(server: Server) -> None:
    from tests.bot.ehr.conftest import http as raw

    url = server.url("/cds-services/precert-order-sign")
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {server.ehr.token(url)}"}
    reply = raw("POST", url, b"[" * 200_000 + b"]" * 200_000, headers)
    assert reply.status == 400 and reply.body["resourceType"] == "OperationOutcome"


def test_a_medication_reference_nowhere_to_be_had_is_a_412_and_the_prefetch_answers_it(server: Server) -> None:
    order = {"resourceType": "MedicationRequest", "id": "ref", "status": "draft", "intent": "order",
             "medicationReference": {"reference": "Medication/remicade-100"}}  # fmt: skip
    body = _without(crd_sign(order), "fhirAuthorization")
    reply = server.call("precert-order-sign", body)
    assert reply.status == 412 and reply.body["resourceType"] == "OperationOutcome"
    assert reply.body["issue"][0]["expression"] == ["context.draftOrders.entry[0].resource.medicationReference"]
    medication = {"resourceType": "Medication", "id": "remicade-100",
                  "code": {"coding": [{"system": HCPCS, "code": "J1745"}], "text": "Remicade"}}  # fmt: skip
    body["prefetch"]["medications"] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [{"resource": medication}],
    }
    reply = server.call("precert-order-sign", body)
    assert reply.status == 200 and [c["summary"].split(":")[0] for c in reply.body["cards"]] == ["Remicade"]


def test_crd_order_sign_example_with_another_payers_coverage_is_refused(server: Server) -> None:
    """CRDServiceRequest.json as published: the Coverage is Acme Health Plan's, not Cigna's (CRD: 400)."""
    reply = server.call("precert-order-sign", example("crd-order-sign.json"))
    assert reply.status == 400 and reply.body["issue"][0]["code"] == "business-rule"
    assert "Cigna" in reply.body["issue"][0]["diagnostics"]


def test_crd_order_sign_example_gets_coverage_information_for_its_coded_order(server: Server) -> None:
    """CRDServiceRequest.json with a Cigna Coverage: the oxygen order (HCPCS E0431) is not in the drug
    documents, the mammography order is no drug order; neither gets a claim the documents don't make."""
    reply = server.call("precert-order-sign", cigna(example("crd-order-sign.json")))
    assert reply.status == 200, reply.body
    (action,) = reply.body["systemActions"]
    assert action["type"] == "update" and action["description"]
    assert action["resource"]["id"] == "2468"
    info = coverage_information(action)
    assert info["coverage"] == [{"reference": "Coverage/COV1"}]
    assert info["covered"] == ["indeterminate"] and info["pa-needed"] == ["indeterminate"] and info["reason"]
    assert len(info["date"]) == 1 and len(info["coverage-assertion-id"]) == 1
    assert {r for c in reply.body["cards"] for r in linked(c)} == {"ServiceRequest/1357", "ServiceRequest/2468"}


def test_an_ordered_drug_gets_one_card_and_its_coverage_information(server: Server) -> None:
    remicade = medication_request("rem", "infliximab 100 MG Injection [Remicade]", ("J1745",))
    keytruda = medication_request("key", "Keytruda", ("J9271",))
    reply = server.call("precert-order-sign", crd_sign(remicade, keytruda))
    assert reply.status == 200, reply.body
    # Remicade only: a generic in the display is no order for Avsola, Inflectra and Renflexis.
    assert [(c["summary"].split(":")[0], linked(c)) for c in reply.body["cards"]] == [
        ("Remicade", ["MedicationRequest/rem"]),
        ("Keytruda", ["MedicationRequest/key"]),
    ]
    infos = {a["resource"]["id"]: coverage_information(a) for a in reply.body["systemActions"]}
    assert infos["key"]["pa-needed"] == ["auth-needed"] and infos["key"]["covered"] == ["conditional"]
    assert infos["key"]["billingCode"] == [{"system": HCPCS, "code": "J9271"}]
    assert infos["rem"]["pa-needed"] == ["conditional"] and "location" in infos["rem"]["info-needed"]
    keytruda_action = next(a for a in reply.body["systemActions"] if a["resource"]["id"] == "key")
    # The update carries the order whole, changed only by the extension.
    assert {k: v for k, v in keytruda_action["resource"].items() if k != "extension"} == keytruda
    portal = reply.body["cards"][1]["links"][0]
    assert portal["type"] == "absolute" and portal["url"].startswith("https://")


@pytest.mark.parametrize("drug", ["Remicade", "Ocrevus", "Keytruda", "Zolgensma"])
def test_the_card_gives_the_number_the_cli_gives_first(server: Server, engine: Engine, drug: str) -> None:
    reply = server.call("precert-order-sign", crd_sign(medication_request("o", drug)))
    (card,) = reply.body["cards"]
    first = call_first(engine.ask(drug))
    assert first is not None and card["summary"].endswith(f"— {first.phone}")


def test_a_class_name_asks_which_product_and_asserts_nothing_for_any(server: Server) -> None:
    reply = server.call("precert-order-sign", crd_sign(medication_request("cls", "infliximab 100 mg IV")))
    (card,) = reply.body["cards"]
    assert [s["label"].split(" (")[0] for s in card["suggestions"]] == ["Remicade", "Avsola", "Inflectra", "Renflexis"]
    assert all(s["actions"][0]["type"] == "update" for s in card["suggestions"])
    info = coverage_information(reply.body["systemActions"][0])
    assert info["pa-needed"] == ["conditional"] and info["info-needed"] == ["detail-code"]


def test_150_orders_are_all_answered_and_more_than_the_limit_is_refused_whole(server: Server) -> None:
    from bot.ehr.cds_hooks import MAX_ORDERS

    orders = [medication_request(f"o{i}", "Keytruda" if i % 2 else "Amoxicillin 500 mg") for i in range(150)]
    reply = server.call("precert-order-sign", crd_sign(*orders))
    assert reply.status == 200
    assert {r for c in reply.body["cards"] for r in linked(c)} == {f"MedicationRequest/o{i}" for i in range(150)}
    assert len(reply.body["systemActions"]) == 150
    too_many = [medication_request(f"o{i}", "Keytruda") for i in range(MAX_ORDERS + 1)]
    reply = server.call("precert-order-sign", crd_sign(*too_many))
    assert reply.status == 400 and str(MAX_ORDERS) in reply.body["issue"][0]["diagnostics"]


def test_the_client_may_turn_coverage_information_off(server: Server) -> None:
    body = crd_sign(medication_request("key", "Keytruda"))
    body["extension"] = {"davinci-crd.configuration": {"coverage-info": False}}
    reply = server.call("precert-order-sign", body)
    assert reply.status == 200 and "systemActions" not in reply.body and reply.body["cards"]


def test_crd_order_dispatch_example_needs_its_orders_prefetched(server: Server) -> None:
    """CRDServiceRequest2.json: MedicationRequest/1111 and 2222 are dispatched, but neither is in the
    request or its prefetch (and this service reads no FHIR server): 412, then answered once sent."""
    body = cigna(example("crd-order-dispatch.json"))
    reply = server.call("precert-order-dispatch", body)
    assert reply.status == 412 and reply.body["issue"][0]["expression"] == ["context.dispatchedOrders[0]"]
    orders = [
        {"resourceType": "MedicationRequest", "id": "1111", "medicationReference": {"reference": "Medication/MED1"}},
        medication_request("2222", "Ocrevus", ("J2350",)),
    ]
    body["prefetch"]["medicationRequests"] = {"resourceType": "Bundle", "entry": [{"resource": o} for o in orders]}
    reply = server.call("precert-order-dispatch", body)
    assert reply.status == 200, reply.body
    assert "systemActions" not in reply.body  # the example's configuration says coverage-info: false
    body["extension"]["davinci-crd.configuration"]["coverage-info"] = True
    reply = server.call("precert-order-dispatch", body)
    assert sorted(a["resource"]["id"] for a in reply.body["systemActions"]) == ["1111", "2222"]
    ocrevus = next(c for c in reply.body["cards"] if linked(c) == ["MedicationRequest/2222"])
    assert ocrevus["summary"].startswith("Ocrevus: site-of-care review")


def test_crd_appointment_book_example_and_an_infusion_booked_at_a_hospital(server: Server) -> None:
    """CRDServiceRequest4.json: an appointment for no drug is said to be no drug order; the same
    appointment based on a Remicade infusion order is the site-of-care question, asserted on the order."""
    body = example("crd-appointment-book.json")
    reply = server.call("precert-appointment-book", body)
    assert reply.status == 200 and [linked(c) for c in reply.body["cards"]] == [["Appointment/example"]]
    infusion = {"resourceType": "ServiceRequest", "id": "inf", "status": "draft", "intent": "order",
                "code": {"coding": [{"system": HCPCS, "code": "J1745"}], "text": "Infliximab infusion"}}  # fmt: skip
    appointment = body["context"]["appointments"]["entry"][0]["resource"]
    appointment["basedOn"] = [{"reference": "ServiceRequest/inf"}]
    body["prefetch"] = cigna(example("crd-order-sign.json"))["prefetch"]
    body["prefetch"]["serviceRequests"] = {"resourceType": "Bundle", "entry": [{"resource": infusion}]}
    reply = server.call("precert-appointment-book", body)
    assert reply.status == 200, reply.body
    (card,) = reply.body["cards"]
    assert card["summary"].startswith("Remicade: site-of-care review") and linked(card) == ["ServiceRequest/inf"]
    (action,) = reply.body["systemActions"]
    assert action["resource"]["resourceType"] == "ServiceRequest"
    assert "location" in coverage_information(action)["info-needed"]  # where it is given is not said yet
    # Booked at the hospital (CRD's example Location, type v3-RoleCode HOSP): the site-of-care question.
    role = {"system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode", "code": "HOSP"}
    hospital = {"resourceType": "Location", "id": "hospital", "status": "active", "type": [{"coding": [role]}]}
    appointment["participant"].append({"actor": {"reference": "Location/hospital"}, "status": "accepted"})
    body["prefetch"]["locations"] = {"resourceType": "Bundle", "entry": [{"resource": hospital}]}
    reply = server.call("precert-appointment-book", body)
    (card,) = reply.body["cards"]
    assert card["summary"].startswith("Remicade at a hospital outpatient department: site-of-care review")
    info = coverage_information(reply.body["systemActions"][0])
    assert "location" not in info["info-needed"]
    assert any("hospital outpatient" in r["text"] for r in info["reason"])


def test_an_order_coded_for_an_outpatient_hospital_is_the_site_of_care_question(server: Server) -> None:
    place = {
        "system": "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set",
        "code": "22",
    }
    infusion = {"resourceType": "ServiceRequest", "id": "inf", "status": "draft", "intent": "order",
                "code": {"coding": [{"system": HCPCS, "code": "J2350"}]},
                "locationCode": [{"coding": [place]}]}  # fmt: skip
    reply = server.call("precert-order-sign", crd_sign(infusion))
    (card,) = reply.body["cards"]
    assert card["summary"].startswith("Ocrevus at a hospital outpatient department: site-of-care review")


def test_every_assertion_keeps_crd_invariants_and_never_claims_what_the_documents_dont(server: Server) -> None:
    texts = ["Keytruda", "Ocrevus", "Remicade", "Zolgensma", "Temodar", "procardia", "infliximab", "Amoxicillin", ""]
    orders = [medication_request(f"o{i}", t) for i, t in enumerate(texts)]
    reply = server.call("precert-order-sign", crd_sign(*orders))
    assert len(reply.body["systemActions"]) == len(texts)
    for action in reply.body["systemActions"]:
        info = coverage_information(action)
        assert {"coverage", "covered", "date", "coverage-assertion-id"} <= set(info)
        assert info["covered"][0] in ("conditional", "indeterminate")  # never "covered": no document says so
        assert info.get("pa-needed", [""])[0] != "no-auth"  # absence is not permission
        decided = info["covered"] + info.get("pa-needed", []) + info.get("doc-needed", [])
        assert ("conditional" in decided) == bool(info.get("info-needed"))  # crd-ci-q3
        assert "indeterminate" not in decided or info.get("reason")  # crd-ci-q9


def test_feedback_is_checked_and_answered(server: Server) -> None:
    """The specification's "suggestion accepted" feedback example (docs/specification/current.md)."""
    feedback = {
        "feedback": [
            {
                "card": "4e0a3a1e-3283-4575-ab82-028d55fe2719",
                "outcome": "accepted",
                "acceptedSuggestions": [{"id": "e56e1945-20b3-4393-8503-a1a20fd73152"}],
                "outcomeTimestamp": "2020-12-11T00:00:00Z",
            }
        ]
    }
    url = server.url("/cds-services/precert-order-sign/feedback")
    headers = {"Content-Type": "application/json"}
    signed = {**headers, "Authorization": f"Bearer {server.ehr.token(url)}"}
    assert http("POST", url, json.dumps(feedback).encode(), signed).status == 200
    del feedback["feedback"][0]["outcomeTimestamp"]
    signed = {**headers, "Authorization": f"Bearer {server.ehr.token(url)}"}
    reply = http("POST", url, json.dumps(feedback).encode(), signed)
    assert reply.status == 400 and reply.body["issue"][0]["expression"] == ["feedback[0].outcomeTimestamp"]
    assert http("POST", url, json.dumps(feedback).encode(), headers).status == 401


ORDER_TEXTS = ["Keytruda", "J9271", "Ocrevus", "infliximab", "procardia", "foobarzine", "", "J9999", "Q5103"]
KINDS = ["MedicationRequest", "ServiceRequest", "NutritionOrder"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.tuples(st.sampled_from(ORDER_TEXTS), st.sampled_from(KINDS)), min_size=1, max_size=8))
def test_no_order_is_passed_over_in_silence(engine: Engine, picks: list[tuple[str, str]]) -> None:
    from bot.ehr.auth import EhrVerifier
    from bot.ehr.cds_hooks import SERVICES, CdsHooks

    orders = []
    for i, (text, kind) in enumerate(picks):
        order = medication_request(f"o{i}", text)
        if kind != "MedicationRequest":
            concept = order.pop("medicationCodeableConcept")
            order |= {"resourceType": kind, "code": concept} if kind == "ServiceRequest" else {"resourceType": kind}
        orders.append(order)
    sign = next(s for s in SERVICES if s.hook == "order-sign")
    found = CdsHooks(engine, EhrVerifier(None, None)).respond_to(sign, crd_sign(*orders))
    carded = {r for c in found["cards"] for r in linked(c)}
    recorded = {f"{a['resource']['resourceType']}/{a['resource']['id']}" for a in found.get("systemActions", [])}
    for order in orders:
        reference = f"{order['resourceType']}/{order['id']}"
        assert reference in carded or reference in recorded


FHIR_TOKEN = "some-opaque-fhir-access-token"  # the specification's example fhirAuthorization token
REMICADE_MEDICATION = {
    "resourceType": "Medication",
    "id": "remicade-100",
    "code": {"coding": [{"system": HCPCS, "code": "J1745"}], "text": "Remicade"},
}


class _FhirHandler(BaseHTTPRequestHandler):
    """A FHIR server holding one Medication, read only with the call's bearer token."""

    def do_GET(self) -> None:
        if self.headers.get("Authorization") != f"Bearer {FHIR_TOKEN}":
            self.send_response(401)
            self.end_headers()
            return
        found = REMICADE_MEDICATION if self.path == "/fhir/Medication/remicade-100" else None
        data = json.dumps(found or {"resourceType": "OperationOutcome"}).encode()
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def fhir_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _FhirHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/fhir"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def reading_server(engine: Engine, ehr: Ehr, fhir_server: str, tmp_path_factory: pytest.TempPathFactory):
    from bot.ehr.cds_fhir import FhirReader

    keys = jwks_file(tmp_path_factory.mktemp("ehr-fhir"), ehr)
    verifier = EhrVerifier(ISSUER, str(keys), first_use=MemoryDeduper().first_time)
    yield from serve(engine, verifier, None, ehr, FhirReader((fhir_server,)).for_request)


def test_a_medication_not_sent_is_read_from_an_allowed_fhir_server_else_412(
    reading_server: Server, fhir_server: str
) -> None:
    order = {"resourceType": "MedicationRequest", "id": "ref", "status": "draft", "intent": "order",
             "medicationReference": {"reference": "Medication/remicade-100"}}  # fmt: skip
    body = crd_sign(order)
    body["fhirServer"] = fhir_server
    reply = reading_server.call("precert-order-sign", body)
    assert reply.status == 200, reply.body
    assert [c["summary"].split(":")[0] for c in reply.body["cards"]] == ["Remicade"]
    order["medicationReference"]["reference"] = "Medication/nowhere"
    assert reading_server.call("precert-order-sign", body).status == 412  # the server has no such Medication
    order["medicationReference"]["reference"] = "Medication/remicade-100"
    body["fhirAuthorization"]["access_token"] = "a-token-the-server-refuses"
    assert reading_server.call("precert-order-sign", body).status == 412
    body = crd_sign(order)  # fhirServer: CRD's example server, not one this service may read
    assert reading_server.call("precert-order-sign", body).status == 412


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=12,
)
REFERENCE = st.sampled_from(["MedicationRequest/a", "ServiceRequest/b", "Location/l", "Medication/m", "#c", "x"])
RESOURCE = st.fixed_dictionaries(
    {
        "resourceType": st.sampled_from(["MedicationRequest", "ServiceRequest", "Appointment", "Coverage", "Location"]),
        "id": st.sampled_from(["a", "b", "l", "m", "c"]),
    },
    optional={
        "medicationCodeableConcept": JSON | st.fixed_dictionaries({"text": st.sampled_from(["Keytruda", "J1745", ""])}),
        "medicationReference": JSON | st.fixed_dictionaries({"reference": REFERENCE}),
        "code": JSON,
        "basedOn": JSON | st.lists(st.fixed_dictionaries({"reference": REFERENCE}), max_size=2),
        "participant": JSON | st.lists(st.fixed_dictionaries({"actor": JSON}), max_size=2),
        "locationCode": JSON,
        "payor": JSON,
        "extension": JSON,
        "contained": JSON,
        "type": JSON,
    },
)
BUNDLE = st.fixed_dictionaries(
    {"resourceType": st.just("Bundle"), "entry": st.lists(st.fixed_dictionaries({"resource": RESOURCE}), max_size=3)}
)
# Each hook's REQUIRED context mostly well formed (so the orders are read), sometimes any JSON at all.
REQUIRED = {
    "userId": st.just("Practitioner/1"),
    "patientId": st.just("123"),
    "selections": st.lists(REFERENCE, min_size=1, max_size=2),
    "draftOrders": BUNDLE,
    "dispatchedOrders": st.lists(REFERENCE, min_size=1, max_size=2),
    "performer": st.just("Organization/p"),
    "appointments": BUNDLE,
}
HOOK_CONTEXTS = {
    "order-select": ["userId", "patientId", "selections", "draftOrders"],
    "order-sign": ["userId", "patientId", "draftOrders"],
    "order-dispatch": ["patientId", "dispatchedOrders", "performer"],
    "appointment-book": ["userId", "patientId", "appointments"],
}
CIGNA_COVERAGE = st.just(
    {
        "resourceType": "Bundle",
        "entry": [{"resource": {"resourceType": "Coverage", "id": "c", "payor": [{"display": "Cigna"}]}}],
    }
)


@st.composite
def hook_requests(draw: st.DrawFn) -> dict[str, Any]:
    hook = draw(st.sampled_from(sorted(HOOK_CONTEXTS)))
    context = {name: draw(REQUIRED[name] if draw(st.integers(0, 9)) else JSON) for name in HOOK_CONTEXTS[hook]}
    prefetch = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "coverage": CIGNA_COVERAGE | JSON | BUNDLE,
                "medications": BUNDLE,
                "medicationRequests": BUNDLE,
                "serviceRequests": BUNDLE,
                "locations": BUNDLE,
            },
        )
    )
    body = {"hook": hook, "hookInstance": "h", "context": context, "prefetch": prefetch}
    return body | ({"extension": draw(JSON)} if draw(st.integers(0, 4)) == 0 else {})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=hook_requests())
def test_any_request_of_any_hook_gets_an_answer_or_a_4xx_never_a_crash(engine: Engine, body: dict[str, Any]) -> None:
    from bot.ehr.auth import EhrVerifier
    from bot.ehr.cds_hooks import SERVICES, CdsHooks
    from bot.ehr.json_http import BadRequest

    service = next(s for s in SERVICES if s.hook == body["hook"])
    try:
        found = CdsHooks(engine, EhrVerifier(None, None)).respond_to(service, body)
    except BadRequest as problem:
        assert problem.status in (400, 412) and str(problem)
    else:
        assert isinstance(found["cards"], list) and json.dumps(found)
