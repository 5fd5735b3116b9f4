"""@precert in a channel: answered in the thread of the mention, follow-ups in that thread keep context."""

from __future__ import annotations

import logging

import pytest

from bot.runtime.state.base import is_starting
from intents.context import Context, MemoryContextStore
from intents.engine import Engine
from knowledge.kb import KnowledgeBase
from render.slack_blocks import escape
from tests.conftest import TODAY
from tests.support import payloads
from tests.support.bot_server import BOT_TOKEN, RunningBot, running_bot, settings_for
from tests.support.fake_slack import FakeSlack

KEYTRUDA = "does keytruda need evicore precert?"


def test_a_mention_is_answered_in_its_thread_with_the_cited_line(
    bot: RunningBot, fake_slack: FakeSlack, engine: Engine
) -> None:
    expected = engine.ask(KEYTRUDA)
    assert expected.status == "answered" and [d.name for d in expected.drugs] == ["Keytruda"]
    assert "1.866.668.9250" in [c.phone for c in expected.contacts]

    event = payloads.app_mention(KEYTRUDA)
    response = bot.slack.event(event)

    assert response.status == 200
    (post,) = fake_slack.wait_for("chat.postMessage")
    assert post.token == BOT_TOKEN
    assert post.body["channel"] == "C0INFUSION"
    assert post.body["thread_ts"] == event["event"]["ts"]
    shown = payloads.texts(post.body["blocks"])
    assert "Keytruda" in shown and "1.866.668.9250" in shown
    assert "evicore-oncology-precert-2017-11.txt (November 2017) lines 33, 37, 44, 164" in shown  # compact refs
    assert "Keytruda" in post.body["text"]  # the notification text


def test_a_mention_inside_a_thread_is_answered_in_that_thread(bot: RunningBot, fake_slack: FakeSlack) -> None:
    root = payloads.fresh_ts()
    bot.slack.event(payloads.app_mention(KEYTRUDA, thread_ts=root))

    (post,) = fake_slack.wait_for("chat.postMessage")
    assert post.body["thread_ts"] == root


def test_a_follow_up_in_the_thread_uses_the_conversation(bot: RunningBot, fake_slack: FakeSlack) -> None:
    first = payloads.app_mention("is home infusion allowed for Ocrevus?")
    bot.slack.event(first)
    fake_slack.wait_for("chat.postMessage")

    bot.slack.event(payloads.app_mention("what about Tysabri?", thread_ts=first["event"]["ts"]))

    _, follow_up = fake_slack.wait_for("chat.postMessage", count=2)
    assert follow_up.body["thread_ts"] == first["event"]["ts"]
    shown = payloads.texts(follow_up.body["blocks"])
    assert "Tysabri" in shown and "home infusion" in shown.lower()


def test_the_same_question_in_another_thread_has_no_context(
    bot: RunningBot, fake_slack: FakeSlack, engine: Engine
) -> None:
    bot.slack.event(payloads.app_mention("is home infusion allowed for Ocrevus?"))
    fake_slack.wait_for("chat.postMessage")

    bot.slack.event(payloads.app_mention("what about Tysabri?"))  # a new thread

    _, other = fake_slack.wait_for("chat.postMessage", count=2)
    verdict = payloads.texts(other.body["blocks"][:1]).replace("*", "")
    assert verdict.startswith(escape(engine.ask("what about Tysabri?").headline))


def test_mentions_and_channel_pings_in_the_question_are_not_echoed_live(bot: RunningBot, fake_slack: FakeSlack) -> None:
    bot.slack.event(payloads.app_mention("<!channel> <!here> does <@U0OTHER> keytrudda & herceptin need precert?"))

    (post,) = fake_slack.wait_for("chat.postMessage")
    mrkdwn = [t for t in payloads.text_objects(post.body["blocks"]) if t["type"] == "mrkdwn"]
    for parsed in [post.body["text"], *(t["text"] for t in mrkdwn)]:
        assert "<!channel>" not in parsed and "<!here>" not in parsed and "<@U0OTHER>" not in parsed
    assert all(t["verbatim"] for t in mrkdwn)  # and no bare "@channel" is turned into a mention


def test_an_empty_mention_gets_the_help(bot: RunningBot, fake_slack: FakeSlack) -> None:
    bot.slack.event(payloads.app_mention(""))

    (post,) = fake_slack.wait_for("chat.postMessage")
    assert "What you can ask" in payloads.texts(post.body["blocks"])


def test_a_mention_by_another_bot_is_ignored(bot: RunningBot, fake_slack: FakeSlack) -> None:
    event = payloads.app_mention(KEYTRUDA, bot_id="B0REMINDER")

    assert bot.slack.event(event).status == 200
    bot.drain()
    assert fake_slack.calls("chat.postMessage") == []


def test_the_log_names_the_event_and_status_never_the_question(
    bot: RunningBot, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    event = payloads.app_mention("Jane Doe DOB 01/02/1960 is on keytruda, evicore precert?")

    bot.slack.event(event)
    fake_slack.wait_for("chat.postMessage")
    bot.drain()

    assert f"app_mention {event['event_id']} intent=evicore status=answered" in caplog.text
    assert "Jane" not in caplog.text and "1960" not in caplog.text


class _Reads(MemoryContextStore):
    """Which conversations were read, and whether the listener said its message starts them."""

    def __init__(self) -> None:
        super().__init__()
        self.reads: list[tuple[str, bool]] = []

    def get(self, conversation_id: str) -> Context | None:
        self.reads.append((conversation_id, is_starting(conversation_id)))
        return super().get(conversation_id)


def test_a_new_thread_is_not_looked_up_and_its_follow_ups_are(fake_slack: FakeSlack, kb: KnowledgeBase) -> None:
    contexts = _Reads()
    engine = Engine(kb=kb, today=TODAY, contexts=contexts)
    first = payloads.app_mention("is home infusion allowed for Ocrevus?")
    conversation = f"{first['team_id']}:C0INFUSION:{first['event']['ts']}"
    with running_bot(settings_for(fake_slack.api_url), engine) as running:
        running.slack.event(first)
        fake_slack.wait_for("chat.postMessage")
        running.slack.event(payloads.app_mention("what about Tysabri?", thread_ts=first["event"]["ts"]))
        fake_slack.wait_for("chat.postMessage", count=2)

    assert contexts.reads == [(conversation, True), (conversation, False)]
