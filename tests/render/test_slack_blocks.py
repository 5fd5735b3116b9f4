"""Block Kit rendering: the verdict first, every limit Slack enforces kept, all text made inert."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from intents.answer import Answer, Candidate, ContactRef, Finding, SourceRef, Statement
from intents.engine import Engine
from intents.text import clean_markup
from knowledge.kb import KnowledgeBase
from knowledge.models import Citation
from render.slack_blocks import (
    MAX_BLOCKS,
    MAX_BUTTON_VALUE,
    MAX_CONTEXT_ELEMENTS,
    MAX_FALLBACK_TEXT,
    MAX_MESSAGE_JSON,
    MAX_TEXT,
    Choice,
    ShareValue,
    answer_message,
    clip,
    escape,
    home_view,
    notice_message,
)
from tests.support.payloads import answer_text, buttons, text_objects, texts

PINGS = ["<!channel>", "<!here>", "<!everyone>", "<@U123ABC>", "<#C123|general>", "<https://evil.example|click>"]


def check_limits(blocks: list[dict[str, Any]], max_blocks: int = MAX_BLOCKS) -> None:
    # The blocks are built as plain dicts: slack_sdk's models must read each one back unchanged (to_dict
    # validates lengths and required fields as Slack documents them).
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None and parsed.to_dict() == block
    assert len(blocks) <= max_blocks
    assert len(json.dumps(blocks, ensure_ascii=False)) <= MAX_MESSAGE_JSON
    for block in blocks:
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= MAX_TEXT
        elif block["type"] == "context":
            assert 0 < len(block["elements"]) <= MAX_CONTEXT_ELEMENTS
            assert all(0 < len(e["text"]) <= MAX_TEXT for e in block["elements"])
        elif block["type"] == "actions":
            for button in block["elements"]:
                assert len(button["text"]["text"]) <= 75 and len(button["value"]) <= MAX_BUTTON_VALUE


def citation(i: int, text: str) -> Citation:
    return Citation(source="evicore_oncology_2017", file="knowledge/sources/evicore.txt", line=i + 1, text=text)


def huge_answer(text: str = "x" * 2_000, n: int = 300) -> Answer:
    cites = [citation(i, f"{i} {text}") for i in range(n)]
    return Answer(
        question=text * 3,
        intent="prior_auth",
        status="answered",
        headline=text * 3,
        readings=[text] * n,
        findings=[
            Finding(
                drug=f"Drug{i}",
                program="sco",
                listed=True,
                status="site-of-care-review",
                summary=text,
                citations=cites[:1],
            )
            for i in range(n)
        ],
        statements=[Statement(summary=text, citations=cites[:2]) for _ in range(n)],
        contacts=[ContactRef(program="sco", label=text, phone="1.800.555.0100", citation=cites[0]) for _ in range(n)],
        notes=[text] * 20,
        examples=[text] * n,
        sources=[SourceRef(id="evicore_oncology_2017", title=text, date="November 2017", stale=True)],
        citations=cites,
    )


def test_a_real_answer_puts_the_verdict_and_number_first_then_details_then_compact_references(
    engine: Engine,
) -> None:
    answer = engine.ask("does keytruda need evicore precert?")
    message = answer_message(answer, reveal=ShareValue(question=answer.question))

    first = message.blocks[0]["text"]["text"]
    assert first.startswith("*Yes — Keytruda: precert through eviCore, call 1.866.668.9250")
    shown = texts(message.blocks)
    assert shown.index("J9271, intravenous") < shown.index("evicore-oncology-precert-2017-11.txt (November 2017)")
    assert "KEYTRUDA" not in shown  # the verbatim lines wait behind the button
    assert [b["action_id"] for b in buttons(message.blocks)] == ["precert_show_sources"]
    assert message.text.startswith("Yes — Keytruda:")
    check_limits(message.blocks)

    revealed = answer_message(answer, reveal=ShareValue(question=answer.question), sources_shown=True)
    shown = texts(revealed.blocks)
    assert "*Oncology Drugs Requiring Precertification through eviCore healthcare* (November 2017)" in shown
    assert all(escape(clean_markup(c.text)) in shown for c in answer.citations)
    assert buttons(revealed.blocks) == []
    check_limits(revealed.blocks)


def test_every_answer_to_the_sample_questions_fits(engine: Engine) -> None:
    for question in [
        "help",
        "what's on the sco list?",
        "J3490",
        "does keytruda herceptin avastin rituxan ocrevus tysabri remicade need precert",
        "who do I call for Zolgensma PA, and the fax?",
    ]:
        check_limits(answer_message(engine.ask(question), share=ShareValue(question=question)).blocks)


def test_a_huge_answer_is_shortened_with_a_note_not_rejected() -> None:
    message = answer_message(huge_answer(), share=ShareValue(question="q"))

    check_limits(message.blocks)
    assert "Not shown here, to fit in Slack:" in texts(message.blocks)
    assert buttons(message.blocks)[-1]["action_id"] == "precert_share"  # the button survives the cut
    assert len(message.text) <= MAX_FALLBACK_TEXT


def test_an_answer_that_fits_says_nothing_about_shortening(engine: Engine) -> None:
    assert "Not shown here" not in texts(answer_message(engine.ask("evicore hours?")).blocks)


def test_slack_markup_in_any_field_comes_out_escaped() -> None:
    ping = " ".join(PINGS) + " & more"
    answer = huge_answer(ping, n=3).model_copy(update={"question": ping})
    message = answer_message(answer, preface=[ping], notes=[ping], shared_by="U0NURSE")

    raw = json.dumps(message.model_dump(), ensure_ascii=False)
    for markup in PINGS:
        assert markup not in raw
    assert "&lt;!channel&gt;" in raw and "&amp; more" in raw
    assert "<@U0NURSE> shared" in texts(message.blocks)  # the one mention the bot means to make


def test_a_shared_by_that_is_not_a_user_id_is_not_rendered_as_a_mention(engine: Engine) -> None:
    message = answer_message(engine.ask("evicore hours?"), shared_by="<!channel>")
    assert "<!channel>" not in json.dumps(message.blocks) and "shared" not in texts(message.blocks)


def test_clarification_offers_one_button_per_candidate(engine: Engine) -> None:
    answer = engine.ask("tecarta prior auth")
    message = answer_message(answer, conversation_id="T:C:1")

    values = [Choice.model_validate_json(b["value"]) for b in buttons(message.blocks)]
    assert [v.name for v in values] == [c.name for c in answer.candidates]
    assert {(v.question, v.conversation) for v in values} == {("tecarta prior auth", "T:C:1")}


def test_a_long_question_leaves_the_choice_button_without_it() -> None:
    answer = Answer(
        question="tecarta " * 500,
        intent="prior_auth",
        status="clarify",
        headline="Did you mean Tecartus or Yescarta?",
        candidates=[
            Candidate(name="Tecartus", hcpcs=["Q2053"], score=80),
            Candidate(name="Yescarta", hcpcs=[], score=80),
        ],
    )
    (first, _) = buttons(answer_message(answer, conversation_id="c").blocks)
    assert Choice.model_validate_json(first["value"]) == Choice(name="Tecartus", conversation="c")


def test_share_is_offered_only_when_its_value_fits() -> None:
    answer = huge_answer(n=1)
    assert buttons(answer_message(answer, share=ShareValue(question="short")).blocks)
    assert not buttons(answer_message(answer, share=ShareValue(question="x" * MAX_BUTTON_VALUE)).blocks)


def test_clip_never_cuts_an_entity_in_half() -> None:
    escaped = escape("a" * 9 + "<b>")
    for limit in range(2, len(escaped) + 1):
        cut = clip(escaped, limit)
        assert len(cut) <= limit
        body = cut.removesuffix("…")
        assert body.count("&") == body.count(";")


def test_notice_and_home_view_are_valid(kb: KnowledgeBase, engine: Engine) -> None:
    notice = notice_message("Sorry <!channel>")
    assert notice.text == "Sorry &lt;!channel&gt;"
    view = home_view(kb.sources.values(), engine.ask("help").examples)
    check_limits(view["blocks"], max_blocks=100)
    assert View(**view).to_dict() == view
    assert view["type"] == "home" and "patient names" in texts(view["blocks"])


pieces = st.sampled_from([*"ab <>&!@|*_~`\t\n", *PINGS, "é", "😀", "word " * 40])
slack_text = st.lists(pieces, max_size=60).map("".join)


@st.composite
def answers(draw: st.DrawFn) -> Answer:
    n = st.integers(min_value=0, max_value=60)
    text = draw(slack_text)
    cites = [citation(i, draw(slack_text)) for i in range(draw(n))]
    return Answer(
        question=draw(st.text(max_size=5000)),
        intent="prior_auth",
        status=draw(st.sampled_from(["answered", "clarify", "not_found", "out_of_scope", "help"])),
        headline=draw(st.text(max_size=4000)) + text,
        readings=draw(st.lists(slack_text, max_size=20)),
        findings=[
            Finding(
                drug=text[:20] or "D",
                program="sco",
                listed=True,
                status="site-of-care-review",
                summary=draw(slack_text) * 8,
            )
        ]
        * draw(n),
        statements=[Statement(summary=draw(slack_text) * 5, citations=[])] * draw(n),
        contacts=[ContactRef(program=None, label=text or "L", url=draw(slack_text), citation=citation(0, "c"))]
        * draw(st.integers(0, 10)),
        candidates=[Candidate(name=draw(slack_text), hcpcs=["Q2053"], score=80)] * draw(st.integers(0, 8)),
        notes=draw(st.lists(slack_text, max_size=12)),
        examples=draw(st.lists(slack_text, max_size=30)),
        sources=[SourceRef(id="evicore_oncology_2017", title=text or "T", date="2017", stale=True)],
        citations=cites,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
@given(answers(), slack_text)
def test_any_answer_fits_slack_and_pings_nobody(answer: Answer, extra: str) -> None:
    message = answer_message(
        answer, conversation_id="T:C:1", share=ShareValue(question=answer.question[:4000]), notes=[extra]
    )

    check_limits(message.blocks)
    assert message.blocks[0]["type"] == "section"  # the verdict comes first
    # Slack parses markup in mrkdwn and the notification text; plain_text (button labels) is shown as typed.
    parsed = [message.text, *(t["text"] for t in text_objects(message.blocks) if t["type"] == "mrkdwn")]
    for markup in PINGS:
        assert not any(markup in text for text in parsed)
    assert 0 < len(message.text) <= MAX_FALLBACK_TEXT
    assert answer_text(message.blocks)
