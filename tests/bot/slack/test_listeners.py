"""The adapter's small decisions: whose conversation, whose message, which word a choice replaces."""

from __future__ import annotations

import pytest

from bot.slack.listeners.actions import with_choice
from bot.slack.listeners.base import conversation_id, from_a_person, strip_mention
from intents.engine import Engine


def test_conversations_are_threads_or_whole_dms() -> None:
    assert conversation_id("T1", "C1", "171.1") == "T1:C1:171.1"
    assert conversation_id("T1", "D1", None) == "T1:D1"
    assert conversation_id(None, "D1") == "-:D1"


def test_only_the_bots_own_mention_is_removed() -> None:
    assert strip_mention("<@U0PRECERT> does <@U0NURSE> know?", "U0PRECERT") == "does <@U0NURSE> know?"
    assert strip_mention("<@U0PRECERT|precert> help", "U0PRECERT") == "help"


@pytest.mark.parametrize(
    "event, person",
    [
        ({"user": "U1", "text": "hi"}, True),
        ({"user": "U1", "subtype": "thread_broadcast"}, True),
        ({"user": "U1", "bot_id": "B1"}, False),
        ({"subtype": "bot_message", "bot_id": "B2"}, False),
        ({"user": "U1", "subtype": "message_changed"}, False),
        ({"subtype": "message_deleted"}, False),
    ],
)
def test_people_are_told_from_bots_and_housekeeping(event: dict[str, str], person: bool) -> None:
    assert from_a_person(event) is person


def test_a_choice_replaces_the_word_the_engine_could_not_decide(engine: Engine) -> None:
    question = "Does TECARTA go through the cellular therapy program?"

    assert with_choice(engine, question, "Yescarta") == "Does Yescarta go through the cellular therapy program?"
    assert with_choice(engine, "does keytruda need precert?", "Yescarta") is None  # nothing was ambiguous
    assert engine.ask(with_choice(engine, question, "Yescarta") or "").status == "answered"


def test_a_message_is_capped_before_the_mention_stripper_reads_it() -> None:
    from bot.slack.listeners.threads import MENTION_ROOM, question_in
    from intents.engine import MAX_QUESTION_CHARS

    unclosed = "<@U0PRECERT|" * 20_000
    assert len(question_in(unclosed, "U0PRECERT")) <= MAX_QUESTION_CHARS + MENTION_ROOM
    assert question_in("<@U0PRECERT|precert> keytruda?", "U0PRECERT") == "keytruda?"
    # A label longer than any Slack display name is not a mention: left for the engine to ignore.
    assert question_in("<@U0PRECERT|" + "x" * 200 + "> keytruda?", "U0PRECERT").startswith("<@U0PRECERT|")
