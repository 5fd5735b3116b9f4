"""A name close to two drugs: buttons with the candidates, and a click answers the question as if
the chosen name had been typed."""

from __future__ import annotations

import json

from intents.engine import Engine
from render.slack_blocks import SHARE_ACTION, SHOW_SOURCES_ACTION
from tests.support import payloads
from tests.support.bot_server import RunningBot
from tests.support.fake_slack import FakeSlack

CLOSE_CALL = "does tecarta go through the cellular therapy program?"


def test_the_question_is_asked_back_with_one_button_per_candidate(
    bot: RunningBot, fake_slack: FakeSlack, engine: Engine
) -> None:
    expected = engine.ask(CLOSE_CALL)
    assert expected.status == "clarify"

    bot.slack.event(payloads.app_mention(CLOSE_CALL))

    (post,) = fake_slack.wait_for("chat.postMessage")
    names = [json.loads(b["value"])["name"] for b in payloads.buttons(post.body["blocks"])]
    assert names == [c.name for c in expected.candidates]
    assert "Did you mean" in payloads.texts(post.body["blocks"])


def test_a_click_answers_in_place_with_the_chosen_name(bot: RunningBot, fake_slack: FakeSlack) -> None:
    mention = payloads.app_mention(CLOSE_CALL)
    bot.slack.event(mention)
    (post,) = fake_slack.wait_for("chat.postMessage")
    tecartus = next(b for b in payloads.buttons(post.body["blocks"]) if json.loads(b["value"])["name"] == "Tecartus")

    click = payloads.button_click(tecartus, response_url=fake_slack.response_url("pick"), ephemeral=False)
    assert bot.slack.interaction(click).status == 200

    (answer,) = fake_slack.wait_for("response_url")
    assert answer.body["replace_original"] is True
    shown = payloads.texts(answer.body["blocks"])
    assert shown.startswith("*Yes — Tecartus:") and "You chose Tecartus." in shown
    assert "Tecartus" in shown and "cellular therapy" in shown.lower()
    assert "Did you mean" not in shown
    assert [b["action_id"] for b in payloads.buttons(answer.body["blocks"])] == [SHOW_SOURCES_ACTION]

    # The thread's conversation now holds Tecartus: a follow-up there is about it.
    bot.slack.event(payloads.app_mention("and the phone number?", thread_ts=mention["event"]["ts"]))
    _, follow_up = fake_slack.wait_for("chat.postMessage", count=2)
    shown = payloads.texts(follow_up.body["blocks"])
    assert "Tecartus" in shown and "800.668.9682" in shown


def test_a_click_on_a_private_answer_stays_private_and_shareable(bot: RunningBot, fake_slack: FakeSlack) -> None:
    bot.slack.command(payloads.slash_command("tecarta prior auth", response_url=fake_slack.response_url("cmd")))
    (private,) = fake_slack.wait_for("response_url")
    first, *_ = payloads.buttons(private.body["blocks"])

    bot.slack.interaction(payloads.button_click(first, response_url=fake_slack.response_url("pick"), ephemeral=True))

    (answer,) = fake_slack.wait_for("response_url", where=lambda c: c.path == "/response/pick")
    assert answer.body["replace_original"] is True and "response_type" not in answer.body
    assert [b["action_id"] for b in payloads.buttons(answer.body["blocks"])] == [SHOW_SOURCES_ACTION, SHARE_ACTION]
    assert json.loads(first["value"])["name"] in payloads.texts(answer.body["blocks"])
