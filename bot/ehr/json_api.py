"""The JSON API for other systems, beside Slack's route; off unless PRECERT_API_TOKEN is set.

    POST /v1/answer   {"question": "..."}            -> the JSON contract (README), one answer
    POST /v1/check    {"rows": ["Keytruda", ...]}    -> {"summary": ..., "rows": [...]}, one per row
                      rows may also be objects ({"drug": ..., "chair": ...}: the drug column found by
                      header words, the rest passed through), or the body a CSV/TSV (text/csv)

Every call carries `Authorization: Bearer <PRECERT_API_TOKEN>`. Nothing of a question or a row is logged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import SecretStr

from bot.ehr.auth import token_matches, unauthorized
from bot.ehr.json_http import BadRequest, JsonText, read_body, read_json, respond
from intents.engine import Engine
from schedule_check.checker import Checker, read_schedule, summarize
from schedule_check.tabular import decode, table_from_records

log = logging.getLogger("precert_bot.json_api")

ANSWER_PATH = "/v1/answer"
CHECK_PATH = "/v1/check"
MAX_CHECK_ROWS = 20_000  # a month of chair schedules; larger files go through `precert-bot check`


def json_api_routes(engine: Engine, token: SecretStr | None) -> dict[str, Callable[..., Iterable[bytes]]]:
    """The routes, or none when no token is configured (the API is off)."""
    if token is None:
        return {}

    def guarded(name: str, handle: Callable[[dict[str, Any]], Any]) -> Callable[..., Iterable[bytes]]:
        def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            if environ.get("REQUEST_METHOD") != "POST":
                return respond(start_response, 405, {"error": "POST a JSON body"})
            if not token_matches(environ, token):
                log.info("api %s refused: no valid bearer token", name)
                return unauthorized(start_response, "precert-bot")
            started = time.perf_counter()
            try:
                body = handle(environ)
            except BadRequest as problem:
                return respond(start_response, problem.status, {"error": str(problem)})
            log.info("api %s answered", name, extra={"ms": round((time.perf_counter() - started) * 1000, 2)})
            return respond(start_response, 200, body)

        return application

    def answer(environ: dict[str, Any]) -> Any:
        body = read_json(environ)
        question = body.get("question") if isinstance(body, dict) else None
        if not isinstance(question, str):
            raise BadRequest(400, 'expected {"question": "..."}')
        return JsonText(engine.ask(question).contract_json())

    def check(environ: dict[str, Any]) -> Any:
        kind = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        if kind in ("text/csv", "text/tab-separated-values", "text/plain"):
            table = read_schedule(engine, decode(read_body(environ)), "rows.tsv" if "tab" in kind else None)
        else:
            body = read_json(environ)
            rows = body.get("rows") if isinstance(body, dict) else None
            if not isinstance(rows, list) or not all(isinstance(r, (str, dict)) for r in rows):
                raise BadRequest(400, 'expected {"rows": ["drug or code", ...]} or rows as objects')
            table = table_from_records(rows)
        if len(table.rows) > MAX_CHECK_ROWS:
            raise BadRequest(413, f"at most {MAX_CHECK_ROWS} rows per call")
        checked = list(Checker(engine).check_table(table))
        summary = summarize(checked)
        return {
            "summary": {**summary.model_dump(mode="json"), "text": summary.text},
            "rows": [r.model_dump(mode="json") for r in checked],
        }

    return {ANSWER_PATH: guarded("answer", answer), CHECK_PATH: guarded("check", check)}
