"""Help is short: five examples people ask most, the documents, and "More examples" for the rest."""

from __future__ import annotations

from intents.engine import Engine
from render.slack_blocks import MORE_EXAMPLES_ACTION
from tests.support import payloads
from tests.support.blockkit import assert_valid_message
from tests.support.bot_server import RunningBot
from tests.support.fake_slack import FakeSlack


def test_help_shows_five_examples_and_more_on_request(bot: RunningBot, fake_slack: FakeSlack, engine: Engine) -> None:
    examples = engine.ask("help").examples
    bot.slack.event(payloads.direct_message("help"))
    (post,) = fake_slack.wait_for("chat.postMessage")
    blocks = post.body["blocks"]
    assert_valid_message(blocks)
    shown = payloads.texts(blocks)
    assert [e for e in examples if e in shown] == examples[:5]
    assert shown.count("\n• ") <= 5 + len(engine.kb.sources)  # five examples and the documents
    assert "does Keytruda need eviCore precert?" in shown and "“help”" not in shown

    (more,) = [b for b in payloads.buttons(blocks) if b["action_id"] == MORE_EXAMPLES_ACTION]
    bot.slack.interaction(payloads.button_click(more, response_url=fake_slack.response_url("more"), ephemeral=False))
    (everything,) = fake_slack.wait_for("response_url", where=lambda c: c.path == "/response/more")
    assert all(e in payloads.texts(everything.body["blocks"]) for e in examples)
    assert_valid_message(everything.body["blocks"])
