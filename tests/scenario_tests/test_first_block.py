"""The first thing Slack shows of an answer is the verdict, in bold, with the number to call — however
the question was asked: a mention, a direct message or /precert."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import payloads
from tests.support.blockkit import assert_valid_message, first_section
from tests.support.bot_server import RunningBot
from tests.support.fake_slack import FakeSlack

ASKED = [
    ("does Keytruda need eviCore precert?", "*Yes — Keytruda: precert through eviCore, call 1.866.668.9250"),
    # (a permission question: the documents say it needs prior authorization first, never a bare yes)
    ("is home infusion allowed for Ocrevus?", "*Not without prior authorization — Ocrevus: precert through Cigna"),
    ("Humira?", "*I couldn't find “humira” in the loaded documents."),  # not found: still a number to call
]


def answer_blocks(bot: RunningBot, fake_slack: FakeSlack, how: str, question: str) -> list[dict[str, Any]]:
    if how == "mention":
        bot.slack.event(payloads.app_mention(question))
        (post,) = fake_slack.wait_for("chat.postMessage")
        return post.body["blocks"]
    if how == "dm":
        bot.slack.event(payloads.direct_message(question))
        (post,) = fake_slack.wait_for("chat.postMessage")
        return post.body["blocks"]
    bot.slack.command(payloads.slash_command(question, response_url=fake_slack.response_url("cmd")))
    (reply,) = fake_slack.wait_for("response_url")
    return reply.body["blocks"]


@pytest.mark.parametrize("how", ["mention", "dm", "slash"])
@pytest.mark.parametrize(("question", "verdict"), ASKED)
def test_the_first_block_is_the_bold_verdict_and_the_number(
    bot: RunningBot, fake_slack: FakeSlack, how: str, question: str, verdict: str
) -> None:
    blocks = answer_blocks(bot, fake_slack, how, question)

    assert_valid_message(blocks)
    first = first_section(blocks)
    assert first.startswith(verdict)
    phones = ["1.866.668.9250", "1.800.88Cigna (882.4462)"]
    assert any(p in first for p in phones)  # the number to call, in the same block
    assert "KEYTRUDA" not in payloads.texts(blocks)  # the verbatim lines wait behind "Show sources"
