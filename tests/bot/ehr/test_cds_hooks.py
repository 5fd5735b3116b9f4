"""CDS Hooks 2.0.1 over real HTTP: order-select and order-sign with request bodies shaped like the
specification's own examples (its order-select example, with more draft orders beside its amoxicillin
one), and the EHR's JWT checked (forged, expired, missing, no kid → 401). The published examples
themselves, and CRD's, are in test_cds_conformance.py."""

from __future__ import annotations

import copy
import json
import logging
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.ehr.cds_orders import Resolver, read_order
from bot.ehr.cds_request import read_request
from tests.bot.ehr.conftest import ISSUER, Ehr, Server, http

HCPCS = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def medication_request(rid: str, coding: list[dict[str, str]], text: str | None = None) -> dict[str, Any]:
    concept: dict[str, Any] = {"coding": coding}
    if text:
        concept["text"] = text
    return {
        "resourceType": "MedicationRequest",
        "id": rid,
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": concept,
        "subject": {"reference": "Patient/1288992"},
        "dosageInstruction": [{"text": "200 mg IV every 3 weeks", "timing": {"repeat": {"frequency": 1}}}],
    }


AMOXICILLIN = medication_request(
    "smart-MedicationRequest-103",
    [
        {
            "system": RXNORM,
            "code": "617993",
            "display": "Amoxicillin 120 MG/ML / clavulanate potassium 8.58 MG/ML Oral Suspension",
        }
    ],
)
KEYTRUDA = medication_request(
    "smart-MedicationRequest-104", [{"system": HCPCS, "code": "J9271", "display": "Injection, pembrolizumab, 1 mg"}]
)
ZOLGENSMA = medication_request("smart-MedicationRequest-105", [], text="Zolgensma")
LOOKALIKE = medication_request("smart-MedicationRequest-106", [], text="procardia")
# The specification's order-select example, with two more draft orders beside its amoxicillin one.
ORDER_SELECT = {
    "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
    "fhirServer": "http://hooks.smarthealthit.org:9080",
    "hook": "order-select",
    "fhirAuthorization": {
        "access_token": "some-opaque-fhir-access-token",
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "user/Patient.read user/Observation.read",
        "subject": "cds-service4",
    },
    "context": {
        "userId": "Practitioner/example",
        "patientId": "1288992",
        "encounterId": "89284",
        "selections": ["NutritionOrder/pureeddiet-simple", "MedicationRequest/smart-MedicationRequest-104"],
        "draftOrders": {
            "resourceType": "Bundle",
            "entry": [
                {"resource": {"resourceType": "NutritionOrder", "id": "pureeddiet-simple", "status": "draft"}},
                {"resource": AMOXICILLIN},
                {"resource": KEYTRUDA},
                {"resource": ZOLGENSMA},
            ],
        },
    },
    "prefetch": {"patient": {"resourceType": "Patient", "id": "1288992", "gender": "male", "birthDate": "1925-12-23"}},
}


def order_sign(*resources: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(ORDER_SELECT)
    body["hook"] = "order-sign"
    body["hookInstance"] = "1ab2b8bd-3d2b-4a2d-9ad0-a6c9d3e6e1c2"
    del body["context"]["selections"]
    body["context"]["draftOrders"]["entry"] = [{"resource": r} for r in resources]
    return body


def test_order_select_answers_the_selected_orders_only(server: Server) -> None:
    reply = server.call("precert-order-select", ORDER_SELECT)
    assert reply.status == 200, reply.body
    keytruda, diet = reply.body["cards"]
    assert keytruda["summary"] == "Keytruda: prior auth through eviCore — 1.866.668.9250"
    assert keytruda["indicator"] == "warning"
    assert keytruda["source"]["label"].endswith(
        "Oncology Drugs Requiring Precertification through eviCore healthcare (November 2017)"
    )
    assert "J9271 KEYTRUDA PEMBROLIZUMAB INTRAVENOUS" in keytruda["detail"]
    assert "evicore-oncology-precert-2017-11.txt, line 164" in keytruda["detail"]
    assert keytruda["extension"] == {
        "davinci-crd.associated-resource": [{"reference": "MedicationRequest/smart-MedicationRequest-104"}]
    }
    # The selected diet is said to be outside what the documents answer, not passed over in silence.
    assert diet["extension"]["davinci-crd.associated-resource"] == [{"reference": "NutritionOrder/pureeddiet-simple"}]


def test_order_sign_answers_every_draft_once(server: Server) -> None:
    reply = server.call("precert-order-sign", order_sign(AMOXICILLIN, KEYTRUDA, ZOLGENSMA, KEYTRUDA))
    assert reply.status == 200, reply.body
    by_order = {c["extension"]["davinci-crd.associated-resource"][0]["reference"]: c for c in reply.body["cards"]}
    assert by_order["MedicationRequest/smart-MedicationRequest-104"]["summary"] == (
        "Keytruda: prior auth through eviCore — 1.866.668.9250"
    )
    assert by_order["MedicationRequest/smart-MedicationRequest-105"]["summary"] == (
        "Zolgensma: prior auth through Gene Therapy Program — 855.678.0051"
    )
    # Not in the documents: said so, never silence read as "no prior authorization".
    amoxicillin = by_order["MedicationRequest/smart-MedicationRequest-103"]
    assert "Not a yes or a no" in amoxicillin["summary"] and amoxicillin["indicator"] == "info"
    assert len(reply.body["cards"]) == 3  # the second Keytruda draft is the same order
    assert all(len(c["summary"]) < 140 for c in reply.body["cards"])


def test_a_look_alike_gets_a_did_you_mean_card_whose_suggestion_changes_the_order(server: Server) -> None:
    reply = server.call("precert-order-sign", order_sign(LOOKALIKE))
    (card,) = reply.body["cards"]
    assert card["summary"].startswith("Did you mean Procrit?")
    (suggestion,) = card["suggestions"]
    assert suggestion["label"] == "Procrit (J0885)"
    (action,) = suggestion["actions"]
    assert action["type"] == "update" and action["resource"]["id"] == "smart-MedicationRequest-106"
    assert action["resource"]["medicationCodeableConcept"]["coding"][0]["code"] == "J0885"


def test_the_wrong_hook_or_a_body_without_context_is_a_400(server: Server) -> None:
    reply = server.call("precert-order-sign", ORDER_SELECT)
    assert reply.status == 400
    assert reply.body["resourceType"] == "OperationOutcome"
    assert reply.body["issue"][0]["expression"] == ["hook"]
    assert server.call("precert-order-select", {"hook": "order-select"}).status == 400


@pytest.mark.parametrize(
    "token",
    [
        None,  # no Authorization header
        "not-a-jwt",
        "forged",  # signed by a key the EHR never published
        "wrong-issuer",
        "wrong-audience",
        "expired",
        "no-jti",
        "long-lived",  # valid for an hour: CDS Hooks tokens live 5 minutes at most
        "hs256",  # an HMAC token: CDS Hooks tokens are ES384/RS384 only
        "alg-none",
        "no-kid",  # CDS Hooks: kid is REQUIRED; a key is never guessed
        "typ-not-jwt",  # typ is REQUIRED, fixed "JWT"
    ],
)
def test_a_call_without_a_valid_jwt_is_a_401(server: Server, ehr: Ehr, token: str | None) -> None:
    import jwt

    url = server.url("/cds-services/precert-order-sign")
    now = int(time.time())
    tokens = {
        None: None,
        "not-a-jwt": "not-a-jwt",
        "forged": Ehr().token(url),
        "wrong-issuer": ehr.token(url, iss="https://other-ehr.example.org"),
        "wrong-audience": ehr.token("https://elsewhere.example.org/cds-services/precert-order-sign"),
        "expired": ehr.token(url, exp=now - 3600, iat=now - 3900),
        "no-jti": ehr.token(url, jti=None),
        "long-lived": ehr.token(url, exp=now + 3600),
        "hs256": jwt.encode(
            {"iss": ISSUER, "aud": url, "exp": now + 60, "iat": now, "jti": "x"},
            "secret" * 8,
            algorithm="HS256",
            headers={"kid": "ehr-key-1"},
        ),
        "alg-none": jwt.encode(
            {"iss": ISSUER, "aud": url, "exp": now + 60, "iat": now, "jti": "x"}, None, algorithm="none"
        ),
        "no-kid": jwt.encode(
            {"iss": ISSUER, "aud": url, "exp": now + 60, "iat": now, "jti": "k"},
            ehr.key,
            algorithm="ES384",
            headers={"typ": "JWT"},
        ),
        "typ-not-jwt": jwt.encode(
            {"iss": ISSUER, "aud": url, "exp": now + 60, "iat": now, "jti": "t"},
            ehr.key,
            algorithm="ES384",
            headers={"kid": ehr.kid, "typ": "at+jwt"},
        ),
    }
    reply = server.call("precert-order-sign", order_sign(KEYTRUDA), token=tokens[token])
    assert reply.status == 401
    assert reply.body == {"error": "unauthorized"}
    assert reply.headers.get("www-authenticate", "").startswith("Bearer")


def test_a_token_is_accepted_once(server: Server, ehr: Ehr) -> None:
    token = ehr.token(server.url("/cds-services/precert-order-sign"))
    assert server.call("precert-order-sign", order_sign(KEYTRUDA), token=token).status == 200
    assert server.call("precert-order-sign", order_sign(KEYTRUDA), token=token).status == 401  # replayed


def test_with_no_ehr_configured_every_call_is_a_401_but_discovery_answers(unconfigured: Server) -> None:
    assert http("GET", unconfigured.url("/cds-services")).status == 200
    assert unconfigured.call("precert-order-sign", order_sign(KEYTRUDA)).status == 401


def test_nothing_from_the_request_reaches_the_logs(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.call("precert-order-select", ORDER_SELECT)
    server.call("precert-order-sign", order_sign(KEYTRUDA), token="forged-token")
    # Every field a record carries, but the clock and process numbers: a timestamp like 1764428928.4
    # holds "89284" by chance, and that is not the encounter id leaking.
    machine = {"created", "msecs", "relativeCreated", "thread", "process", "taskName", "lineno"}
    fields = [{k: v for k, v in r.__dict__.items() if k not in machine} for r in caplog.records]
    logged = caplog.text + json.dumps(fields, default=str)
    for secret in ("1288992", "89284", "Practitioner/example", "Keytruda", "pembrolizumab", "smart-MedicationRequest"):
        assert secret not in logged
    assert "precert-order-select answered" in caplog.text


def test_an_order_is_read_from_r4_r5_and_contained_medications() -> None:
    request = read_request(order_sign(KEYTRUDA), "order-sign")
    resolver = Resolver(request, None)
    keytruda = read_order(KEYTRUDA, resolver, "here")
    assert (keytruda.codes, keytruda.question) == (("J9271",), "Injection, pembrolizumab, 1 mg J9271")
    r5 = {"resourceType": "MedicationRequest", "id": "r5", "medication": {"concept": {"text": "Ocrevus"}}}
    assert read_order(r5, resolver, "here").question == "Ocrevus"
    contained = {
        "resourceType": "MedicationRequest",
        "id": "m",
        "contained": [{"resourceType": "Medication", "id": "m1", "code": {"coding": [{"code": "j2350"}]}}],
        "medicationReference": {"reference": "#m1"},
    }
    assert read_order(contained, resolver, "here").question == "J2350"
    branded = medication_request("b", [], text="infliximab 100 MG Injection [Remicade]")
    assert read_order(branded, resolver, "here").brands == ("Remicade",)
    assert read_order({"resourceType": "MedicationRequest", "id": "x"}, resolver, "here").question == ""


def test_answers_are_remembered_per_edition_of_the_documents(engine) -> None:
    from bot.ehr.auth import EhrVerifier
    from bot.ehr.cds_hooks import CdsHooks
    from knowledge.kb import load

    cds = CdsHooks(engine.__class__(kb=engine.kb), EhrVerifier(None, None))
    first = cds.answer("Keytruda")
    assert cds.answer("keytruda ") is first  # the same medication text: answered once
    cds.engine.swap(load())  # a reload
    assert cds.answer("Keytruda") is not first


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
# Request bodies near the real shape, with any value anywhere: where the service must not crash.
SHAPED = st.fixed_dictionaries(
    {
        "hook": st.sampled_from(["order-sign", "order-select"]),
        "context": st.fixed_dictionaries(
            {
                "selections": JSON | st.lists(st.sampled_from(["MedicationRequest/a", "MedicationRequest/b"])),
                "draftOrders": JSON
                | st.fixed_dictionaries(
                    {
                        "entry": JSON
                        | st.lists(
                            st.fixed_dictionaries(
                                {
                                    "resource": JSON
                                    | st.fixed_dictionaries(
                                        {
                                            "resourceType": st.just("MedicationRequest"),
                                            "id": st.sampled_from(["a", "b"]) | JSON,
                                            "medicationCodeableConcept": JSON
                                            | st.fixed_dictionaries({"coding": JSON, "text": JSON}),
                                            "medicationReference": JSON,
                                            "contained": JSON,
                                            "medication": JSON,
                                        }
                                    )
                                }
                            ),
                            max_size=3,
                        )
                    }
                ),
            }
        ),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=JSON | SHAPED)
def test_any_body_gets_cards_or_a_4xx_never_a_crash(engine, body: Any) -> None:
    from bot.ehr.auth import EhrVerifier
    from bot.ehr.cds_hooks import SERVICES, CdsHooks
    from bot.ehr.json_http import BadRequest

    cds = CdsHooks(engine, EhrVerifier(None, None))
    for service in SERVICES:
        try:
            found = cds.cards_for(service, body)
        except BadRequest as problem:
            assert problem.status in (400, 412)
        else:
            assert isinstance(found, list)


def test_a_browser_may_ask_before_it_calls(server: Server) -> None:
    preflight = http("OPTIONS", server.url("/cds-services/precert-order-sign"))
    assert preflight.status == 204
    assert "Authorization" in preflight.headers["access-control-allow-headers"]
    assert http("GET", server.url("/cds-services")).headers["access-control-allow-origin"] == "*"
