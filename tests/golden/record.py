"""Record the golden answers: `python -m tests.golden.record` (from the repo root) rewrites
tests/golden/answers.jsonl.gz from the live engine over the frozen documents folder. Re-record only for an
intended change, and name the change in the commit. (Gzipped JSON lines, one conversation a line: the
plain text is 17 MB of mostly repeated citations.)"""

from __future__ import annotations

import gzip
import json
import os
from datetime import date
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "answers.jsonl.gz"
FROZEN_SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
TODAY = date(2026, 11, 23)  # tests/conftest.py's: "stale" notes depend on the date


def answer_conversation(engine, questions: tuple[str, ...], conversation_id: str) -> list[dict]:
    """Each answer's JSON (`ask --json`), the questions asked in one conversation."""
    cid = conversation_id if len(questions) > 1 else None
    return [engine.ask(q, conversation_id=cid).contract() for q in questions]


def main() -> None:
    from knowledge.manifest import SOURCES_ENV

    os.environ[SOURCES_ENV] = str(FROZEN_SOURCES)
    from intents.engine import Engine
    from knowledge.kb import load
    from tests.golden.questions import conversations

    kb = load(FROZEN_SOURCES)
    engine = Engine(kb=kb, today=TODAY)
    lines = []
    for n, questions in enumerate(conversations(kb)):
        answers = answer_conversation(engine, questions, f"golden-{n}")
        lines.append(json.dumps({"questions": list(questions), "answers": answers}, ensure_ascii=False))
    # mtime=0: the same answers give the same bytes, so an unchanged recording is no change to git.
    with FIXTURE.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as out:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"recorded {n + 1} conversations in {FIXTURE}")


def read_recording() -> list[dict]:
    with gzip.open(FIXTURE, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


if __name__ == "__main__":
    main()
