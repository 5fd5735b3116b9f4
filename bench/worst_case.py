"""Worst-case input: crafted messages that once held the GIL for seconds (long whitespace runs after
an identifier label, repeated mention markup, walls of codes, text at and far past the length cap),
each timed through what a Slack message goes through in the bot: the cap and the mention stripper,
the engine, the rendering to Block Kit, and the privacy checks. The slowest run of each is reported;
the target is <= 50 ms each."""

from __future__ import annotations

import time
from typing import Any

from bot.answerer import Answerer
from bot.listeners.threads import question_in
from bot.metrics import Metrics
from bot.privacy import looks_like_patient_identifier, mask_identifiers
from intents.engine import MAX_QUESTION_CHARS, Engine

BOT_USER_ID = "U0PRECERT"
TARGET_MS = 50.0


def crafted() -> dict[str, str]:
    """name -> message text. Lengths go well past the cap: what Slack lets through is 40,000."""
    return {
        "label then 4,000 spaces": "member" + " " * 3993 + "#",
        "label then 40,000 spaces": "member id" + " " * 40_000 + ":",
        "labels repeated": "member-" * 6000,
        "mention markup, unclosed, 40k": f"<@{BOT_USER_ID}|" * 4000,
        "mention markup, unclosed, 200k": f"<@{BOT_USER_ID}|" * 20_000,
        "mentions, closed, 40k": f"<@{BOT_USER_ID}> " * 3000,
        "4,000 codes": " ".join(f"J{9000 + n % 999:04d}" for n in range(800)),
        "digits run": "1" * 40_000,
        "dates and slashes": "01/02/" * 7000,
        "month words": "jan " * 10_000 + "1960",
        "one long word": "x" * 40_000,
        "drug names repeated": "keytruda ocrevus tysabri " * 1600,
        "at the cap": ("does keytruda need precert? " * 200)[:MAX_QUESTION_CHARS],
        "punctuation storm": "#:#:" * 10_000,
        "whitespace only": " \t\n" * 13_000,
        "unicode confusables": "кеуtruda ％ " * 3000,
    }


def _once(engine: Engine, answerer: Answerer, text: str) -> float:
    started = time.perf_counter()
    question = question_in(text, BOT_USER_ID)
    reply = answerer.ask(question, None, "bench", "-", typed_length=len(text))
    answerer.message(reply, "bench", "-")
    looks_like_patient_identifier(reply.question)
    mask_identifiers(reply.question)
    return (time.perf_counter() - started) * 1000


def measure_worst_case(rounds: int = 3) -> dict[str, Any]:
    engine = Engine()
    engine.warm()  # as `serve` does before it takes questions: the worst case is an input's own cost
    answerer = Answerer(engine, Metrics())
    rows = []
    for name, text in crafted().items():
        slowest = max(_once(engine, answerer, text) for _ in range(rounds))
        rows.append({"input": name, "chars": len(text), "max_ms": round(slowest, 2)})
    worst = max(rows, key=lambda row: row["max_ms"])
    return {"rounds": rounds, "inputs": rows, "slowest": worst, "target_ms": TARGET_MS}
