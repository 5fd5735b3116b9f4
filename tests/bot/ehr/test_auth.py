"""EhrVerifier on its own, with a WSGI environ as the server hands it: the JWT's audience is this
server's public URL when CDS_HOOKS_BASE_URL is set, never the Host header the caller chose."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from pydantic import SecretStr

from bot.ehr import auth as ehr_auth
from bot.ehr.auth import (
    EhrVerifier,
    IntegrationSettings,
    Refused,
    bearer,
    request_url,
    token_matches,
    unauthorized,
)
from bot.runtime.state import MemoryDeduper
from tests.bot.ehr.conftest import ISSUER, Ehr, jwks_file

BASE_URL = "https://precert.example.org"
PATH = "/cds-services/precert-order-sign"
# Behind a proxy the request reaches the bot under an internal name; a caller can send any Host.
INTERNAL_HOST = "precert-bot.internal:8080"


def environ(token: str, host: str = INTERNAL_HOST, **extra: Any) -> dict[str, Any]:
    return {
        "HTTP_AUTHORIZATION": f"Bearer {token}",
        "HTTP_HOST": host,
        "PATH_INFO": PATH,
        "wsgi.url_scheme": "http",
        **extra,
    }


@pytest.fixture(scope="module")
def ehr() -> Ehr:
    return Ehr()


@pytest.fixture(scope="module")
def keys(ehr: Ehr, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return jwks_file(tmp_path_factory.mktemp("ehr-keys"), ehr)


@pytest.mark.parametrize("base_url", [BASE_URL, BASE_URL + "/"])
def test_with_a_base_url_a_token_for_the_base_url_is_accepted(ehr: Ehr, keys: Path, base_url: str) -> None:
    verifier = EhrVerifier(ISSUER, str(keys), base_url=base_url)
    claims = verifier.verify(environ(ehr.token(BASE_URL + PATH)))
    assert claims["aud"] == BASE_URL + PATH and claims["iss"] == ISSUER


@pytest.mark.parametrize(
    ("host", "forwarded"),
    [
        (INTERNAL_HOST, None),  # the URL the request came to
        ("attacker.example.org", None),  # a Host header the caller chose
        ("precert.example.org", "https"),  # the right name, but not from the configured URL
    ],
)
def test_with_a_base_url_a_token_for_the_host_headers_url_is_refused(
    ehr: Ehr, keys: Path, host: str, forwarded: str | None
) -> None:
    verifier = EhrVerifier(ISSUER, str(keys), base_url=BASE_URL + "/api")
    extra = {"HTTP_X_FORWARDED_PROTO": forwarded} if forwarded else {}
    scheme = forwarded or "http"
    with pytest.raises(Refused, match="InvalidAudienceError"):
        verifier.verify(environ(ehr.token(f"{scheme}://{host}{PATH}"), host=host, **extra))
    # and the same call, signed for the configured URL, is accepted
    assert verifier.verify(environ(ehr.token(BASE_URL + "/api" + PATH), host=host, **extra))["jti"]


def test_without_a_base_url_the_audience_is_the_url_the_request_came_to(ehr: Ehr, keys: Path) -> None:
    verifier = EhrVerifier(ISSUER, str(keys))
    assert verifier.verify(environ(ehr.token(f"http://{INTERNAL_HOST}{PATH}")))["iss"] == ISSUER
    with pytest.raises(Refused, match="InvalidAudienceError"):
        verifier.verify(environ(ehr.token(BASE_URL + PATH)))


# -- the pieces, one by one (each mutmut survivor of bot/ehr_auth.py was one of these left unsaid)


@pytest.mark.parametrize(
    ("header", "token"),
    [
        (None, None),
        ("", None),
        ("Bearer abc.def", "abc.def"),
        ("bearer abc.def", "abc.def"),  # the scheme is case-insensitive
        ("Bearer   abc.def  ", "abc.def"),
        ("Bearer", None),
        ("Bearer ", None),
        ("Basic abc.def", None),
        ("abc.def", None),
    ],
)
def test_the_bearer_token_is_read_from_the_authorization_header(header: str | None, token: str | None) -> None:
    assert bearer({} if header is None else {"HTTP_AUTHORIZATION": header}) == token


@pytest.mark.parametrize(
    ("environ", "base_url", "url"),
    [
        ({"PATH_INFO": "/x", "HTTP_HOST": "h:1", "wsgi.url_scheme": "http"}, None, "http://h:1/x"),
        ({"PATH_INFO": "/x", "HTTP_HOST": "h", "wsgi.url_scheme": "https"}, None, "https://h/x"),
        ({"PATH_INFO": "/x", "HTTP_HOST": "h", "HTTP_X_FORWARDED_PROTO": "https"}, None, "https://h/x"),
        ({"PATH_INFO": "/x", "HTTP_HOST": "h"}, None, "http://h/x"),  # no scheme said: http
        ({"PATH_INFO": "/x", "SERVER_NAME": "srv", "SERVER_PORT": "8080"}, None, "http://srv:8080/x"),
        ({"PATH_INFO": "/x"}, None, "http://localhost:/x"),
        ({}, None, "http://localhost:/"),
        ({"PATH_INFO": ""}, "https://b.example/api/", "https://b.example/api/"),
        ({"PATH_INFO": "/x", "HTTP_HOST": "h"}, "https://b.example/api/", "https://b.example/api/x"),
        ({"PATH_INFO": "/x", "HTTP_HOST": "h"}, "", "http://h/x"),  # an empty base URL is no base URL
    ],
)
def test_the_request_url_is_the_base_url_or_what_the_request_came_to(
    environ: dict[str, str], base_url: str | None, url: str
) -> None:
    assert request_url(environ, base_url) == url


def test_the_audience_may_carry_a_trailing_slash(ehr: Ehr, keys: Path) -> None:
    verifier = EhrVerifier(ISSUER, str(keys), base_url=BASE_URL)
    assert verifier.verify(environ(ehr.token(BASE_URL + PATH + "/")))["aud"] == BASE_URL + PATH + "/"


@pytest.mark.parametrize(("issuer", "configured"), [(None, True), (ISSUER, False), (None, False)])
def test_without_both_an_issuer_and_a_key_set_every_call_is_refused(
    ehr: Ehr, keys: Path, issuer: str | None, configured: bool
) -> None:
    verifier = EhrVerifier(issuer, str(keys) if configured else None)
    with pytest.raises(Refused, match=r"^no EHR is configured \(CDS_HOOKS_ISSUER, CDS_HOOKS_JWKS\)$"):
        verifier.verify(environ(ehr.token(f"http://{INTERNAL_HOST}{PATH}")))


def test_a_call_without_a_bearer_token_is_refused_saying_so(keys: Path) -> None:
    with pytest.raises(Refused, match=r"^no bearer token$"):
        EhrVerifier(ISSUER, str(keys)).verify({"PATH_INFO": PATH, "HTTP_HOST": INTERNAL_HOST})


def test_the_reasons_name_the_failure_and_never_the_token(ehr: Ehr, keys: Path) -> None:
    verifier = EhrVerifier(ISSUER, str(keys))
    url = f"http://{INTERNAL_HOST}{PATH}"
    unsigned = jwt.encode({"iss": ISSUER, "aud": url}, "k" * 32, algorithm="HS256")  # no kid at all
    with pytest.raises(Refused, match=r"^token: no kid in its header$"):
        verifier.verify(environ(unsigned))
    stranger = Ehr(kid="another-key")
    with pytest.raises(Refused, match=r"^no key in the configured key set has the token's kid$"):
        verifier.verify(environ(stranger.token(url)))
    with pytest.raises(Refused, match=r"^token: InvalidIssuerError$"):
        verifier.verify(environ(ehr.token(url, iss="https://other.example.org")))
    with pytest.raises(Refused, match=r"^token: MissingRequiredClaimError$"):
        verifier.verify(environ(ehr.token(url, jti=None)))
    with pytest.raises(Refused, match=r"^token: DecodeError$"):
        verifier.verify(environ("not-a-jwt"))


def test_a_token_living_longer_than_five_minutes_is_refused_at_the_boundary(
    ehr: Ehr, keys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    verifier = EhrVerifier(ISSUER, str(keys))
    url = f"http://{INTERNAL_HOST}{PATH}"
    now = int(time.time())
    monkeypatch.setattr(ehr_auth.time, "time", lambda: float(now))
    limit = now + ehr_auth.MAX_TOKEN_LIFETIME_SECONDS + ehr_auth.CLOCK_SKEW_SECONDS
    assert verifier.verify(environ(ehr.token(url, iat=now, exp=limit)))["exp"] == limit  # at the limit: accepted
    with pytest.raises(Refused, match=r"^token: expires more than 5 minutes from now$"):
        verifier.verify(environ(ehr.token(url, iat=now, exp=limit + 1)))


def test_each_token_is_accepted_once_by_its_issuer_and_jti(ehr: Ehr, keys: Path) -> None:
    seen: list[str] = []
    deduper = MemoryDeduper()

    def first_use(key: str) -> bool:
        seen.append(key)
        return deduper.first_time(key)

    verifier = EhrVerifier(ISSUER, str(keys), first_use=first_use)
    token = ehr.token(f"http://{INTERNAL_HOST}{PATH}", jti="jti-1")
    assert verifier.verify(environ(token))["jti"] == "jti-1"
    with pytest.raises(Refused, match=r"^token: jti already used$"):
        verifier.verify(environ(token))
    assert seen == [f"cds-hooks:jti:{ISSUER}:jti-1"] * 2


def test_the_settings_name_the_issuer_key_set_and_base_url(keys: Path) -> None:
    used = MemoryDeduper().first_time
    settings = IntegrationSettings(cds_hooks_issuer=ISSUER, cds_hooks_jwks=str(keys), cds_hooks_base_url=BASE_URL)
    verifier = EhrVerifier.from_settings(settings, used)
    assert (verifier.issuer, verifier.jwks, verifier.base_url) == (ISSUER, str(keys), BASE_URL)
    assert verifier.first_use is used
    assert EhrVerifier.from_settings(IntegrationSettings()).first_use is None


def test_a_key_set_url_is_fetched_once_and_kept(ehr: Ehr, keys: Path) -> None:
    """CDS_HOOKS_JWKS as a URL: the EHR's published key set, fetched over HTTP and cached."""
    body = keys.read_bytes()
    fetched: list[str] = []

    class KeySet(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fetched.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), KeySet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        verifier = EhrVerifier(ISSUER, f"http://127.0.0.1:{server.server_port}/jwks.json")
        url = f"http://{INTERNAL_HOST}{PATH}"
        for _ in range(3):
            assert verifier.verify(environ(ehr.token(url)))["iss"] == ISSUER
        with pytest.raises(Refused, match=r"^key set: PyJWKClientError$"):
            verifier.verify(environ(Ehr(kid="unknown-kid").token(url)))
    finally:
        server.shutdown()
        server.server_close()
    assert fetched[0] == "/jwks.json" and len(fetched) <= 2  # once, and once more for the unknown kid


def test_a_key_set_file_finds_the_tokens_key_among_several(ehr: Ehr, tmp_path: Path) -> None:
    other = Ehr(kid="ehr-key-0")
    first, second = (json.loads(jwks_file(tmp_path, e).read_text())["keys"][0] for e in (other, ehr))
    (tmp_path / "both.json").write_text(json.dumps({"keys": [first, second]}))
    verifier = EhrVerifier(ISSUER, str(tmp_path / "both.json"))
    url = f"http://{INTERNAL_HOST}{PATH}"
    assert verifier.verify(environ(ehr.token(url)))["iss"] == ISSUER
    assert verifier.verify(environ(other.token(url)))["iss"] == ISSUER


@pytest.mark.parametrize(
    ("expected", "header", "matches"),
    [
        (None, "Bearer secret", False),
        ("secret", None, False),
        ("secret", "Bearer wrong", False),
        ("secret", "Bearer secret", True),
    ],
)
def test_the_api_token_matches_only_itself(expected: str | None, header: str | None, matches: bool) -> None:
    env = {} if header is None else {"HTTP_AUTHORIZATION": header}
    assert token_matches(env, SecretStr(expected) if expected else None) is matches


def test_a_refusal_is_a_401_with_the_bearer_realm() -> None:
    said: list[tuple[str, list[tuple[str, str]]]] = []
    body = unauthorized(lambda status, headers: said.append((status, headers)), "precert")
    assert json.loads(b"".join(body)) == {"error": "unauthorized"}
    assert said == [
        (
            "401 Unauthorized",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(b"".join(body)))),
                ("WWW-Authenticate", 'Bearer realm="precert"'),
            ],
        )
    ]


@pytest.mark.parametrize("scheme", ["https", "http"])
def test_a_key_set_url_is_fetched_not_read_as_a_file(ehr: Ehr, scheme: str) -> None:
    # Nothing listens on port 9 here: the fetch fails, and says so, rather than a missing file at start.
    verifier = EhrVerifier(ISSUER, f"{scheme}://127.0.0.1:9/jwks.json")
    with pytest.raises(Refused, match=r"^key set: PyJWKClientConnectionError$"):
        verifier.verify(environ(ehr.token(f"http://{INTERNAL_HOST}{PATH}")))


# What fetching the EHR's key set may cost a call: PyJWKClient's timeout (5 s), and a little for the rest.
KEY_SET_WAIT_SECONDS = 5.5


def test_a_key_set_server_that_never_answers_costs_a_call_five_seconds_then_refuses_it(ehr: Ehr) -> None:
    """The EHR's key server takes the connection and never answers (a hung server behind a load
    balancer): the call is refused when the fetch times out, rather than held, with its server thread,
    for as long as the key server stays silent."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections wait in the backlog; nothing is ever read or written
        verifier = EhrVerifier(ISSUER, f"http://127.0.0.1:{silent.getsockname()[1]}/jwks.json")
        token = ehr.token(f"http://{INTERNAL_HOST}{PATH}")
        refused: list[tuple[str, float]] = []

        def call() -> None:
            started = time.monotonic()
            try:
                verifier.verify(environ(token))
            except Refused as reason:
                refused.append((str(reason), time.monotonic() - started))

        caller = threading.Thread(target=call, daemon=True)
        caller.start()
        caller.join(KEY_SET_WAIT_SECONDS)
        assert not caller.is_alive(), "the call was still waiting for the key set"
    assert [reason for reason, _ in refused] == ["key set: PyJWKClientConnectionError"]
    assert refused[0][1] >= 4.5  # the fetch waited for the key set (a refusal at once would be another fault)


def test_the_ehrs_clock_may_be_a_minute_ahead(ehr: Ehr, keys: Path) -> None:
    verifier = EhrVerifier(ISSUER, str(keys))
    url = f"http://{INTERNAL_HOST}{PATH}"
    now = int(time.time())
    # Expired 30 s ago by our clock, issued 30 s "from now": within CLOCK_SKEW_SECONDS, accepted.
    assert verifier.verify(environ(ehr.token(url, iat=now + 30, exp=now - 30)))["exp"] == now - 30
    with pytest.raises(Refused, match=r"^token: ExpiredSignatureError$"):
        verifier.verify(environ(ehr.token(url, iat=now - 300, exp=now - ehr_auth.CLOCK_SKEW_SECONDS - 30)))


def test_a_token_whose_typ_is_not_jwt_is_refused_saying_so(ehr: Ehr, keys: Path) -> None:
    url = f"http://{INTERNAL_HOST}{PATH}"
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": url, "exp": now + 300, "iat": now, "jti": "typ-1"}
    token = jwt.encode(claims, ehr.key, algorithm="ES384", headers={"kid": ehr.kid, "typ": "at+jwt"})
    with pytest.raises(Refused, match=r"^token: typ is not JWT$"):
        EhrVerifier(ISSUER, str(keys)).verify(environ(token))
