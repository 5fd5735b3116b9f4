"""The JSON API over real HTTP: /v1/answer is the JSON contract, /v1/check one row per row; a bearer
token is required, and without PRECERT_API_TOKEN the routes are not there at all."""

from __future__ import annotations

import json

from intents.engine import Engine
from tests.bot.ehr.conftest import Server


def test_answer_is_the_json_contract(server: Server, engine: Engine) -> None:
    question = "does Keytruda need eviCore precert?"
    reply = server.api("/v1/answer", json.dumps({"question": question}).encode())
    assert reply.status == 200
    assert reply.body == engine.ask(question).contract()  # serialised in one step, the same contract
    assert reply.body["status"] == "answered" and reply.body["drugs"][0]["name"] == "Keytruda"
    assert reply.body["citations"][0]["line"] == 164


def test_check_takes_strings_objects_or_csv_and_keeps_every_row(server: Server) -> None:
    rows = ["Keytruda", "", "procardia", "foobarzine", "j-9271"]
    reply = server.api("/v1/check", json.dumps({"rows": rows}).encode())
    assert reply.status == 200
    assert [r["status"] for r in reply.body["rows"]] == [
        "auth-needed",
        "blank",
        "did-you-mean",
        "not-found",
        "auth-needed",
    ]
    assert reply.body["summary"]["rows"] == 5

    objects = [{"chair": "1", "medication": "Zolgensma"}, {"chair": "2", "medication": "Ocrevus"}]
    reply = server.api("/v1/check", json.dumps({"rows": objects}).encode())
    assert [(r["drug"], r["columns"]) for r in reply.body["rows"]] == [
        ("Zolgensma", {"chair": "1"}),
        ("Ocrevus", {"chair": "2"}),
    ]

    reply = server.api("/v1/check", b"Drug\tChair\nKeytruda\t1\n\n", kind="text/tab-separated-values")
    assert [r["status"] for r in reply.body["rows"]] == ["auth-needed", "blank"]


def test_bad_bodies_are_400s(server: Server) -> None:
    assert server.api("/v1/answer", b"{not json").status == 400
    deep = server.api("/v1/answer", b"[" * 200_000 + b"]" * 200_000)  # no RecursionError, no 500
    assert deep.status == 400 and "deeper" in deep.body["error"]
    assert server.api("/v1/answer", b'{"q": 1}').status == 400
    assert server.api("/v1/check", b'{"rows": [1, 2]}').status == 400


def test_a_wrong_or_missing_token_is_a_401(server: Server) -> None:
    body = json.dumps({"question": "J9271"}).encode()
    assert server.api("/v1/answer", body, token=None).status == 401
    assert server.api("/v1/answer", body, token="api-token-for-tests-onlx").status == 401
    assert server.api("/v1/check", b'{"rows": []}', token="").status == 401


def test_without_a_configured_token_the_api_is_not_there(unconfigured: Server) -> None:
    reply = unconfigured.api("/v1/answer", json.dumps({"question": "J9271"}).encode(), token="anything")
    assert reply.status == 404


def test_serve_mounts_cds_hooks_always_and_the_api_only_with_a_token(monkeypatch, engine) -> None:
    from bot.commands.serve import ehr_routes

    for name in ("CDS_HOOKS_ISSUER", "CDS_HOOKS_JWKS", "CDS_HOOKS_BASE_URL", "PRECERT_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    services = ["precert-order-select", "precert-order-sign", "precert-order-dispatch", "precert-appointment-book"]
    assert set(ehr_routes(engine)) == {
        "/cds-services",
        *(f"/cds-services/{s}" for s in services),
        *(f"/cds-services/{s}/feedback" for s in services),
    }
    monkeypatch.setenv("PRECERT_API_TOKEN", "t0ken")
    assert {"/v1/answer", "/v1/check"} <= set(ehr_routes(engine))
