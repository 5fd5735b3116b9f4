"""JSON log lines: one object per record, extra fields at the top level, exceptions without messages."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.runtime.logs import JsonFormatter, configure_json_logging


@pytest.fixture
def logger() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("precert_bot.test_logs")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        yield log, stream
    finally:
        log.removeHandler(handler)
        log.propagate = True


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_record_is_one_json_object_with_its_extra_fields(logger: tuple[logging.Logger, io.StringIO]) -> None:
    log, stream = logger
    log.info(
        "slack %s %s intent=%s", "app_mention", "Ev1", "drug_precert",
        extra={"event_id": "Ev1", "intent": "drug_precert", "status": "answered", "match": ["exact"], "ms": 3.2},
    )  # fmt: skip

    (entry,) = lines(stream)
    assert entry["message"] == "slack app_mention Ev1 intent=drug_precert"
    assert entry["level"] == "INFO" and entry["logger"] == "precert_bot.test_logs"
    assert entry["event_id"] == "Ev1" and entry["match"] == ["exact"] and entry["ms"] == 3.2
    assert entry["time"].endswith("+00:00")


def test_an_exception_is_its_type_and_frames_not_its_message(logger: tuple[logging.Logger, io.StringIO]) -> None:
    log, stream = logger
    try:
        raise KeyError("Jane Doe DOB 01/02/1960")
    except KeyError:
        log.exception("answer failed")

    (entry,) = lines(stream)
    assert entry["error"] == "KeyError"
    assert entry["stack"][-1].endswith("in test_an_exception_is_its_type_and_frames_not_its_message")
    assert "Jane" not in stream.getvalue()


def test_configure_replaces_the_root_handlers() -> None:
    root = logging.getLogger()
    saved, level = list(root.handlers), root.level
    stream = io.StringIO()
    try:
        configure_json_logging(stream=stream)
        logging.getLogger("waitress").info("Serving on http://127.0.0.1:3000")
        assert json.loads(stream.getvalue())["logger"] == "waitress"
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved:
            root.addHandler(handler)
        root.setLevel(level)
