"""EhrVerifier on its own, with a WSGI environ as the server hands it: the JWT's audience is this
server's public URL when CDS_HOOKS_BASE_URL is set, never the Host header the caller chose."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.ehr.auth import EhrVerifier, Refused
from tests.ehr.conftest import ISSUER, Ehr, jwks_file

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
