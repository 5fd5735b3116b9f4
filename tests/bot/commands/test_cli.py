"""The precert-bot command line, run as a user runs it (a real process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60
    )


def test_ask_prints_a_readable_answer() -> None:
    out = run("ask", "does Keytruda need eviCore precert?")
    assert out.returncode == 0
    # The short answer: the verdict and the number first, compact source references, no quotes.
    assert out.stdout.startswith("Yes — Keytruda: precert through eviCore, call 1.866.668.9250")
    assert "evicore-oncology-precert-2017-11.txt (November 2017) lines 33, 37, 44, 164" in out.stdout
    assert "KEYTRUDA" not in out.stdout


def test_ask_sources_adds_the_verbatim_lines_markup_removed() -> None:
    for flag in ("--sources", "-v"):
        out = run("ask", flag, "who do I call for Zolgensma PA?")
        assert out.returncode == 0
        quoted = out.stdout.split("Quoted:")[1]
        assert "gene-cellular-therapy-programs-2024-11.txt:28  Zolgensma® (onasemnogene" in quoted
        assert "855.678.0051" in quoted and "**" not in quoted and "[®]" not in quoted


def test_ask_json_follows_the_contract() -> None:
    out = run("ask", "--json", "J9271")
    data = json.loads(out.stdout)
    assert data["status"] == "answered" and data["drugs"][0]["name"] == "Keytruda"


def test_jsonl_answers_every_line_in_order_and_survives_bad_lines() -> None:
    questions = ["J9271", "", "<!channel>", "x" * 20_000, "does Humira need precert"]
    out = run("ask", "--jsonl", stdin="\n".join(questions) + "\n")
    answers = [json.loads(line) for line in out.stdout.splitlines()]
    assert [a["question"][:10] for a in answers] == [q[:10] for q in questions]
    assert [a["status"] for a in answers] == ["answered", "help", "help", "not_found", "not_found"]


def test_undecodable_bytes_get_an_answer() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--jsonl"],
        input=b"\xff\xfe keytruda \xc3\x28 evicore\n\x00\x01\n",
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    answers = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert len(answers) == 2 and answers[0]["status"] == "answered"


def test_chat_keeps_context() -> None:
    out = run("chat", stdin="is home infusion allowed for Ocrevus?\nwhat about Tysabri?\n")
    assert out.returncode == 0
    tysabri = out.stdout.split("Tysabri: ")[1]
    assert "home infusion precert list" in tysabri


def test_kb_stats_json() -> None:
    data = json.loads(run("kb", "stats", "--json").stdout)
    assert data["programs"]["evicore_oncology"] == 178 and data["drugs"] > 300


def test_kb_show() -> None:
    out = run("kb", "show", "J0897")
    assert "drug: Prolia" in out.stdout and "drug: Xgeva" in out.stdout
    assert run("kb", "show", "nothing-like-this").returncode == 1


def test_a_reader_that_leaves_early_gets_no_traceback() -> None:
    # `precert-bot ask --jsonl < questions | head -1`: the pipe closes while answers are still being written.
    asker = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert asker.stdin is not None and asker.stdout is not None
    asker.stdin.write(b"does keytruda need precert\n" * 2_000)
    asker.stdin.close()
    first = asker.stdout.readline()
    asker.stdout.close()
    asker.wait(timeout=60)
    assert asker.stderr is not None
    errors = asker.stderr.read()
    assert json.loads(first)["status"] == "answered"
    assert asker.returncode == 141 and b"Traceback" not in errors, errors.decode()


def test_the_collector_pauses_for_start_up_only(monkeypatch, capsys) -> None:
    """In-process: the cyclic collector is paused while the engine is built (start-up allocates what
    lives as long as the process) and runs again for the answers and for every other command."""
    import gc

    from bot.commands import cli

    seen: dict[str, bool] = {}
    build = cli._engine

    def engine():
        seen["building"] = gc.isenabled()
        built = build()
        seen["answering"] = gc.isenabled()
        return built

    def kb_command(args) -> int:
        seen["kb"] = gc.isenabled()
        return 0

    monkeypatch.setattr(cli, "_engine", engine)
    monkeypatch.setattr(cli, "cmd_kb", kb_command)
    try:
        assert cli.main(["ask", "J9271"]) == 0
        assert "Keytruda" in capsys.readouterr().out
        assert cli.main(["kb", "stats"]) == 0
    finally:
        gc.unfreeze()  # what start-up froze is the test process's, not a bot's
    assert seen == {"building": False, "answering": True, "kb": True} and gc.isenabled()
