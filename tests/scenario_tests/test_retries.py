"""Slack resends an event it thinks failed; the bot answers each event once. Web API faults the fake
scripts (429 with Retry-After, 500) are retried by the client."""

from __future__ import annotations

from tests.support import payloads
from tests.support.bot_server import RunningBot
from tests.support.fake_slack import FakeSlack, Reply


def test_a_retried_event_is_answered_once(bot: RunningBot, fake_slack: FakeSlack) -> None:
    event = payloads.app_mention("does keytruda need evicore precert?")
    assert bot.slack.event(event).status == 200
    fake_slack.wait_for("chat.postMessage")

    for attempt in (1, 2):
        assert bot.slack.event(event, retry_num=attempt).status == 200

    bot.drain()
    assert len(fake_slack.calls("chat.postMessage")) == 1


def test_a_retry_arriving_before_the_answer_is_posted_is_still_answered_once(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    event = payloads.direct_message("evicore hours?")
    assert bot.slack.event(event).status == 200
    assert bot.slack.event(event, retry_num=1).status == 200

    bot.drain()
    assert len(fake_slack.calls("chat.postMessage")) == 1


def test_a_dm_that_also_mentions_the_bot_is_answered_once(bot: RunningBot, fake_slack: FakeSlack) -> None:
    # Slack sends the same message as message.im and app_mention, under different event ids.
    dm = payloads.direct_message("<@U0PRECERT> evicore hours?")
    mention = payloads.app_mention("evicore hours?", channel="D0NURSE", ts=dm["event"]["ts"])
    bot.slack.event(dm)
    bot.slack.event(mention)

    bot.drain()
    assert len(fake_slack.calls("chat.postMessage")) == 1


def test_rate_limited_and_failed_posts_are_retried(bot: RunningBot, fake_slack: FakeSlack) -> None:
    fake_slack.script(
        "chat.postMessage",
        Reply(429, {"Retry-After": "0"}, {"ok": False, "error": "ratelimited"}),
        Reply(500, {}, "upstream error"),
    )

    bot.slack.event(payloads.app_mention("evicore hours?"))

    posts = fake_slack.wait_for("chat.postMessage", count=3)
    assert [p.status for p in posts] == [429, 500, 200]
    assert posts[0].body == posts[2].body
