"""Schedules and the EHR: `check` throughput on a 10,000-row chair schedule, and CDS Hooks latency.

check: a CSV of the kind a scheduler exports — drug names in every spelling the documents print,
codes written j9271 / J-9271 / "J 9271", typos, look-alikes, unknown drugs and blank lines — read,
checked and written back as CSV in process (rows/s), and through `precert-bot check --csv` as a
process of its own (wall clock, start-up included).

CDS Hooks: `precert-bot serve --http` in a process of its own, configured with an EHR's key set;
signed order-sign requests (one to three draft MedicationRequests each, shaped like the specification's
example) timed from the request to the cards, over loopback.
"""

from __future__ import annotations

import http.client
import json
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from bench.questions import REPO_ROOT
from bench.slack_fake import FakeWebApi
from bench.slack_path import serving
from bench.timing import summarize_ms
from intents.engine import Engine
from schedule_check.checker import Checker, read_schedule, summarize

SEED = 15
ISSUER = "https://ehr.bench.example"
HCPCS = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
UNKNOWN = ("foobarzine", "Aspirin 81 mg", "saline flush", "Injectafer", "x")
LOOKALIKES = ("procardia", "ocrevis", "keytrooda", "remicaid", "zolgensmah")
WARMUP_REQUESTS = 10


def _code_spellings(code: str) -> list[str]:
    if not code[:1].isalpha():  # a CPT code (90378) has one spelling
        return [code]
    return [code, code.lower(), f"{code[0]}-{code[1:]}", f"{code[0]} {code[1:]}"]


def schedule_rows(engine: Engine, rows: int) -> list[tuple[str, str, str]]:
    """(chair time, drug cell, code cell) rows, reproducibly mixed."""
    rng = random.Random(SEED)
    drugs = sorted(engine.kb.drugs.values(), key=lambda d: d.id)
    out = []
    for i in range(rows):
        kind = rng.random()
        drug = rng.choice(drugs)
        name, code = "", ""
        if kind < 0.45:
            name = rng.choice([drug.name, *drug.aliases])
        elif kind < 0.75 and drug.codes:
            code = rng.choice(_code_spellings(rng.choice(drug.codes)))
        elif kind < 0.85:
            name, code = drug.name, drug.codes[0] if drug.codes else ""
        elif kind < 0.92:
            name = rng.choice(LOOKALIKES)
        elif kind < 0.97:
            name = rng.choice(UNKNOWN)
        out.append((f"{7 + i % 10}:{i % 60:02d}", name, code))
    return out


def schedule_csv(engine: Engine, rows: int) -> str:
    lines = ["Time,Drug,HCPCS"]
    for time_, name, code in schedule_rows(engine, rows):
        lines.append(f'{time_},"{name}",{code}' if name or code else "")
    return "\n".join(lines) + "\n"


def measure_check(rows: int) -> dict[str, Any]:
    from render.schedule_tables import to_csv

    engine = Engine()
    text = schedule_csv(engine, rows)
    started = time.perf_counter()
    table = read_schedule(engine, text)
    checked = list(Checker(engine).check_table(table))
    to_csv(checked)
    seconds = time.perf_counter() - started
    summary = summarize(checked)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write(text)
        path = f.name
    try:
        cli_started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "bot", "check", "--csv", path], cwd=REPO_ROOT, capture_output=True, check=True
        )
        cli_seconds = time.perf_counter() - cli_started
    finally:
        Path(path).unlink()
    cli_rows = done.stdout.decode().count("\n") - 1
    return {
        "rows": rows,
        "rows_out": len(checked),
        "distinct_cells": len({" ".join(table.drug_text(r).split()).lower() for r in table.rows}),
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "cli_seconds": cli_seconds,
        "cli_rows_out": cli_rows,
        "statuses": summary.statuses,
    }


def _medication_request(rid: str, name: str, code: str | None) -> dict[str, Any]:
    coding = [{"system": HCPCS, "code": code, "display": name}] if code else []
    concept: dict[str, Any] = {"coding": coding, "text": name} if name else {"coding": coding}
    return {
        "resourceType": "MedicationRequest",
        "id": rid,
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": concept,
        "subject": {"reference": "Patient/1288992"},
    }


COVERAGE = {
    "resourceType": "Bundle",
    "type": "searchset",
    "entry": [
        {
            "resource": {
                "resourceType": "Coverage",
                "id": "cov-1",
                "status": "active",
                "beneficiary": {"reference": "Patient/1288992"},
                "payor": [{"reference": "Organization/cigna", "display": "Cigna Healthcare"}],
            }
        }
    ],
}


def order_sign_bodies(engine: Engine, count: int) -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    drugs = sorted(engine.kb.drugs.values(), key=lambda d: d.id)
    bodies = []
    for n in range(count):
        orders = []
        for k in range(rng.randint(1, 3)):
            drug = rng.choice(drugs)
            name = drug.name if rng.random() < 0.7 else rng.choice(LOOKALIKES + UNKNOWN)
            code = drug.codes[0] if drug.codes and rng.random() < 0.5 else None
            orders.append(_medication_request(f"mr-{n}-{k}", name, code))
        bodies.append(
            {
                "hookInstance": str(uuid.uuid4()),
                "fhirServer": "http://hooks.smarthealthit.org:9080",
                "hook": "order-sign",
                "context": {
                    "userId": "Practitioner/example",
                    "patientId": "1288992",
                    "encounterId": "89284",
                    "draftOrders": {"resourceType": "Bundle", "entry": [{"resource": r} for r in orders]},
                },
                # The patient's Cigna Coverage, so each order also gets its CRD coverage-information.
                "prefetch": {"coverage": COVERAGE},
            }
        )
    return bodies


def measure_cds_hooks(requests: int) -> dict[str, Any]:
    key = ec.generate_private_key(ec.SECP384R1())
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key())) | {"kid": "bench", "alg": "ES384"}
    bodies = [json.dumps(b).encode() for b in order_sign_bodies(Engine(), requests + WARMUP_REQUESTS)]
    samples: list[float] = []
    cards = actions = 0
    with tempfile.TemporaryDirectory() as directory:
        jwks = Path(directory) / "jwks.json"
        jwks.write_text(json.dumps({"keys": [public]}))
        env = {"CDS_HOOKS_ISSUER": ISSUER, "CDS_HOOKS_JWKS": str(jwks)}
        with (
            FakeWebApi() as api,
            serving("precert-bot serve --http", ["bot", "serve", "--http"], api.api_url, env) as s,
        ):
            path = "/cds-services/precert-order-sign"
            audience = f"http://127.0.0.1:{s.port}{path}"
            for n, body in enumerate(bodies):
                now = int(time.time())
                claims = {"iss": ISSUER, "aud": audience, "iat": now, "exp": now + 60, "jti": str(uuid.uuid4())}
                token = jwt.encode(claims, key, algorithm="ES384", headers={"kid": "bench"})
                headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
                connection = http.client.HTTPConnection("127.0.0.1", s.port, timeout=10)
                try:
                    started = time.perf_counter()
                    connection.request("POST", path, body=body, headers=headers)
                    response = connection.getresponse()
                    data = response.read()
                    elapsed = time.perf_counter() - started
                finally:
                    connection.close()
                if response.status != 200:
                    raise RuntimeError(f"{path} answered {response.status}")
                if n >= WARMUP_REQUESTS:
                    samples.append(elapsed)
                    answered = json.loads(data)
                    cards += len(answered["cards"])
                    actions += len(answered.get("systemActions", []))
    return {"requests": requests, "cards": cards, "system_actions": actions, **summarize_ms(samples)}


def measure_schedules(rows: int, requests: int) -> dict[str, Any]:
    return {"check": measure_check(rows), "cds_hooks": measure_cds_hooks(requests)}


if __name__ == "__main__":
    print(json.dumps(measure_schedules(10_000, 200), indent=2))
