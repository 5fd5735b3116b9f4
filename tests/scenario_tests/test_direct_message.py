"""A direct message to the bot: answered in the DM (in the thread when asked in one); bots, edits and
the bot's own posts are not questions."""

from __future__ import annotations

from intents.engine import MAX_QUESTION_CHARS
from tests.support import payloads
from tests.support.bot_server import RunningBot
from tests.support.fake_slack import FakeSlack


def test_a_direct_message_is_answered_in_the_dm(bot: RunningBot, fake_slack: FakeSlack) -> None:
    event = payloads.direct_message("is home infusion allowed for Ocrevus?")

    assert bot.slack.event(event).status == 200

    (post,) = fake_slack.wait_for("chat.postMessage")
    assert post.body["channel"] == "D0NURSE"
    assert "thread_ts" not in post.body
    assert "Ocrevus" in payloads.texts(post.body["blocks"])


def test_a_direct_message_in_a_thread_is_answered_in_the_thread(bot: RunningBot, fake_slack: FakeSlack) -> None:
    root = payloads.fresh_ts()
    bot.slack.event(payloads.direct_message("evicore hours?", thread_ts=root))

    (post,) = fake_slack.wait_for("chat.postMessage")
    assert post.body["thread_ts"] == root
    assert "7:00 a.m." in payloads.texts(post.body["blocks"])


def test_a_follow_up_in_the_dm_uses_the_conversation(bot: RunningBot, fake_slack: FakeSlack) -> None:
    bot.slack.event(payloads.direct_message("is Zolgensma on the gene therapy list?"))
    fake_slack.wait_for("chat.postMessage")

    bot.slack.event(payloads.direct_message("and the fax?"))

    _, follow_up = fake_slack.wait_for("chat.postMessage", count=2)
    assert "833.910.1625" in payloads.texts(follow_up.body["blocks"])


def test_the_bots_own_message_is_ignored(bot: RunningBot, fake_slack: FakeSlack) -> None:
    assert bot.slack.event(payloads.message_from_this_bot()).status == 200
    bot.drain()
    assert fake_slack.calls("chat.postMessage") == []


def test_another_bots_message_and_an_edit_are_ignored(bot: RunningBot, fake_slack: FakeSlack) -> None:
    assert bot.slack.event(payloads.message_from_another_bot()).status == 200
    assert bot.slack.event(payloads.edited_message()).status == 200
    bot.drain()
    assert fake_slack.calls("chat.postMessage") == []


def test_a_60_kb_message_gets_a_polite_note_and_an_answer(bot: RunningBot, fake_slack: FakeSlack) -> None:
    pasted = "does keytruda need evicore precert? " + "patient notes " * 4300
    assert len(pasted.encode()) > 60_000

    assert bot.slack.event(payloads.direct_message(pasted)).status == 200

    (post,) = fake_slack.wait_for("chat.postMessage")
    shown = payloads.texts(post.body["blocks"])
    assert f"I read only its first {MAX_QUESTION_CHARS:,}" in shown
    assert "Keytruda" in shown
    assert "patient notes patient notes" not in post.raw.decode()  # the paste is not echoed back
