"""A real waitress server with the CDS Hooks routes and the JSON API beside Slack's, and an EHR that
signs its calls the way CDS Hooks 2.0 asks (ES384 JWTs, its public key in a JWK set)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import SecretStr

from bot.ehr.auth import EhrVerifier
from bot.ehr.cds_hooks import CdsHooks, FetchFor
from bot.ehr.json_api import json_api_routes
from bot.runtime.state import MemoryDeduper
from intents.engine import Engine
from tests.support.bot_server import running_bot, settings_for
from tests.support.fake_slack import FakeSlack

ISSUER = "https://ehr.example.org"
KEY_ID = "ehr-key-1"
API_TOKEN = "api-token-for-tests-only"


@dataclass
class Ehr:
    """Signs CDS Hooks calls as an EHR does."""

    key: Any = field(default_factory=lambda: ec.generate_private_key(ec.SECP384R1()))
    kid: str = KEY_ID
    issuer: str = ISSUER

    def token(self, audience: str, **claims: Any) -> str:
        now = int(time.time())
        body = {"iss": self.issuer, "aud": audience, "exp": now + 300, "iat": now, "jti": str(uuid.uuid4())}
        body.update(claims)
        body = {k: v for k, v in body.items() if v is not None}
        return jwt.encode(body, self.key, algorithm="ES384", headers={"kid": self.kid, "typ": "JWT"})


def jwks_file(directory: Path, ehr: Ehr) -> Path:
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(ehr.key.public_key()))
    public |= {"kid": ehr.kid, "alg": "ES384", "use": "sig"}
    path = directory / "jwks.json"
    path.write_text(json.dumps({"keys": [public]}))
    return path


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: Any


def http(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Reply:
    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw, status, got = response.read(), response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        raw, status, got = error.read(), error.code, {k.lower(): v for k, v in error.headers.items()}
    try:
        parsed = json.loads(raw) if raw else None
    except json.JSONDecodeError:
        parsed = raw
    return Reply(status, got, parsed)


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT
    ehr: Ehr

    def url(self, path: str) -> str:
        return self.base + path

    def call(self, service: str, body: Any, token: str | None = "sign") -> Reply:
        url = self.url(f"/cds-services/{service}")
        headers = {"Content-Type": "application/json"}
        if token == "sign":
            token = self.ehr.token(url)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return http("POST", url, json.dumps(body).encode(), headers)

    def api(self, path: str, body: bytes, token: str | None = API_TOKEN, kind: str = "application/json") -> Reply:
        headers = {"Content-Type": kind}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return http("POST", self.url(path), body, headers)


def serve(
    engine: Engine, verifier: EhrVerifier, api_token: str | None, ehr: Ehr, fetch: FetchFor | None = None
) -> Iterator[Server]:
    routes = {
        **CdsHooks(engine, verifier, fetch).routes(),
        **json_api_routes(engine, SecretStr(api_token) if api_token else None),
    }
    with FakeSlack() as fake, running_bot(settings_for(fake.api_url), engine, extra_routes=routes) as bot:
        yield Server(bot.url.rsplit("/slack/events", 1)[0], ehr)


@pytest.fixture(scope="module")
def ehr() -> Ehr:
    return Ehr()


@pytest.fixture(scope="module")
def server(engine: Engine, ehr: Ehr, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    keys = jwks_file(tmp_path_factory.mktemp("ehr"), ehr)
    verifier = EhrVerifier(ISSUER, str(keys), first_use=MemoryDeduper().first_time)
    yield from serve(engine, verifier, API_TOKEN, ehr)


@pytest.fixture(scope="module")
def unconfigured(engine: Engine, ehr: Ehr) -> Iterator[Server]:
    """No EHR and no API token configured: the services refuse everything, the API is not there."""
    yield from serve(engine, EhrVerifier(None, None), None, ehr)
