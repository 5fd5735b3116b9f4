"""The App Home tab: what the bot answers from (each document and its date), examples, and the
request not to post patient identifiers."""

from __future__ import annotations

from knowledge.kb import KnowledgeBase
from tests.support import payloads
from tests.support.bot_server import BOT_TOKEN, RunningBot
from tests.support.fake_slack import FakeSlack


def test_opening_home_publishes_the_documents_examples_and_privacy_notice(
    bot: RunningBot, fake_slack: FakeSlack, kb: KnowledgeBase
) -> None:
    assert bot.slack.event(payloads.home_opened(user="U0NURSE")).status == 200

    (publish,) = fake_slack.wait_for("views.publish")
    assert publish.token == BOT_TOKEN
    assert publish.body["user_id"] == "U0NURSE"
    view = publish.body["view"]
    assert view["type"] == "home"
    shown = payloads.texts(view["blocks"])
    for source in kb.sources.values():
        assert f"{source.title} — {source.date_note}" in shown
    assert "does Keytruda need eviCore precert?" in shown
    assert "patient names, member IDs, dates of birth" in shown


def test_the_messages_tab_publishes_nothing(bot: RunningBot, fake_slack: FakeSlack) -> None:
    assert bot.slack.event(payloads.home_opened(tab="messages")).status == 200
    bot.drain()
    assert fake_slack.calls("views.publish") == []
