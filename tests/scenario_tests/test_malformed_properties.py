"""Beyond the listed cases (test_malformed_payloads.py): any one field of a signed event, a DM with a
shared schedule, a click, a view submission or a slash command set to any JSON value (null, a number,
a string with Slack markup, a list, an object) or removed is never a 5xx, never an ERROR in the log,
and never echoed back."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.scenario_tests.test_malformed_payloads import (
    MARKUP,
    SECRET_WORD,
    block_actions,
    command,
    mention,
    view_submission,
)
from tests.support import payloads
from tests.support.bot_server import RunningBot, running_bot, settings_for
from tests.support.fake_slack import FakeSlack

REMOVE = object()
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.just(MARKUP),
    st.text(max_size=20),
    st.lists(st.one_of(st.none(), st.integers(), st.just(MARKUP)), max_size=3),
    st.dictionaries(
        st.sampled_from(["id", "type", "text", "value"]), st.one_of(st.none(), st.just(MARKUP)), max_size=2
    ),
    st.just(REMOVE),
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a payload a value sits: keys of objects, indexes of lists."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        yield (*prefix, key)
        yield from paths(value, (*prefix, key))


def set_at(payload: Any, path: tuple[Any, ...], value: Any) -> None:
    node = payload
    for key in path[:-1]:
        node = node[key]
    if value is REMOVE:
        del node[path[-1]]
    else:
        node[path[-1]] = value


def shared_schedule(fake: FakeSlack) -> dict[str, Any]:
    return payloads.file_shared_in_dm([fake.share_file("chairs.csv", b"drug\nKeytruda\n" + MARKUP.encode())])


class Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.bad: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.levelno >= logging.ERROR or record.exc_info or SECRET_WORD in text:
            self.bad.append(f"{record.levelname} {text[:200]}")


@pytest.fixture(scope="module")
def served(kb: Any) -> Iterator[tuple[RunningBot, FakeSlack]]:
    from intents.engine import Engine

    with FakeSlack() as fake, running_bot(settings_for(fake.api_url), Engine(kb=kb)) as bot:
        yield bot, fake


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), kind=st.sampled_from(["event", "file", "action", "view", "command"]))
def test_any_field_of_any_kind_set_to_anything_is_never_a_5xx(
    served: tuple[RunningBot, FakeSlack], data: st.DataObject, kind: str
) -> None:
    bot, fake = served
    makers = {"event": mention, "file": shared_schedule, "action": block_actions, "view": view_submission}
    payload = makers.get(kind, command)(fake) if kind != "event" else mention()
    path = data.draw(st.sampled_from(list(paths(payload))))
    value = data.draw(
        VALUES if kind != "command" else st.one_of(st.just(REMOVE), st.just(MARKUP), st.text(max_size=20))
    )
    if path[-1] == "id" and "files" in path and isinstance(value, str) and value:
        value = None  # a file id Slack doesn't know: files.info refuses it, an error by design
    set_at(payload, path, value)
    if kind == "command":
        body, content_type = urlencode(payload).encode(), "application/x-www-form-urlencoded"
    elif kind in ("event", "file"):
        body, content_type = json.dumps(payload).encode(), "application/json"
    else:
        body, content_type = urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded"
    errors = Errors()
    root = logging.getLogger()
    root.addHandler(errors)
    try:
        response = bot.slack.post(body, content_type)
        bot.drain()
    finally:
        root.removeHandler(errors)
    assert response.status < 500, (path, value, response.status)
    said = response.body.decode("utf-8", "replace")
    assert SECRET_WORD not in said and "<!channel>" not in said, (path, said)
    assert not errors.bad, (path, value, errors.bad)
