"""Slack's Web API failing (429 with Retry-After, 500), people over their limit, patient identifiers in
questions, and LOG_MESSAGE_TEXT: each through the real app, with replicas sharing Redis."""

from __future__ import annotations

import time

import pytest

from bot.runtime.settings import SlackSettings
from bot.slack.notices import notice
from intents.engine import Engine
from knowledge.kb import KnowledgeBase
from tests.ops.replicas import Replica, replica, total
from tests.support import payloads
from tests.support.bot_server import settings_for
from tests.support.fake_slack import FakeSlack, Reply
from tests.support.log_guard import AskedQuestions, LogCapture

RATELIMITED = Reply(429, {"Retry-After": "1"}, {"ok": False, "error": "ratelimited"})


def test_a_429_is_retried_after_retry_after_and_posted_once(
    two_replicas: tuple[Replica, Replica], fake_slack: FakeSlack, asked: AskedQuestions
) -> None:
    a, b = two_replicas
    fake_slack.script("chat.postMessage", RATELIMITED)
    event = payloads.app_mention(asked("does keytruda need evicore precert?"))

    a.slack.event(event)
    fake_slack.wait_for("chat.postMessage")
    refused_at = time.monotonic()
    # While replica A waits out Retry-After, Slack (seeing no reply) retries the event at replica B.
    b.slack.event(event, retry_num=1)
    first, second = fake_slack.wait_for("chat.postMessage", count=2, timeout=10)
    waited = time.monotonic() - refused_at

    a.drain(), b.drain()
    assert [c.status for c in fake_slack.calls("chat.postMessage")] == [429, 200]
    assert first.body == second.body
    assert waited >= 0.8  # Retry-After: 1 was honoured (the default backoff would retry within 0.5 s)
    assert total(two_replicas, 'precert_slack_api_errors_total{reason="ratelimited"}') == 1
    assert total(two_replicas, "precert_replies_undelivered_total") == 0


def test_a_500_is_retried_and_posted_once(
    two_replicas: tuple[Replica, Replica], fake_slack: FakeSlack, asked: AskedQuestions
) -> None:
    a, _ = two_replicas
    fake_slack.script("chat.postMessage", Reply(500, {}, "upstream connect error"))

    a.slack.event(payloads.direct_message(asked("evicore hours?")))

    first, second = fake_slack.wait_for("chat.postMessage", count=2, timeout=10)
    a.drain()
    assert [c.status for c in fake_slack.calls("chat.postMessage")] == [500, 200]
    assert first.body == second.body
    assert total(two_replicas, 'precert_slack_api_errors_total{reason="server_error"}') == 1


@pytest.mark.parametrize("fault", [RATELIMITED, Reply(500, {}, "upstream error")], ids=["429", "500"])
def test_a_slash_command_answer_refused_once_by_its_response_url_is_retried_and_posted_once(
    two_replicas: tuple[Replica, Replica],
    fake_slack: FakeSlack,
    asked: AskedQuestions,
    fault: Reply,
    question_text_stays_out_of_logs: LogCapture,
) -> None:
    a, _ = two_replicas
    fake_slack.script("response_url", fault)
    hook = fake_slack.response_url("T0CLINIC/1234/secret0hook")
    command = payloads.slash_command(asked("evicore hours?"), response_url=hook)

    assert a.slack.command(command).status == 200

    first, second = fake_slack.wait_for("response_url", count=2, timeout=10)
    a.drain()
    assert [c.status for c in fake_slack.calls("response_url")] == [fault.status, 200]
    assert first.body == second.body and second.body["response_type"] == "ephemeral"
    assert total(two_replicas, "precert_replies_undelivered_total") == 0
    # A response_url lets whoever holds it post in the channel: it is not logged, retried or not.
    assert not [line for line in question_text_stays_out_of_logs.lines if "secret0hook" in line]


def test_an_answer_slack_will_not_take_is_counted_as_undelivered(
    two_replicas: tuple[Replica, Replica], fake_slack: FakeSlack, asked: AskedQuestions
) -> None:
    a, _ = two_replicas
    fake_slack.replace("chat.postMessage", Reply(200, {}, {"ok": False, "error": "channel_not_found"}))

    a.slack.event(payloads.app_mention(asked("evicore hours?")))
    fake_slack.wait_for("chat.postMessage")
    a.drain()

    assert len(fake_slack.calls("chat.postMessage")) == 1  # not a retryable failure
    assert total(two_replicas, 'precert_slack_api_errors_total{reason="channel_not_found"}') == 1
    assert total(two_replicas, 'precert_replies_undelivered_total{kind="app_mention"}') == 1


def test_over_the_limit_a_person_is_told_so_whichever_replica_they_reach(
    fake_slack: FakeSlack, kb: KnowledgeBase, redis_url: str, asked: AskedQuestions
) -> None:
    settings = settings_for(fake_slack.api_url).model_copy(update={"rate_limit_per_minute": 3})
    with replica("a", settings, kb, redis_url) as a, replica("b", settings, kb, redis_url) as b:
        for n, to in enumerate((a, b, a, b)):
            to.slack.event(payloads.app_mention(asked(f"evicore hours? ({n})"), user="U0BUSY"))
            to.drain()
        a.slack.event(payloads.app_mention(asked("evicore hours? (other)"), user="U0CALM"))
        a.drain()

        assert len(fake_slack.calls("chat.postMessage")) == 4  # three from U0BUSY, one from U0CALM
        (told,) = fake_slack.calls("chat.postEphemeral")
        assert told.body["user"] == "U0BUSY" and told.body["text"] == notice("over_limit", limit=3)
        # Either replica may have answered it: they read one outbox.
        assert total((a, b), "precert_rate_limited_total") == 1


def test_a_question_with_a_patient_identifier_gets_a_private_reminder(
    two_replicas: tuple[Replica, Replica], fake_slack: FakeSlack, asked: AskedQuestions
) -> None:
    a, _ = two_replicas
    event = payloads.app_mention(asked("does keytruda need precert for Jane DOB 01/02/1960?"), user="U0NURSE")

    a.slack.event(event)
    a.drain()

    (answer,) = fake_slack.calls("chat.postMessage")
    (reminder,) = fake_slack.calls("chat.postEphemeral")
    assert "Keytruda" in payloads.answer_text(answer.body["blocks"])
    assert reminder.body["user"] == "U0NURSE" and reminder.body["text"] == notice("patient_details")
    assert reminder.body["thread_ts"] == event["event"]["ts"]
    assert total(two_replicas, "precert_identifier_reminders_total") == 1


def test_a_slash_command_with_a_patient_identifier_carries_the_reminder_in_its_private_answer(
    two_replicas: tuple[Replica, Replica], fake_slack: FakeSlack, asked: AskedQuestions
) -> None:
    a, _ = two_replicas
    command = payloads.slash_command(asked("keytruda member id U12345678"), response_url=fake_slack.response_url())

    a.slack.command(command)
    (response,) = fake_slack.wait_for("response_url")

    assert response.body["response_type"] == "ephemeral"
    assert "don't post patient details" in payloads.texts(response.body["blocks"])
    assert not fake_slack.calls("chat.postEphemeral")


def test_no_reminder_for_an_ordinary_question(
    two_replicas: tuple[Replica, Replica], fake_slack: FakeSlack, asked: AskedQuestions
) -> None:
    a, _ = two_replicas
    a.slack.event(payloads.app_mention(asked("is 1.866.668.9250 the evicore number for J9271?")))
    a.drain()
    assert len(fake_slack.calls("chat.postMessage")) == 1 and not fake_slack.calls("chat.postEphemeral")


def test_answers_are_logged_as_structured_fields_without_the_text(
    two_replicas: tuple[Replica, Replica],
    fake_slack: FakeSlack,
    asked: AskedQuestions,
    question_text_stays_out_of_logs: LogCapture,
    engine: Engine,
) -> None:
    a, _ = two_replicas
    question = asked("does ocrevis need precert?")
    event = payloads.app_mention(question)
    a.slack.event(event)
    a.drain()

    (line,) = question_text_stays_out_of_logs.answers()
    expected = engine.ask(question)
    assert line["request_id"] == event["event_id"] and line["slack_kind"] == "app_mention"
    assert (line["intent"], line["status"]) == (expected.intent, expected.status)
    assert line["match"] == [d.match.method for d in expected.drugs] == ["phonetic"]
    assert isinstance(line["latency_ms"], float) and "text" not in line


def test_log_message_text_logs_the_question_masked(
    fake_slack: FakeSlack,
    kb: KnowledgeBase,
    redis_url: str,
    question_text_stays_out_of_logs: LogCapture,
) -> None:
    settings = settings_for(fake_slack.api_url).model_copy(update={"log_message_text": True})
    with replica("a", settings, kb, redis_url) as a:
        a.slack.event(payloads.app_mention("keytruda for Jane DOB 01/02/1960, member id U12345678 01?"))
        a.drain()

    (line,) = question_text_stays_out_of_logs.answers()
    assert line["text"] == "keytruda for Jane DOB [date], [id]?"
    logged = "\n".join(question_text_stays_out_of_logs.lines)
    assert "01/02/1960" not in logged and "U12345678" not in logged


def test_posts_waiting_out_retry_after_do_not_hold_up_a_slash_command_ack(
    settings: SlackSettings, fake_slack: FakeSlack, kb: KnowledgeBase, asked: AskedQuestions
) -> None:
    # As many rate-limited answers as there are answer threads: every one of them is asleep until
    # Retry-After passes (Slack's limit holds for the app, so the second waits without trying).
    threads = 2
    waiting = Reply(429, {"Retry-After": "3"}, {"ok": False, "error": "ratelimited"})
    fake_slack.script("chat.postMessage", *[waiting] * threads)
    with replica("a", settings, kb, None, workers=threads) as a:
        for n in range(threads):
            a.slack.event(payloads.direct_message(asked("does keytruda need evicore precert?"), user=f"U0NURSE{n}"))
        fake_slack.wait_for("chat.postMessage")  # refused: both threads now wait out Retry-After

        hook = fake_slack.response_url()
        response = a.slack.command(payloads.slash_command(asked("ocrevus home infusion?"), response_url=hook))

        assert response.status == 200
        # Acknowledged while the posts were still waiting out Retry-After.
        assert {c.status for c in fake_slack.calls("chat.postMessage")} == {429}
        fake_slack.wait_for("chat.postMessage", count=threads, timeout=10, where=lambda c: c.status == 200)
        fake_slack.wait_for("response_url", timeout=10)
        a.drain()
    assert sorted(c.status for c in fake_slack.calls("chat.postMessage")).count(200) == threads
