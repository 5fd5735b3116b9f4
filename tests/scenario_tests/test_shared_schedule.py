"""A schedule shared with the bot: a CSV in a DM (or attached to a mention) is downloaded through
files.info, checked, and answered in its thread with the checked table as a file (files_upload_v2:
files.getUploadURLExternal, the upload, files.completeUploadExternal) and a one-line summary."""

from __future__ import annotations

import csv
import io
import logging

import pytest

from tests.support import payloads
from tests.support.bot_server import QUICK_RETRIES, RunningBot
from tests.support.fake_slack import FakeSlack, Reply

SCHEDULE = (
    b"Chair,Time,Patient,Drug,HCPCS\n"
    b"1,08:00,Jane Roe,Keytruda,\n"
    b"2,08:30,John Doe,,j-9271\n"
    b"\n"
    b"3,09:00,Ann Poe,Zolgensma,\n"
    b"4,09:30,Bo Loe,Remicade,J1745\n"
    b"5,10:00,Cy Moe,procardia,\n"
    b"6,10:30,Di Noe,foobarzine,\n"
)


def upload_of(fake_slack: FakeSlack) -> tuple[str, list[dict[str, str]]]:
    (complete,) = fake_slack.wait_for("files.completeUploadExternal")
    (upload,) = fake_slack.calls("file_upload")
    rows = list(csv.DictReader(io.StringIO(upload.raw.decode("utf-8"))))
    return complete.body.get("initial_comment", ""), rows


def test_a_csv_shared_in_a_dm_is_answered_with_the_checked_table_and_a_summary(
    bot: RunningBot, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # production's level (bot/runtime/logs.py); slack_sdk's DEBUG logs bodies
    shared = fake_slack.share_file("chairs-tuesday.csv", SCHEDULE)
    event = payloads.file_shared_in_dm([shared])

    assert bot.slack.event(event).status == 200

    summary, rows = upload_of(fake_slack)
    assert summary == (
        "7 rows: 3 need prior auth — 2 eviCore, 1 Gene Therapy Program; 1 site-of-care review; "
        "1 not in these documents; 1 look-alike names to confirm; 1 blank"
    )
    assert [r["status"] for r in rows] == [
        "auth-needed",
        "auth-needed",
        "blank",
        "auth-needed",
        "site-of-care-review",
        "did-you-mean",
        "not-found",
    ]
    assert rows[0]["Patient"] == "Jane Roe" and rows[0]["phone"] == "1.866.668.9250"
    (info,) = fake_slack.calls("files.info")
    assert info.body["file"] == shared["id"]
    (download,) = fake_slack.calls("file_download")
    assert download.headers["authorization"].startswith("Bearer xoxb-")
    (complete,) = fake_slack.calls("files.completeUploadExternal")
    assert complete.body["channel_id"] == "D0NURSE"
    assert complete.body["thread_ts"] == event["event"]["ts"]
    url_call = fake_slack.calls("files.getUploadURLExternal")[0]
    assert url_call.body["filename"] == "chairs-tuesday-checked.csv"
    # A schedule is patient data: neither its name nor its contents reach the logs.
    for secret in ("Jane Roe", "chairs-tuesday", "Keytruda", "foobarzine"):
        assert secret not in caplog.text
    assert fake_slack.calls("chat.postMessage") == []  # the summary rides on the file


def test_a_csv_attached_to_a_mention_is_answered_in_the_thread(bot: RunningBot, fake_slack: FakeSlack) -> None:
    shared = fake_slack.share_file("schedule.tsv", b"Drug\tChair\nOcrevus\t1\n", filetype="tsv", mimetype="text/tsv")
    event = payloads.mention_with_files([shared])

    bot.slack.event(event)

    summary, rows = upload_of(fake_slack)
    assert summary.startswith("1 row: 1 site-of-care review")  # the SCO list, as `ask` leads
    assert rows[0]["drug"] == "Ocrevus" and rows[0]["Chair"] == "1"
    (complete,) = fake_slack.calls("files.completeUploadExternal")
    assert complete.body["channel_id"] == "C0INFUSION" and complete.body["thread_ts"] == event["event"]["ts"]


def test_a_dm_with_another_kind_of_file_is_a_question_as_usual(bot: RunningBot, fake_slack: FakeSlack) -> None:
    shared = fake_slack.share_file("card.png", b"\x89PNG", filetype="png", mimetype="image/png")
    bot.slack.event(payloads.file_shared_in_dm([shared], text="does Keytruda need precert?"))

    (post,) = fake_slack.wait_for("chat.postMessage")
    assert "Keytruda" in payloads.texts(post.body["blocks"])
    assert fake_slack.calls("files.info") == []


def test_a_file_slack_wont_give_gets_a_clear_answer(bot: RunningBot, fake_slack: FakeSlack) -> None:
    shared = fake_slack.share_file("schedule.csv", SCHEDULE)
    fake_slack.script("files.info", Reply(body={"ok": False, "error": "file_not_found"}))
    bot.slack.event(payloads.file_shared_in_dm([shared]))

    (post,) = fake_slack.wait_for("chat.postMessage")
    assert post.body["text"].startswith("I couldn't download that file")
    assert fake_slack.calls("files.completeUploadExternal") == []


def test_an_upload_that_fails_once_is_retried(bot: RunningBot, fake_slack: FakeSlack) -> None:
    shared = fake_slack.share_file("schedule.csv", b"Drug\nKeytruda\n")
    fake_slack.script("file_upload", Reply(500, {}, "boom"))
    bot.slack.event(payloads.file_shared_in_dm([shared]))

    fake_slack.wait_for("files.completeUploadExternal")
    bot.drain()
    assert [c.status for c in fake_slack.calls("file_upload")] == [500, 200]
    assert fake_slack.calls("chat.postMessage") == []


def test_an_upload_that_keeps_failing_still_gives_the_summary(bot: RunningBot, fake_slack: FakeSlack) -> None:
    shared = fake_slack.share_file("schedule.csv", b"Drug\nKeytruda\n")
    fake_slack.replace("file_upload", Reply(500, {}, "boom"))
    bot.slack.event(payloads.file_shared_in_dm([shared]))

    # The upload is retried until the delivery deadline (QUICK_RETRIES in tests), then the summary goes.
    (post,) = fake_slack.wait_for("chat.postMessage", timeout=QUICK_RETRIES.deadline + 5)
    assert (
        post.body["text"]
        == "I checked the schedule but couldn't post the table here: 1 row: 1 needs prior auth — 1 eviCore"
    )


@pytest.mark.parametrize(
    ("url", "api", "allowed"),
    [
        ("https://files.slack.com/files-pri/T1-F1/download/a.csv", "https://slack.com/api/", True),
        ("https://files.slack-gov.com/files-pri/T1-F1/a.csv", "https://slack-gov.com/api/", True),
        ("http://files.slack.com/files-pri/T1-F1/a.csv", "https://slack.com/api/", False),  # not https
        ("https://evil.example.org/slack.com/a.csv", "https://slack.com/api/", False),
        ("https://slack.com.evil.example.org/a.csv", "https://slack.com/api/", False),
        ("http://127.0.0.1:9/files-pri/a.csv", "http://127.0.0.1:9/api/", True),  # the configured API itself
        ("http://127.0.0.2:9/files-pri/a.csv", "http://127.0.0.1:9/api/", False),
    ],
)
def test_the_bot_token_goes_only_to_slacks_hosts(url: str, api: str, allowed: bool) -> None:
    from bot.slack.listeners.files import _may_send_token

    assert _may_send_token(url, api) is allowed
