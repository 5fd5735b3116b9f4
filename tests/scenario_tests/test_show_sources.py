""" "Show sources": the answer comes back in place with every line it rests on, verbatim (the documents'
Markdown removed for display) — for a mention, a direct message and a private /precert answer."""

from __future__ import annotations

from typing import Any

import pytest

from intents.engine import Engine
from intents.text import clean_markup
from render.slack_blocks import SHARE_ACTION, SHOW_SOURCES_ACTION, escape
from tests.support import payloads
from tests.support.blockkit import assert_valid_message, first_section
from tests.support.bot_server import RunningBot
from tests.support.fake_slack import FakeSlack

ZOLGENSMA = "who do I call for Zolgensma PA?"


def ask(bot: RunningBot, fake_slack: FakeSlack, how: str, question: str) -> list[dict[str, Any]]:
    if how == "mention":
        bot.slack.event(payloads.app_mention(question))
    elif how == "dm":
        bot.slack.event(payloads.direct_message(question))
    else:
        bot.slack.command(payloads.slash_command(question, response_url=fake_slack.response_url("cmd")))
        (reply,) = fake_slack.wait_for("response_url")
        return reply.body["blocks"]
    (post,) = fake_slack.wait_for("chat.postMessage")
    return post.body["blocks"]


@pytest.mark.parametrize("how", ["mention", "dm", "slash"])
def test_show_sources_reveals_the_verbatim_lines_in_place(
    bot: RunningBot, fake_slack: FakeSlack, engine: Engine, how: str
) -> None:
    expected = engine.ask(ZOLGENSMA)
    blocks = ask(bot, fake_slack, how, ZOLGENSMA)
    before = payloads.texts(blocks)
    assert "855.678.0051" in first_section(blocks)
    assert "onasemnogene" not in before  # the row itself is behind the button

    (button,) = [b for b in payloads.buttons(blocks) if b["action_id"] == SHOW_SOURCES_ACTION]
    click = payloads.button_click(button, response_url=fake_slack.response_url("reveal"), ephemeral=how == "slash")
    assert bot.slack.interaction(click).status == 200

    (revealed,) = fake_slack.wait_for("response_url", where=lambda c: c.path == "/response/reveal")
    assert revealed.body["replace_original"] is True  # the same message, now with its sources
    shown = payloads.texts(revealed.body["blocks"])
    for c in expected.citations:
        assert f"line {c.line}: “{escape(clean_markup(c.text))}”" in shown
    assert "Zolgensma® (onasemnogene abeparvovec-xioi)²\tJ3399" in shown  # '[®]' read as ®
    assert "**" not in shown  # '**855.678.0051**' shown as the number
    assert_valid_message(revealed.body["blocks"])
    actions = [b["action_id"] for b in payloads.buttons(revealed.body["blocks"])]
    assert SHOW_SOURCES_ACTION not in actions
    assert (SHARE_ACTION in actions) == (how == "slash")  # a private answer can still be shared


def test_the_json_citation_keeps_the_line_verbatim(engine: Engine) -> None:
    cited = {c.line: c.text for c in engine.ask(ZOLGENSMA).citations}
    assert any("**855.678.0051**" in text for text in cited.values())
    assert any("Zolgensma[®]" in text for text in cited.values())
