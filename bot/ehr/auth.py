"""Who may call the services beside Slack's route: the EHR's signed JWT for CDS Hooks, a bearer token
for the JSON API. Both refuse by default: with nothing configured, every call is a 401.

CDS Hooks 2.0 (Trusting CDS Clients): the EHR signs a short-lived JWT (ES384 or RS384) whose `iss` is
the EHR, `aud` the URL of the service called, with `exp`, `iat` and `jti`; the service checks it
against the EHR's published key set (JWKS). PyJWT does the checking.
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger("precert_bot.ehr_auth")

# The algorithms CDS Hooks 2.0 requires services to accept; "none" and HMAC never verify here.
CDS_HOOKS_ALGORITHMS = ("ES384", "RS384")
REQUIRED_CLAIMS = ("iss", "aud", "exp", "iat", "jti")
CLOCK_SKEW_SECONDS = 60  # EHR and service clocks disagree a little
JWKS_CACHE_SECONDS = 300
# CDS Hooks: a token's exp "SHOULD NOT exceed 5 minutes" from issue. Refusing longer-lived ones keeps a
# replayed token inside the window the jti memory (bot/runtime/state/, 10 minutes) covers.
MAX_TOKEN_LIFETIME_SECONDS = 5 * 60


class IntegrationSettings(BaseSettings):
    """CDS_HOOKS_ISSUER and CDS_HOOKS_JWKS (an https URL, or a file holding the JWK set) turn the CDS
        Hooks services on for that EHR; CDS_HOOKS_BASE_URL is this server's public URL (the JWT's `aud` is
        checked against it; unset: the URL the request came to); CDS_HOOKS_FHIR_SERVERS the FHIR servers it
    may read. PRECERT_API_TOKEN turns the JSON API on."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore", env_ignore_empty=True)

    cds_hooks_issuer: str | None = None
    cds_hooks_jwks: str | None = None
    cds_hooks_base_url: str | None = None
    # The FHIR servers (base URLs, comma-separated) a call's fhirAuthorization may be used to read a
    # resource it only refers to; unset: none is ever read (the request or its prefetch must carry it).
    cds_hooks_fhir_servers: str | None = None
    precert_api_token: SecretStr | None = None


class Refused(Exception):
    """Why a call was refused, in words safe to log (never a claim's value or the token)."""


def bearer(environ: dict[str, Any]) -> str | None:
    value = environ.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = value.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def request_url(environ: dict[str, Any], base_url: str | None) -> str:
    """The URL this request was sent to, as the EHR named it in `aud`."""
    path = environ.get("PATH_INFO") or "/"
    if base_url:
        return base_url.rstrip("/") + path
    scheme = environ.get("HTTP_X_FORWARDED_PROTO") or environ.get("wsgi.url_scheme", "http")
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '')}"
    return f"{scheme}://{host}{path}"


class _FileKeys:
    """A JWK set read from a file once (a key set the EHR handed over rather than publishes)."""

    def __init__(self, path: str):
        self.keys = jwt.PyJWKSet.from_json(Path(path).read_text("utf-8"))

    def key_for(self, token: str) -> Any:
        kid = jwt.get_unverified_header(token).get("kid")
        for key in self.keys.keys:
            if key.key_id == kid:
                return key.key
        raise Refused("no key in the configured key set has the token's kid")


class _UrlKeys:
    def __init__(self, url: str):
        self.client = jwt.PyJWKClient(url, lifespan=JWKS_CACHE_SECONDS, timeout=5)

    def key_for(self, token: str) -> Any:
        return self.client.get_signing_key_from_jwt(token).key


@dataclass
class EhrVerifier:
    """Checks a CDS Hooks call's JWT against one configured EHR (issuer and key set)."""

    issuer: str | None
    jwks: str | None
    base_url: str | None = None
    # True the first time a key is seen (bot/runtime/state/'s Deduper protocol, shared by replicas through Redis):
    # a token's jti is accepted once.
    first_use: Callable[[str], bool] | None = None

    def __post_init__(self) -> None:
        self._keys: _FileKeys | _UrlKeys | None = None
        if self.jwks:
            remote = self.jwks.startswith(("https://", "http://"))
            self._keys = _UrlKeys(self.jwks) if remote else _FileKeys(self.jwks)

    @classmethod
    def from_settings(
        cls, settings: IntegrationSettings, first_use: Callable[[str], bool] | None = None
    ) -> EhrVerifier:
        return cls(settings.cds_hooks_issuer, settings.cds_hooks_jwks, settings.cds_hooks_base_url, first_use)

    def verify(self, environ: dict[str, Any]) -> dict[str, Any]:
        """The verified claims; Refused when the call must be refused."""
        if not self.issuer or self._keys is None:
            raise Refused("no EHR is configured (CDS_HOOKS_ISSUER, CDS_HOOKS_JWKS)")
        token = bearer(environ)
        if token is None:
            raise Refused("no bearer token")
        audience = request_url(environ, self.base_url)
        try:
            # CDS Hooks: `kid` is REQUIRED, and names the key (a token without one is not guessed a key);
            # `typ` is REQUIRED, fixed "JWT".
            header = jwt.get_unverified_header(token)
            if not header.get("kid"):
                raise Refused("token: no kid in its header")
            if header.get("typ") != "JWT":
                raise Refused("token: typ is not JWT")
            key = self._keys.key_for(token)
            claims = jwt.decode(
                token,
                key,
                algorithms=list(CDS_HOOKS_ALGORITHMS),
                audience=[audience, audience.rstrip("/") + "/"],
                issuer=self.issuer,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": list(REQUIRED_CLAIMS)},
            )
        except Refused:
            raise
        except jwt.PyJWKClientError as error:
            raise Refused(f"key set: {type(error).__name__}") from None
        except jwt.InvalidTokenError as error:
            raise Refused(f"token: {type(error).__name__}") from None
        if float(claims["exp"]) > time.time() + MAX_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS:
            raise Refused("token: expires more than 5 minutes from now")
        if self.first_use is not None and not self.first_use(f"cds-hooks:jti:{self.issuer}:{claims['jti']}"):
            raise Refused("token: jti already used")
        return claims


def token_matches(environ: dict[str, Any], expected: SecretStr | None) -> bool:
    """The JSON API's bearer token, compared in constant time; no token configured: nothing matches."""
    given = bearer(environ)
    if expected is None or given is None:
        return False
    return hmac.compare_digest(given.encode(), expected.get_secret_value().encode())


def unauthorized(start_response: Any, realm: str) -> list[bytes]:
    body = json.dumps({"error": "unauthorized"}).encode()
    start_response(
        "401 Unauthorized",
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("WWW-Authenticate", f'Bearer realm="{realm}"'),
        ],
    )
    return [body]
