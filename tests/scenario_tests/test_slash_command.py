"""/precert: a private (ephemeral) answer through response_url, a Share button that posts it for
everyone, and the usage on `/precert` or `/precert help`."""

from __future__ import annotations

import json

from bot.runtime.settings import SlackSettings
from intents.engine import Engine
from render.slack_blocks import MORE_EXAMPLES_ACTION, SHARE_ACTION, SHOW_SOURCES_ACTION
from tests.support import payloads
from tests.support.bot_server import RunningBot, SlowEngine, running_bot
from tests.support.fake_slack import FakeSlack

KEYTRUDA = "does keytruda need evicore precert?"


def test_the_answer_is_private_to_the_asker(bot: RunningBot, fake_slack: FakeSlack, engine: Engine) -> None:
    response = bot.slack.command(payloads.slash_command(KEYTRUDA, response_url=fake_slack.response_url("cmd")))

    assert response.status == 200 and response.body == b""  # the ack: nothing shows in the channel
    (reply,) = fake_slack.wait_for("response_url")
    assert reply.path == "/response/cmd"
    assert reply.body["response_type"] == "ephemeral"
    shown = payloads.texts(reply.body["blocks"])
    assert "Keytruda" in shown and "1.866.668.9250" in shown
    assert "line" in shown and engine.ask(KEYTRUDA).citations  # compact references; the lines on request
    assert [b["action_id"] for b in payloads.buttons(reply.body["blocks"])] == [SHOW_SOURCES_ACTION, SHARE_ACTION]
    assert fake_slack.calls("chat.postMessage") == []


def test_share_posts_the_same_answer_for_everyone(bot: RunningBot, fake_slack: FakeSlack) -> None:
    bot.slack.command(payloads.slash_command(KEYTRUDA, response_url=fake_slack.response_url("cmd")))
    (private,) = fake_slack.wait_for("response_url")
    (share,) = [b for b in payloads.buttons(private.body["blocks"]) if b["action_id"] == SHARE_ACTION]

    click = payloads.button_click(share, response_url=fake_slack.response_url("share"), ephemeral=True)
    assert bot.slack.interaction(click).status == 200

    public, cleanup = fake_slack.wait_for("response_url", count=2, where=lambda c: c.path == "/response/share")
    assert public.body["response_type"] == "in_channel"
    assert public.body["replace_original"] is False
    shown = payloads.texts(public.body["blocks"])
    assert shown.startswith("<@U0NURSE> shared an answer to “does keytruda need evicore precert?”")
    assert payloads.answer_text(private.body["blocks"]) in shown  # the answer the asker saw, word for word
    assert SHARE_ACTION not in [b["action_id"] for b in payloads.buttons(public.body["blocks"])]
    assert cleanup.body["delete_original"] is True


def test_a_shared_follow_up_is_answered_in_the_context_the_asker_saw(bot: RunningBot, fake_slack: FakeSlack) -> None:
    ocrevus = payloads.slash_command("is home infusion allowed for Ocrevus?", response_url=fake_slack.response_url())
    bot.slack.command(ocrevus)
    fake_slack.wait_for("response_url")
    bot.slack.command(payloads.slash_command("what about Tysabri?", response_url=fake_slack.response_url("q2")))
    (private,) = fake_slack.wait_for("response_url", where=lambda c: c.path == "/response/q2")
    bot.slack.command(payloads.slash_command("J9271?", response_url=fake_slack.response_url("q3")))
    fake_slack.wait_for("response_url", where=lambda c: c.path == "/response/q3")

    (share,) = [b for b in payloads.buttons(private.body["blocks"]) if b["action_id"] == SHARE_ACTION]
    bot.slack.interaction(payloads.button_click(share, response_url=fake_slack.response_url("share"), ephemeral=True))

    (public,) = fake_slack.wait_for("response_url", where=lambda c: c.path == "/response/share")
    assert payloads.answer_text(private.body["blocks"]) in payloads.texts(public.body["blocks"])
    assert "home infusion" in payloads.texts(public.body["blocks"]).lower()


def test_precert_alone_or_help_shows_usage_with_examples(bot: RunningBot, fake_slack: FakeSlack) -> None:
    for n, text in enumerate(["", "help"]):
        bot.slack.command(payloads.slash_command(text, response_url=fake_slack.response_url(f"help{n}")))

    replies = fake_slack.wait_for("response_url", count=2)
    for reply in replies:
        assert reply.body["response_type"] == "ephemeral"
        shown = payloads.texts(reply.body["blocks"])
        assert "What you can ask" in shown and "does Keytruda need eviCore precert?" in shown
        assert [b["action_id"] for b in payloads.buttons(reply.body["blocks"])] == [MORE_EXAMPLES_ACTION]


def test_the_ack_does_not_wait_for_the_answer(
    slack_settings: SlackSettings, fake_slack: FakeSlack, bot_engine: Engine
) -> None:
    slow = SlowEngine(bot_engine, KEYTRUDA)
    with running_bot(slack_settings, slow) as bot:
        response = bot.slack.command(payloads.slash_command(KEYTRUDA, response_url=fake_slack.response_url()))

        assert response.status == 200 and response.body == b""
        assert slow.asked.wait(5) and fake_slack.calls("response_url") == []  # acked; the engine is still at it
        slow.release.set()
        (reply,) = fake_slack.wait_for("response_url")
        assert "Keytruda" in json.dumps(reply.body)
