"""What the Slack bot says about itself is data (bot/slack/notices.toml), checked by `kb check`."""

from __future__ import annotations

from bot.slack.notices import NOTICE_FIELDS, notice, notice_problems


def test_every_notice_is_there_with_its_placeholders():
    assert notice_problems() == []
    assert notice("could_not_post", summary="1 row").endswith(": 1 row")


def test_a_missing_notice_or_a_wrong_placeholder_is_a_problem():
    table = {name: " ".join(["text", *(f"{{{field}}}" for field in fields)]) for name, fields in NOTICE_FIELDS.items()}
    table["too_large"] = "larger than {size}"  # the code gives {limit}
    del table["gave_up"]
    problems = notice_problems(table)
    assert any("no gave_up" in p for p in problems)
    assert any("too_large uses ['size']" in p for p in problems)
    assert len(problems) == 2
