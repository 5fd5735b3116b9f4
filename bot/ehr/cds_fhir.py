"""Reading a resource the request only refers to from the CDS client's FHIR server, with the call's
`fhirAuthorization` token (CDS Hooks: "retrieve any additional necessary data"), before answering 412.

Only servers listed in CDS_HOOKS_FHIR_SERVERS are ever read: a request names its fhirServer, and a
service that fetched any URL it was handed would let a caller point it anywhere. Only `Type/id`
references are read, with a short timeout and the same size and depth limits as a request body; any
failure is "not readable" (the caller answers 412), never an error of its own.
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request
from typing import Any

from bot.ehr.cds_orders import Fetch
from bot.ehr.cds_request import HookRequest
from bot.ehr.json_http import MAX_JSON_BODY, BadRequest, parse_json

log = logging.getLogger("precert_bot.cds_fhir")

READ_TIMEOUT_SECONDS = 2.0  # CDS Hooks services answer in about 500 ms; a slow read is a 412, not a hang
RELATIVE_REFERENCE = re.compile(r"^([A-Z][A-Za-z]{1,40})/([A-Za-z0-9\-.]{1,64})$")  # FHIR's Type/id


class FhirReader:
    """Reads single resources from the allowed FHIR servers."""

    def __init__(self, allowed_servers: tuple[str, ...], timeout: float = READ_TIMEOUT_SECONDS):
        self.allowed = {s.rstrip("/") for s in allowed_servers if s.strip()}
        self.timeout = timeout

    def for_request(self, request: HookRequest) -> Fetch | None:
        """A reader for this call's FHIR server, or None when it may not be read."""
        if request.fhir is None or request.fhir.server.rstrip("/") not in self.allowed:
            return None
        server, token = request.fhir.server.rstrip("/"), request.fhir.token

        def fetch(reference: str) -> dict[str, Any] | None:
            return self.read(server, token, reference)

        return fetch

    def read(self, server: str, token: str, reference: str) -> dict[str, Any] | None:
        matched = RELATIVE_REFERENCE.match(reference)
        if matched is None:
            return None
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/fhir+json"}
        request = urllib.request.Request(f"{server}/{reference}", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(MAX_JSON_BODY + 1)
            if len(body) > MAX_JSON_BODY:
                return None
            found = parse_json(body.decode("utf-8"))
        except (OSError, urllib.error.URLError, UnicodeDecodeError, BadRequest) as error:
            log.info("cds-hooks FHIR read failed: %s", type(error).__name__)
            return None
        kind, rid = matched.groups()
        if isinstance(found, dict) and found.get("resourceType") == kind and found.get("id") == rid:
            return found
        return None
