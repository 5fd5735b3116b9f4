"""Learning from use without keeping patient data: the questions that ended in 'not sure' or 'did you
mean' are counted by what was understood of them, and `precert-bot kb gaps` lists the counts with none
of the words people typed (unless LOG_MESSAGE_TEXT kept them, masked)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.runtime.gaps import DID_YOU_MEAN, GAPS_FILE, NOT_SAID, UNSURE, FileGapLog, MemoryGapLog, tally
from bot.runtime.metrics import Metrics
from bot.slack.replies import Answerer
from intents.engine import Engine

# Traffic as people type it: patient details, names and all.
TRAFFIC = (
    "pt Jane Doakes DOB 03/14/1961 asks: does evicore pay for parking at the infusion center?",
    "Marisol here: how many chairs should an infusion suite have per nurse?",
    "how many chairs should an infusion suite have per nurse?",
    "tecarta prior auth for my pt born 2/2/1980",  # a look-alike name: did you mean
    "how long does the evicore website take to decide?",  # answered: not a gap
    "does Keytruda need evicore precert?",  # answered: not a gap
    "is Doakestamab covered?",  # a name no document has: not a question the folder can learn
)
TYPED_WORDS = ("jane", "doakes", "1961", "1980", "marisol", "parking", "chairs", "tecarta")


def _drive(engine: Engine, answerer: Answerer) -> None:
    for n, question in enumerate(TRAFFIC):
        answerer.ask(question, conversation=None, kind="message", request_id=f"r{n}")


def test_unanswered_questions_are_counted_by_what_was_understood(engine: Engine) -> None:
    log = MemoryGapLog()
    _drive(engine, Answerer(engine, Metrics(), gaps=log))
    kinds = [g.kind for g in log.gaps]
    assert len(log.gaps) == 3, [g.model_dump() for g in log.gaps]
    assert DID_YOU_MEAN in kinds and (UNSURE in kinds or NOT_SAID in kinds)
    assert all(g.text is None for g in log.gaps)
    rows = tally(log.gaps)
    chairs = [n for gap, n, _ in rows if gap.candidates and gap.intent != "clarify" and n == 2]
    assert chairs, rows  # the same question twice is one row counted twice
    dumped = json.dumps([g.model_dump() for g in log.gaps]).lower()
    assert not any(w in dumped for w in TYPED_WORDS), dumped


def test_kb_gaps_lists_the_traffic_without_its_words(engine: Engine, tmp_path: Path) -> None:
    _drive(engine, Answerer(engine, Metrics(), gaps=FileGapLog(tmp_path)))
    assert (tmp_path / GAPS_FILE).is_file()
    env = {**os.environ, "PRECERT_DATA_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "bot", "kb", "gaps"], capture_output=True, text=True, timeout=120, env=env
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().split("\n")
    assert lines[0].split()[:3] == ["count", "ended", "intent"]
    assert any(line.split()[0] == "2" for line in lines[1:]), out.stdout
    assert not any(w in out.stdout.lower() for w in TYPED_WORDS), out.stdout
    as_json = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bot", "kb", "gaps", "--json"], capture_output=True, text=True, timeout=120, env=env
        ).stdout
    )
    assert sum(row["count"] for row in as_json) == 3
    assert all(row["examples"] == [] for row in as_json)


def test_with_log_message_text_on_the_examples_are_masked(engine: Engine, tmp_path: Path) -> None:
    log = FileGapLog(tmp_path)
    _drive(engine, Answerer(engine, Metrics(), log_text=True, gaps=log))
    rows = tally(log.read())
    examples = [text for _, _, texts in rows for text in texts]
    assert any("[date]" in text for text in examples), examples
    assert not any("03/14/1961" in text for text in examples)


def test_a_folder_that_cannot_be_written_costs_no_answer(engine: Engine, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    answerer = Answerer(engine, Metrics(), gaps=FileGapLog(blocked))
    reply = answerer.ask(TRAFFIC[1], conversation=None, kind="message", request_id="r")
    assert reply.answer is not None and reply.answer.status == "out_of_scope"
