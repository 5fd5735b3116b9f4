"""A pasted column of codes is answered one row per code, never cut inside a row: what doesn't fit is
counted, offered behind "Show all", and then posted whole."""

from __future__ import annotations

import re

from intents.engine import Engine
from render.slack_blocks import SHOW_ALL_ACTION, continued_items, escape
from tests.support import payloads
from tests.support.blockkit import assert_valid_message
from tests.support.bot_server import RunningBot
from tests.support.fake_slack import FakeSlack


def one_drug_codes(engine: Engine, n: int) -> list[str]:
    kb = engine.kb
    return [c for c, code in kb.codes.items() if not code.unclassified and len(kb.drugs_with_code(c)) == 1][:n]


def rows(text: str) -> list[str]:
    return [line for line in text.split("\n") if re.match(r"^[A-Z0-9]{5} \S", line)]


def test_thirty_codes_are_thirty_whole_rows(bot: RunningBot, fake_slack: FakeSlack, engine: Engine) -> None:
    codes = one_drug_codes(engine, 30)
    bot.slack.event(payloads.app_mention("\n".join(codes)))

    (post,) = fake_slack.wait_for("chat.postMessage")
    blocks = post.body["blocks"]
    assert_valid_message(blocks)
    shown = payloads.texts(blocks)
    assert shown.startswith("*30 codes:*")
    for code in codes:
        (row,) = [r for r in rows(shown) if r.startswith(code)]
        drug = engine.kb.drugs_with_code(code)[0].name
        assert drug in row and not row.endswith("…")
    assert "Not shown here" not in shown and SHOW_ALL_ACTION not in [b["action_id"] for b in payloads.buttons(blocks)]
    # Nor is the notification cut inside a row: whole lines of the answer, and how many more there are.
    whole = engine.ask("\n".join(codes)).text.split("\n")
    for line in post.body["text"].split("\n"):
        assert line in whole or re.fullmatch(r"… and \d+ more lines", line), line


def test_a_list_too_long_for_one_message_says_how_many_are_left_and_shows_all(
    bot: RunningBot, fake_slack: FakeSlack, engine: Engine
) -> None:
    codes = one_drug_codes(engine, 150)
    bot.slack.event(payloads.app_mention(" ".join(codes)))
    (post,) = fake_slack.wait_for("chat.postMessage")
    blocks = post.body["blocks"]
    assert_valid_message(blocks)
    shown = payloads.texts(blocks)
    first_rows = rows(shown)
    left = re.search(r"Not shown here, to fit in Slack: (\d+) items", shown)
    assert left and int(left[1]) > 0
    assert all(not r.endswith("…") for r in first_rows)

    (show_all,) = [b for b in payloads.buttons(blocks) if b["action_id"] == SHOW_ALL_ACTION]
    bot.slack.interaction(payloads.button_click(show_all, response_url=fake_slack.response_url("all"), ephemeral=False))

    fake_slack.wait_for("response_url", where=lambda c: c.path == "/response/all")
    expected = engine.ask(" ".join(codes))
    continuations = len(continued_items(expected, len(first_rows)))
    assert continuations >= 1
    _, *more = fake_slack.wait_for("chat.postMessage", count=1 + continuations)
    continued = [r for call in more for r in rows(payloads.texts(call.body["blocks"]))]
    for call in more:
        assert_valid_message(call.body["blocks"])
        assert call.body["thread_ts"]  # in the thread of the answer
    assert first_rows + continued == rows(escape(expected.headline))  # every row, once, whole, in order
